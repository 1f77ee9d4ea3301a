/**
 * The wall's screenshots (docs/screenshot-wall.png at 1920×1080, docs/screenshot-wall-4k.png at 3840×2160): Zhumadian
 * 2021 on 2021-10-15 (the 9-30 milestone judged), in kiosk mode at a lagging unit's callout when KIOSK=1. Runs its own
 * server over a fresh embedded database; needs a build (npx vite build) and Chromium.
 *
 *   npx tsx scripts/dev/screenshot-wall.ts [outDir=docs] [query=campaign=1&date=2021-10-15]
 */
import { chromium } from 'playwright-core';
import { migrate } from '../../server/db/migrate.ts';
import { PgliteDb } from '../../server/db/pglite.ts';
import { loadDemo } from '../../server/demo/load.ts';
import { scriptEnv } from '../../server/env.ts';
import { start } from '../../server/start.ts';
import { HEADLESS_WEBGL_ARGS } from '../../server/browser/shared-browser.ts';

const outDir = process.argv[2] ?? 'docs';
const query = process.argv[3] ?? 'campaign=1&date=2021-10-15';
const suffix = process.env.SUFFIX ?? '';

const db = await PgliteDb.open();
await migrate(db);
await loadDemo(db);
const running = await start(scriptEnv(), { db, webRoot: process.env.PANHUO_WEB_ROOT ?? 'dist/web' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...HEADLESS_WEBGL_ARGS, '--font-render-hinting=none', '--lang=zh-CN'] });
try {
  for (const [name, viewport] of [
    ['screenshot-wall', { width: 1920, height: 1080 }],
    ['screenshot-wall-4k', { width: 3840, height: 2160 }],
  ] as const) {
    const page = await browser.newPage({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(`${running.url}/wall?${query}`);
    await page.waitForSelector('body[data-wall-ready="true"]', { timeout: 90_000 });
    if (process.env.KIOSK) await page.getByTestId('wall-callout').waitFor({ timeout: 60_000 });
    // SwiftShader draws a 4K frame slowly: give the map time to show what the page last gave it.
    await page.waitForTimeout(4000);
    const path = `${outDir}/${name}${suffix}.png`;
    await page.screenshot({ path });
    console.log(path);
    await page.close();
  }
} finally {
  await browser.close();
  await running.close();
  await db.close();
}
