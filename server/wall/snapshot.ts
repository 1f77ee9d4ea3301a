import type { IncomingMessage } from 'node:http';
import { VersionedCache } from '../campaigns/cache.ts';
import { ApiError } from '../http/errors.ts';

/** The wall's design size: a 16:9 wall at 1080p; the PNG is rendered at twice that for a crisp briefing slide. */
const VIEWPORT = { width: 1920, height: 1080 };
/** A page that is not ready by then will not be: the browser tests allow the same on a loaded two-core machine. */
const TIMEOUT_MS = 45_000;

/**
 * Headless Chromium that draws WebGL on a machine with no GPU (SwiftShader, asked for by name). No --disable-gpu:
 * with it, headless Chromium leaves the WebGL map blank under the page's overlays.
 */
export const HEADLESS_WEBGL_ARGS = ['--no-sandbox', '--headless', '--disable-background-networking', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--no-first-run'];

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

/** How many renders may be running or waiting at once; one more is answered 503 (busy) at once. */
export const SNAPSHOT_QUEUE_LIMIT = 3;
/** The shared browser closes after this long without a render: ~300 MB not held by an idle server. */
const IDLE_CLOSE_MS = 60_000;
/** PNGs kept (3840×2160, a few MB each), by data version and parameters. */
const CACHED_PNGS = 6;

/** Launches and renders since the process started, for tests and the curious: one browser serves every render. */
export const snapshotCounters = { launches: 0, renders: 0 };

type Browser = import('playwright-core').Browser;

/**
 * Draws the wall as a PNG exactly as it shows (map, deck.gl layers, tables): headless Chromium opens the wall page
 * as the person who asked (their session cookie), in snapshot mode (no kiosk rotation, marked ready once the figures
 * and the map are in). One browser for the whole server, launched at the first request and closed when idle; one
 * render at a time behind a short queue (a browser page costs hundreds of MB: three at once took 2.9 GB); each
 * picture cached by data version and parameters, and identical requests in flight share one render.
 */
export class WallSnapshots {
  private browser: Promise<Browser> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private readonly inFlight = new Map<string, Promise<Buffer>>();
  private readonly cache = new VersionedCache<Buffer>(CACHED_PNGS);

  constructor(private readonly chromiumPath: string | null) {}

  /** The PNG for `query` at data `version`: from the cache, a render in flight, or a new render in the queue. */
  snapshot(options: { origin: string; query: string; cookie: string | undefined; version: number }): Promise<Buffer> {
    if (!this.chromiumPath) throw new ApiError(503, 'snapshot_unavailable', '服务器未安装 Chromium，无法生成挂图快照（可设置 PANHUO_CHROMIUM）');
    return this.cache.get(options.query, options.version, () => {
      const key = `${options.version}?${options.query}`;
      const running = this.inFlight.get(key);
      if (running) return running;
      const render = this.enqueue(() => this.render(options)).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, render);
      return render;
    });
  }

  /** Closes the shared browser (at idle, or when the server stops). */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close().catch(() => {});
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    if (this.queued >= SNAPSHOT_QUEUE_LIMIT) {
      return Promise.reject(new ApiError(503, 'snapshot_busy', `挂图快照生成繁忙（已有 ${this.queued} 张在生成或排队），请稍后重试`));
    }
    this.queued++;
    const result = this.tail.then(job).finally(() => this.queued--);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async launched(): Promise<Browser> {
    if (this.browser) {
      const open = await this.browser.catch(() => null);
      if (open?.isConnected()) return open;
    }
    // Loaded on demand: a server that never takes a snapshot never pays for the module.
    const { chromium } = await import('playwright-core');
    snapshotCounters.launches++;
    const launching = chromium.launch({ executablePath: this.chromiumPath!, args: HEADLESS_WEBGL_ARGS });
    this.browser = launching;
    const browser = await launching.catch((error: unknown) => {
      this.browser = null;
      throw error;
    });
    browser.on('disconnected', () => {
      if (this.browser === launching) this.browser = null;
    });
    return browser;
  }

  private async render(options: { origin: string; query: string; cookie: string | undefined }): Promise<Buffer> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    try {
      const browser = await this.launched();
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
    } catch (error) {
      if (error instanceof ApiError) throw error;
      console.error(error);
      throw new ApiError(503, 'snapshot_failed', '挂图快照生成失败，请稍后重试');
    } finally {
      this.idleTimer = setTimeout(() => void this.close(), IDLE_CLOSE_MS);
      this.idleTimer.unref();
    }
  }
}
