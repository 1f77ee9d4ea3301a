import type { IncomingMessage } from 'node:http';
import { VersionedCache } from '../campaigns/cache.ts';
import { ApiError } from '../http/errors.ts';
import { BROWSER_QUEUE_LIMIT, browserCounters, type Browser, type SharedBrowser } from '../browser/shared-browser.ts';

/** The wall's design size: a 16:9 wall at 1080p; the PNG is rendered at twice that for a crisp briefing slide. */
const VIEWPORT = { width: 1920, height: 1080 };
/** A page that is not ready by then will not be: the browser tests allow the same on a loaded two-core machine. */
const TIMEOUT_MS = 45_000;

// Kept here too: scripts and tests take the arguments from the wall's module.

/**
 * Where this server can reach itself: the address and port of the socket the request came in on. Never the Host
 * header, which a client chooses: a headless browser sent there would fetch whatever the client names.
 */
export function selfOrigin(incoming: IncomingMessage | undefined): string {
  const socket = incoming?.socket;
  if (!socket?.localAddress || !socket.localPort) throw new ApiError(503, 'snapshot_unavailable', '无法确定服务器地址，快照不可用');
  const address = socket.localAddress.replace(/^::ffff:/, '');
  const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${socket.localPort}`;
}

/** How many renders may be running or waiting at once in the shared browser's queue (see SharedBrowser). */
export const SNAPSHOT_QUEUE_LIMIT = BROWSER_QUEUE_LIMIT;
/** PNGs kept (3840×2160, a few MB each), by data version and parameters. */
const CACHED_PNGS = 6;

/** Launches of the shared browser and wall renders since the process started: one browser serves every render. */
export const snapshotCounters = {
  get launches() {
    return browserCounters.launches;
  },
  renders: 0,
};

/**
 * Draws the wall as a PNG exactly as it shows (map, deck.gl layers, tables): headless Chromium opens the wall page
 * as the person who asked (their session cookie), in snapshot mode (no kiosk rotation, marked ready once the figures
 * and the map are in). Rendered in the server's shared browser (one job at a time); each picture cached by data
 * version and parameters, and identical requests in flight share one render.
 */
export class WallSnapshots {
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  private readonly cache = new VersionedCache<Buffer>(CACHED_PNGS);

  constructor(private readonly browser: SharedBrowser) {}

  /** The PNG for `query` at data `version`: from the cache, a render in flight, or a new render in the queue. */
  snapshot(options: { origin: string; query: string; cookie: string | undefined; version: number }): Promise<Buffer> {
    if (!this.browser.available) throw new ApiError(503, 'snapshot_unavailable', '服务器未安装 Chromium，无法生成挂图快照（可设置 PANHUO_CHROMIUM）');
    return this.cache.get(options.query, options.version, () => {
      const key = `${options.version}?${options.query}`;
      const running = this.inFlight.get(key);
      if (running) return running;
      const render = this.browser.run('挂图快照', (browser) => this.render(browser, options), { failedCode: 'snapshot_failed' }).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, render);
      return render;
    });
  }

  private async render(browser: Browser, options: { origin: string; query: string; cookie: string | undefined }): Promise<Buffer> {
    const context = await browser.newContext({
      viewport: VIEWPORT,
      deviceScaleFactor: 2,
      ...(options.cookie ? { extraHTTPHeaders: { cookie: options.cookie } } : {}),
    });
    try {
      const page = await context.newPage();
      await page.goto(`${options.origin}/wall?${options.query}`, { timeout: TIMEOUT_MS });
      await page.waitForSelector('body[data-wall-ready="true"]', { timeout: TIMEOUT_MS });
      snapshotCounters.renders++;
      return await page.screenshot({ type: 'png' });
    } finally {
      await context.close().catch(() => {});
    }
  }
}
