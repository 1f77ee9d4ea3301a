import type { IncomingMessage } from 'node:http';
import { ApiError } from '../http/errors.ts';

/** The wall's design size: a 16:9 wall at 1080p; the PNG is rendered at twice that for a crisp briefing slide. */
const VIEWPORT = { width: 1920, height: 1080 };
const TIMEOUT_MS = 30_000;

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

/**
 * A PNG of the wall exactly as it shows (map, deck.gl layers, tables), drawn by headless Chromium opening the wall
 * page as the person who asked (their session cookie), in snapshot mode: no kiosk rotation, marked ready once the
 * figures and the map are in.
 */
export async function wallSnapshot(options: { chromium: string | null; origin: string; query: string; cookie: string | undefined }): Promise<Buffer> {
  if (!options.chromium) throw new ApiError(503, 'snapshot_unavailable', '服务器未安装 Chromium，无法生成挂图快照（可设置 PANHUO_CHROMIUM）');
  // Loaded on demand: a server that never takes a snapshot never pays for the module.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: options.chromium, args: HEADLESS_WEBGL_ARGS });
  try {
    const context = await browser.newContext({
      viewport: VIEWPORT,
      deviceScaleFactor: 2,
      ...(options.cookie ? { extraHTTPHeaders: { cookie: options.cookie } } : {}),
    });
    const page = await context.newPage();
    await page.goto(`${options.origin}/wall?${options.query}`, { timeout: TIMEOUT_MS });
    await page.waitForSelector('body[data-wall-ready="true"]', { timeout: TIMEOUT_MS });
    return await page.screenshot({ type: 'png' });
  } catch (error) {
    if (error instanceof ApiError) throw error;
    console.error(error);
    throw new ApiError(503, 'snapshot_failed', '挂图快照生成失败，请稍后重试');
  } finally {
    await browser.close();
  }
}
