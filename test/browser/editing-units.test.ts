import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Polygon } from 'geojson';
import { areasMu } from '../../core/area/index.ts';
import { checkLedgerArea, DEFAULT_TOLERANCE } from '../../core/ledger-check.ts';
import { docsScreenshot, signInThroughTopBar, withBrowser } from '../support/browser.ts';

const env = withBrowser();
let page: Page;

/** A looser tolerance than the default, so a ledger figure 3% off passes this campaign's check and fails the default. */
const CAMPAIGN_TOLERANCE = { relative: 0.05, absoluteMu: 0.1 };

beforeAll(async () => {
  await env.server.db.query('UPDATE campaigns SET tolerance_relative = $1, tolerance_absolute_mu = $2 WHERE id = 1', [CAMPAIGN_TOLERANCE.relative, CAMPAIGN_TOLERANCE.absoluteMu]);
  page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
});

/** The middle of the border 驿城区 shares with a neighbouring unit of the campaign, and the neighbour's name. */
async function borderOfYicheng(): Promise<{ lon: number; lat: number; neighbour: string }> {
  const [row] = await env.server.db.query<{ lon: number; lat: number; neighbour: string }>(
    `WITH units1 AS (SELECT u.* FROM units u JOIN campaign_units cu ON cu.unit_id = u.id WHERE cu.campaign_id = 1 AND u.boundary IS NOT NULL),
          shared AS (SELECT b.name, ST_LineMerge(ST_CollectionExtract(ST_Intersection(ST_Boundary(a.boundary), ST_Boundary(b.boundary)), 2)) AS line
                     FROM units1 a, units1 b WHERE a.name = '驿城区' AND b.id <> a.id AND ST_Intersects(a.boundary, b.boundary)),
          longest AS (SELECT name, ST_GeometryN(line, 1) AS line FROM shared WHERE NOT ST_IsEmpty(line) ORDER BY ST_Length(ST_GeometryN(line, 1)::geography) DESC LIMIT 1),
          p AS (SELECT name, ST_LineInterpolatePoint(line, 0.5) AS pt FROM longest)
     SELECT ST_X(pt) AS lon, ST_Y(pt) AS lat, name AS neighbour FROM p`,
  );
  if (!row) throw new Error('驿城区 shares no border with another unit');
  return { lon: Number(row.lon), lat: Number(row.lat), neighbour: row.neighbour };
}

const canvasBox = async () => (await page.locator('canvas.maplibregl-canvas').boundingBox())!;

/** Clicks a square of `half` pixels around a point and closes it; answers the clicked polygon in lon/lat. */
async function drawSquare(lon: number, lat: number, half: number): Promise<Polygon> {
  const box = await canvasBox();
  const c = await page.evaluate(([x, y]) => (window as any).__panhuo.map.project([x, y]), [lon, lat]);
  const pixels = [[-half, -half], [half, -half], [half, half], [-half, half]].map(([dx, dy]) => [Math.round(c.x + dx!), Math.round(c.y + dy!)] as [number, number]);
  for (const [x, y] of [...pixels, pixels[0]!]) {
    await page.mouse.move(box.x + x, box.y + y, { steps: 3 });
    await page.mouse.click(box.x + x, box.y + y);
    await page.waitForTimeout(150);
  }
  await expect.poll(() => page.getByTestId('live-check').textContent(), { timeout: 10_000 }).not.toContain('绘制中');
  return { type: 'Polygon', coordinates: [await page.evaluate((px) => px.map((p) => (window as any).__panhuo.map.unproject(p).toArray()), [...pixels, pixels[0]!])] };
}

describe('an editor drawing at the edge of their units', () => {
  it('sees the other units masked; a boundary reaching into a neighbour is flagged live with its name and mu, and save is disabled', async () => {
    const { lon, lat, neighbour } = await borderOfYicheng();
    await page.goto(`${env.server.url}/?campaign=1&lon=${lon}&lat=${lat}&z=15`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    await signInThroughTopBar(page, 'yicheng', 'panhuo-editor-demo', '编辑');
    await page.getByRole('button', { name: '新建地块' }).click();
    await page.getByTestId('drawing-panel').waitFor();
    await expect.poll(() => page.evaluate(() => Boolean((window as any).__panhuo.map.getLayer('edit-mask-fill'))), { timeout: 10_000 }).toBe(true);

    const drawn = await drawSquare(lon, lat, 90);
    const warning = page.getByTestId('outside-units');
    await expect.poll(() => warning.textContent().catch(() => ''), { timeout: 15_000 }).toContain(neighbour);
    const text = (await warning.textContent())!;
    const outsideMu = Number(/（驿城区）([\d,.]+) 亩/.exec(text)![1]!.replace(/,/g, ''));
    const total = areasMu(drawn).ellipsoidal;
    // The square straddles the border: some, not all, of it is outside.
    expect(outsideMu).toBeGreaterThan(0.05 * total);
    expect(outsideMu).toBeLessThan(0.95 * total);
    expect(text).toContain('不能保存');
    await page.getByLabel('地块编号').fill('YC-EDGE-0001');
    await page.getByLabel('项目名称').fill('越界测试');
    await page.getByLabel('台账面积（亩）').fill(total.toFixed(2));
    expect(await page.getByRole('button', { name: '保存地块' }).isDisabled()).toBe(true);
    await page.screenshot({ path: docsScreenshot('screenshot-editor-units.png') });
    await page.getByRole('button', { name: '取消', exact: true }).click();
    await expect.poll(() => page.evaluate(() => Boolean((window as any).__panhuo.map.getLayer('edit-mask-fill')))).toBe(false);
  });

  it("the live ledger check uses the campaign's tolerance, and gives the verdict the saved parcel gets", async () => {
    const { lon, lat } = await borderOfYicheng();
    // Well inside 驿城区: move from the border toward the unit's interior point.
    const [inner] = await env.server.db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_LineInterpolatePoint(ST_MakeLine(ST_SetSRID(ST_MakePoint($1, $2), 4326), ST_PointOnSurface(boundary)), 0.35) AS p FROM units WHERE name = '驿城区') x`,
      [lon, lat],
    );
    await page.goto(`${env.server.url}/?campaign=1&lon=${inner!.lon}&lat=${inner!.lat}&z=16`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    await page.getByRole('button', { name: '新建地块' }).click();
    const drawn = await drawSquare(Number(inner!.lon), Number(inner!.lat), 60);
    const ellipsoidal = areasMu(drawn).ellipsoidal;
    const ledgerMu = Number((ellipsoidal * 1.03).toFixed(2));
    // The oracle: 3% off fails the default tolerance and passes the campaign's.
    expect(checkLedgerArea(ledgerMu, ellipsoidal, DEFAULT_TOLERANCE).ok).toBe(false);
    expect(checkLedgerArea(ledgerMu, ellipsoidal, CAMPAIGN_TOLERANCE).ok).toBe(true);
    await page.getByLabel('地块编号').fill('YC-TOL-0001');
    await page.getByLabel('项目名称').fill('容差测试');
    await page.getByLabel('台账面积（亩）').fill(String(ledgerMu));
    await expect.poll(() => page.getByTestId('live-check').textContent(), { timeout: 10_000 }).toContain('与台账面积相符');
    expect(await page.getByTestId('live-check').textContent()).toContain('本行动：5%');
    await expect.poll(() => page.getByRole('button', { name: '保存地块' }).isEnabled(), { timeout: 15_000 }).toBe(true);
    await page.getByRole('button', { name: '保存地块' }).click();
    const panel = page.getByTestId('parcel-panel');
    await expect.poll(() => panel.textContent().catch(() => ''), { timeout: 15_000 }).toContain('YC-TOL-0001');
    expect(await panel.getByRole('status').filter({ hasText: '面积' }).first().textContent()).toContain('面积相符');
    const saved = (await env.server.get('/api/parcels?campaign=1&q=YC-TOL-0001')).body.features[0];
    expect(saved.properties.areaCheck.ok).toBe(true);
    expect(saved.properties.areaCheck.tolerance).toEqual(CAMPAIGN_TOLERANCE);
  });
});
