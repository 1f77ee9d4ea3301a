/**
 * The wall's first paint in headless Chromium at 1920×1080: first contentful paint, and the moment its figures and
 * map are drawn (body[data-wall-ready]); against the desk map's ready time on the same server (the baseline).
 * Each a median of several cold page loads (a new browser context each: no cache); and the bytes the desk transferred
 * before it was ready.
 */
import { chromium, type Browser } from 'playwright-core';
import { HEADLESS_WEBGL_ARGS } from '../../server/browser/shared-browser.ts';
import { readyMoment, watchReadyMoment } from './ready-moment.ts';

// Seven, not five: on two cores one slow load moves a median of five by ~100 ms.
const LOADS = 7;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function load(browser: Browser, url: string, readySelector: string): Promise<{ fcp: number; ready: number; bytes: number }> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  // The page's own moment of ready: the parts the desk loads in idle time just after it are not counted.
  await watchReadyMoment(page, /\[(data-[\w-]+)=/.exec(readySelector)![1]!);
  // What went over the wire (compressed bodies and headers) for every request finished before the page was ready.
  const finished: Array<{ end: number; size: Promise<number> }> = [];
  page.on('requestfinished', (request) => {
    const timing = request.timing();
    finished.push({ end: timing.startTime + timing.responseEnd, size: request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize, () => 0) });
  });
  const start = performance.now();
  await page.goto(url);
  await page.waitForSelector(readySelector, { timeout: 120_000 });
  const ready = performance.now() - start;
  const readyAt = await readyMoment(page);
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  const bytes = (await Promise.all(finished.filter((f) => f.end <= readyAt).map((f) => f.size))).reduce((a, b) => a + b, 0);
  await context.close();
  return { fcp, ready, bytes };
}

export interface WallPaint {
  wallFcp: number;
  wallReady: number;
  deskReady: number;
  /** Bytes transferred before the desk was ready (median of the loads). */
  deskBytes: number;
  /**
   * The desk's ready time just after an edit of one parcel in its opening view (median of three): the edited tile of
   * the opening zoom and the answers kept per data version are made again, as for the first visitor after any edit.
   */
  deskAfterEdit: number;
}

export async function wallPaint(baseUrl: string, editOne: () => Promise<void>, chromiumPath = '/usr/bin/chromium'): Promise<WallPaint> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: HEADLESS_WEBGL_ARGS });
  try {
    const wall: Array<{ fcp: number; ready: number }> = [];
    const desk: Array<{ ready: number; bytes: number }> = [];
    // Alternating, so a slow moment of the machine falls on both alike.
    for (let i = 0; i < LOADS; i++) {
      wall.push(await load(browser, `${baseUrl}/wall?campaign=1`, 'body[data-wall-ready="true"]'));
      desk.push(await load(browser, `${baseUrl}/?campaign=1`, 'body[data-map-ready="true"]'));
    }
    const afterEdit: number[] = [];
    for (let i = 0; i < 3; i++) {
      await editOne();
      afterEdit.push((await load(browser, `${baseUrl}/?campaign=1`, 'body[data-map-ready="true"]')).ready);
    }
    return {
      wallFcp: median(wall.map((w) => w.fcp)), wallReady: median(wall.map((w) => w.ready)),
      deskReady: median(desk.map((d) => d.ready)), deskBytes: median(desk.map((d) => d.bytes)),
      deskAfterEdit: median(afterEdit),
    };
  } finally {
    await browser.close();
  }
}
