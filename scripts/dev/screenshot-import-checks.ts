/**
 * The screenshot of the import report's ledger checks (docs/screenshot-import-checks.png): a GeoJSON file made from the
 * demo parcels' own boundaries — a copy shifted onto its original, an exact copy under another code (offered as an
 * update), a copy moved to Hainan, a square across the campaign's border, two new parcels overlapping each other and
 * one clean parcel — previewed as the demo admin, one overlap confirmed, the map on the shifted copy's overlap.
 * Runs its own server over a fresh embedded database; needs a build (npx vite build) and Chromium.
 *
 *   npx tsx scripts/dev/screenshot-import-checks.ts [out=docs/screenshot-import-checks.png]
 */
import { chromium } from 'playwright-core';
import type { MultiPolygon } from 'geojson';
import { migrate } from '../../server/db/migrate.ts';
import { PgliteDb } from '../../server/db/pglite.ts';
import { DEMO_ACCOUNTS } from '../../server/demo/accounts.ts';
import { loadDemo } from '../../server/demo/load.ts';
import { start } from '../../server/start.ts';
import { HEADLESS_WEBGL_ARGS } from '../../server/browser/shared-browser.ts';
import { scriptEnv } from '../../server/env.ts';

const out = process.argv[2] ?? 'docs/screenshot-import-checks.png';

const shift = (g: MultiPolygon, dLon: number, dLat: number): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(([lon, lat]) => [lon! + dLon, lat! + dLat]))),
});
const square = (lon: number, lat: number, half: number): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: [[[[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half], [lon - half, lat - half]]]],
});

const db = await PgliteDb.open();
await migrate(db);
await loadDemo(db);
const parcels = (
  await db.query<{ code: string; json: string; name: string }>(
    `SELECT p.code, p.project_name AS name, ST_AsGeoJSON(p.geom, 9) AS json FROM parcels p
     WHERE p.campaign_id = 1 AND p.geom IS NOT NULL AND EXISTS (SELECT 1 FROM units u WHERE ST_Covers(u.boundary, p.geom))
     ORDER BY p.area_mu DESC LIMIT 3`,
  )
).map((r) => ({ ...r, geometry: JSON.parse(r.json) as MultiPolygon }));
const [a, b, c] = parcels as [(typeof parcels)[number], (typeof parcels)[number], (typeof parcels)[number]];
const [edge] = await db.query<{ json: string }>(
  `SELECT ST_AsGeoJSON(ST_PointN(ST_ExteriorRing(ST_GeometryN(g, 1)), 10)) AS json
   FROM (SELECT ST_Union(u.boundary) AS g FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = 1) x`,
);
const [edgeLon, edgeLat] = JSON.parse(edge!.json).coordinates as [number, number];
const [lon0, lat0] = a.geometry.coordinates[0]![0]![0]!;
const lons = a.geometry.coordinates.flat(2).map((p) => p[0]!);
const feature = (code: string, name: string, geometry: MultiPolygon) => ({ type: 'Feature', properties: { 地块编号: code, 项目名称: name }, geometry });
const file = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    feature('2021-XC-001', `${a.name}（复测）`, shift(a.geometry, (Math.max(...lons) - Math.min(...lons)) * 0.35, 0)),
    feature('2021-XC-002', b.name, b.geometry),
    feature('2021-XC-003', '椰林产业园地块', shift(c.geometry, 110.35 - c.geometry.coordinates[0]![0]![0]![0]!, 20.02 - c.geometry.coordinates[0]![0]![0]![1]!)),
    feature('2021-XC-004', '跨界物流园地块', square(edgeLon, edgeLat, 0.002)),
    feature('2021-XC-005', '新建标准厂房一期', square(lon0! + 0.05, lat0! + 0.05, 0.0012)),
    feature('2021-XC-006', '新建标准厂房二期', square(lon0! + 0.0515, lat0! + 0.0505, 0.0012)),
    feature('2021-XC-007', '城南安置区地块', square(lon0! + 0.08, lat0! - 0.03, 0.0015)),
  ],
});

const running = await start(scriptEnv(), { db, webRoot: 'dist/web' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...HEADLESS_WEBGL_ARGS, '--font-render-hinting=none', '--lang=zh-CN'] });
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${running.url}/?campaign=1`);
  await page.waitForFunction(() => document.body.dataset.mapReady === 'true', null, { timeout: 90_000 });
  const admin = DEMO_ACCOUNTS.find((x) => x.username === 'admin')!;
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByLabel('用户名').fill(admin.username);
  await page.getByLabel('密码').fill(admin.password);
  await page.locator('dialog').getByRole('button', { name: '登录' }).click();
  await page.getByTestId('user-menu').waitFor();
  await page.getByRole('button', { name: '导入', exact: true }).click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.locator('input[type=file]').setInputFiles({ name: '新城区复测成果.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(file) });
  await dialog.getByRole('button', { name: '上传并预览' }).click();
  await page.getByTestId('import-item').first().waitFor({ timeout: 60_000 });
  // The person has looked at the border parcel's overlap with the other new building and accepts it.
  await dialog.getByText('确认重叠仍导入').nth(1).click();
  await dialog.getByRole('button', { name: '2021-XC-001' }).click();
  await page.waitForTimeout(1500);
  await page.evaluate(async () => {
    const map = (window as unknown as { __panhuo: { map: { isMoving(): boolean; areTilesLoaded(): boolean; once(e: string, f: () => void): void } } }).__panhuo.map;
    if (map.isMoving() || !map.areTilesLoaded()) await new Promise<void>((resolve) => map.once('idle', resolve));
  });
  await page.mouse.move(5, 500);
  await page.screenshot({ path: out });
  console.log(out);
} finally {
  await browser.close();
  await running.close();
  await db.close();
}
