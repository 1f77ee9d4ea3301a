import { chromium } from 'playwright-core';
import { HEADLESS_WEBGL_ARGS } from '../server/wall/snapshot.ts';
import { PgliteDb } from '../server/db/pglite.ts';
import { PostgresDb } from '../server/db/postgres.ts';
import { migrate } from '../server/db/migrate.ts';
import { loadDemo } from '../server/demo/load.ts';
import { start } from '../server/start.ts';
import { scriptEnv } from '../server/env.ts';

const db = process.env.SHOT_DB ? await PostgresDb.open(process.env.SHOT_DB) : await PgliteDb.open();
await migrate(db);
await loadDemo(db);
const running = await start(scriptEnv(), { db, webRoot: 'dist/web' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...HEADLESS_WEBGL_ARGS, '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
for (const [name, hash] of (process.env.SHOTS ?? 'low:7:114.05:33.0,mid:9.5:114.03:32.99,high:13:114.03:32.99').split(',').map((s) => s.split(':')).map(([n, z, lon, lat]) => [n!, `lon=${lon}&lat=${lat}&z=${z}`])) {
  await page.goto(`${running.url}/?campaign=1&${hash}`);
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 60_000 });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `.tmp/shot-${name}.png` });
  console.log(name, await page.evaluate(() => (window as any).__panhuo.map.getZoom()));
}
await browser.close();
await running.close();
await db.close();
