/**
 * Screenshots of the web app for looking at it: the default view, a parcel chosen by clicking on the map, the
 * Anze campaign (no boundaries) and a phone-sized view. Needs a running server with the demo data and Chromium.
 *
 *   npx tsx scripts/dev/screenshot.ts [baseUrl=http://localhost:8790] [outDir=/tmp/panhuo-screenshots]
 *
 * WebGL without a GPU: Chromium's SwiftShader software renderer, asked for explicitly (--use-angle=swiftshader,
 * --enable-unsafe-swiftshader), since newer Chromium no longer falls back to it silently. Not --disable-gpu: with
 * it (software compositing), headless Chromium 156 stops showing the map canvas's new frames once a large element
 * covers part of it (a phone's bottom sheet), and the phone screenshots come out blank. queryRenderedFeatures is
 * unaffected, so tests that ask the map rather than read pixels may keep --disable-gpu.
 */
import { mkdir } from 'node:fs/promises';
import { chromium, type Page } from 'playwright-core';
import { HEADLESS_WEBGL_ARGS } from '../../server/browser/shared-browser.ts';

const baseUrl = process.argv[2] ?? 'http://localhost:8790';
const outDir = process.argv[3] ?? '/tmp/panhuo-screenshots';
/** A demo parcel of Zhumadian (开发区); any parcel with a boundary will do. */
const PARCEL_ID = 58;

const CHROMIUM_ARGS = [
  ...HEADLESS_WEBGL_ARGS,
  '--font-render-hinting=none',
  // Date inputs follow the browser's language, not the page's: show them as a Chinese user sees them.
  '--lang=zh-CN',
];

async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout: 60_000 });
}

/** Waits until the map has finished any flight and drawn its tiles. */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(200);
  await page.evaluate(async () => {
    const map = window.__panhuo!.map;
    if (map.isMoving() || !map.areTilesLoaded()) await new Promise((resolve) => map.once('idle', resolve));
  });
}

async function shoot(page: Page, name: string): Promise<void> {
  const path = `${outDir}/${name}.png`;
  await page.screenshot({ path });
  console.log(path);
}

/** Centres the map on a parcel, then clicks it where it is drawn, as a user would. */
async function clickParcel(page: Page, id: number): Promise<void> {
  await page.evaluate(async (parcelId) => {
    const map = window.__panhuo!.map;
    const response = await fetch(`/api/parcels/${parcelId}`);
    const feature = (await response.json()) as { geometry: { coordinates: number[][][][] } };
    const ring = feature.geometry.coordinates[0]![0]!;
    const lons = ring.map((p) => p[0]!);
    const lats = ring.map((p) => p[1]!);
    map.jumpTo({ center: [(Math.min(...lons) + Math.max(...lons)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2], zoom: 14 });
    await new Promise((resolve) => map.once('idle', resolve));
  }, id);
  // The pixel of a rendered point of this parcel, found by asking the map what it drew.
  const point = await page.evaluate((parcelId) => {
    const map = window.__panhuo!.map;
    const canvas = map.getCanvas().getBoundingClientRect();
    for (let y = canvas.height / 2 - 60; y <= canvas.height / 2 + 60; y += 6) {
      for (let x = canvas.width / 2 - 60; x <= canvas.width / 2 + 60; x += 6) {
        const hit = map.queryRenderedFeatures([x, y], { layers: ['parcels-fill'] });
        if (hit[0]?.id === parcelId) return { x: canvas.left + x, y: canvas.top + y };
      }
    }
    return null;
  }, id);
  if (!point) throw new Error(`地块 ${id} 不在地图中心附近`);
  await page.mouse.move(point.x, point.y);
  await page.mouse.click(point.x, point.y);
  await page.getByTestId('ledger-mu').waitFor();
  await page.waitForFunction(() => document.body.dataset.mapReady === 'true');
}

await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const desk = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  desk.on('pageerror', (error) => console.error('page error:', error.message));
  desk.on('console', (message) => message.type() === 'error' && console.error('console:', message.text()));

  await open(desk, '/');
  await shoot(desk, 'desk-default');

  await clickParcel(desk, PARCEL_ID);
  await desk.mouse.move(5, 300); // away from the map, so the hover tooltip does not cover the selection
  await desk.waitForTimeout(300);
  await shoot(desk, 'desk-parcel-clicked');

  await open(desk, '/?campaign=2');
  await shoot(desk, 'desk-anze');

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  phone.on('pageerror', (error) => console.error('page error (phone):', error.message));
  await open(phone, '/');
  await shoot(phone, 'phone-default');
  await phone.getByRole('navigation', { name: '面板' }).getByRole('button', { name: '任务进度' }).tap();
  await phone.waitForTimeout(400);
  await shoot(phone, 'phone-progress');
  await open(phone, `/?campaign=1&parcel=${PARCEL_ID}`);
  await phone.getByTestId('ledger-mu').waitFor();
  await settle(phone);
  await shoot(phone, 'phone-parcel');
} finally {
  await browser.close();
}
