import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Polygon } from 'geojson';
import { areasMu } from '../../core/area/index.ts';
import { withBrowser } from '../support/browser.ts';
import { DEMO_PASSWORDS, signIn } from '../support/session.ts';

const env = withBrowser();
let page: Page;
/** The parcel the first test creates; the later ones edit it. */
let created: { id: number; code: string; projectName: string };

beforeAll(async () => {
  page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
});

/** A spot inside 驿城区 with no parcel within 300 m, near (113.80, 32.95): room to draw a new parcel. */
async function emptySpotInYicheng(): Promise<[number, number]> {
  const [spot] = await env.server.db.query<{ lon: number; lat: number }>(
    `WITH unit AS (SELECT u.boundary FROM units u JOIN campaign_units cu ON cu.unit_id = u.id WHERE cu.campaign_id = 1 AND u.name = '驿城区'),
          grid AS (SELECT 113.80 + dx * 0.004 AS lon, 32.95 + dy * 0.004 AS lat FROM generate_series(-10, 10) dx, generate_series(-10, 10) dy)
     SELECT g.lon, g.lat FROM grid g, unit
     WHERE ST_Contains(unit.boundary, ST_Expand(ST_SetSRID(ST_MakePoint(g.lon, g.lat), 4326), 0.004))
       AND NOT EXISTS (SELECT 1 FROM parcels p WHERE p.geom && ST_Expand(ST_SetSRID(ST_MakePoint(g.lon, g.lat), 4326), 0.003))
     ORDER BY (g.lon - 113.80) ^ 2 + (g.lat - 32.95) ^ 2 LIMIT 1`,
  );
  if (!spot) throw new Error('no empty spot in 驿城区 near 113.80, 32.95');
  const [lon, lat] = [Number(spot.lon), Number(spot.lat)];
  // The API agrees: no parcel there.
  const around = (await env.server.get(`/api/parcels?campaign=1&bbox=${lon - 0.003},${lat - 0.003},${lon + 0.003},${lat + 0.003}`)).body;
  expect(around.features).toHaveLength(0);
  return [lon, lat];
}

const canvasBox = async () => (await page.locator('canvas.maplibregl-canvas').boundingBox())!;

describe('drawing a new parcel', () => {
  it('an editor signs in, draws a parcel in 驿城区, sees its area in 亩, saves it, and it is recorded as created by them', async () => {
    const [lon, lat] = await emptySpotInYicheng();
    await page.goto(`${env.server.url}/?campaign=1&lon=${lon}&lat=${lat}&z=16`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });

    // Sign in through the top bar.
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByLabel('用户名').fill('yicheng');
    await page.getByLabel('密码').fill('panhuo-editor-demo');
    await page.locator('dialog').getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId('user-menu').textContent().catch(() => ''), { timeout: 10_000 }).toContain('编辑');

    await page.getByRole('button', { name: '新建地块' }).click();
    await page.getByTestId('drawing-panel').waitFor();

    // A pentagon of about 250 m across around the spot, clicked on whole pixels.
    const box = await canvasBox();
    const center = await page.evaluate(([x, y]) => (window as any).__panhuo.map.project([x, y]), [lon, lat]);
    const pixels = [0, 1, 2, 3, 4].map((i) => {
      const angle = (i / 5) * 2 * Math.PI - Math.PI / 2;
      return [Math.round(center.x + 80 * Math.cos(angle) + (i === 2 ? 20 : 0)), Math.round(center.y + 70 * Math.sin(angle))] as [number, number];
    });
    for (const [x, y] of pixels) {
      await page.mouse.move(box.x + x, box.y + y, { steps: 3 });
      await page.mouse.click(box.x + x, box.y + y);
      await page.waitForTimeout(150);
    }
    await page.screenshot({ path: '/tmp/panhuo-screenshots/editing-drawing.png' });
    const shownArea = async () => Number((await page.getByTestId('draw-area').textContent())!.replace(/,/g, ''));
    // Undo takes the last vertex back; redo restores it.
    const fiveVertices = await shownArea();
    await page.getByRole('button', { name: '撤销' }).click();
    await expect.poll(shownArea).toBeLessThan(fiveVertices);
    await page.getByRole('button', { name: '重做' }).click();
    await expect.poll(shownArea).toBe(fiveVertices);
    // Close on the first vertex.
    await page.mouse.move(box.x + pixels[0]![0], box.y + pixels[0]![1], { steps: 3 });
    await page.mouse.click(box.x + pixels[0]![0], box.y + pixels[0]![1]);

    const clicked: Polygon = {
      type: 'Polygon',
      coordinates: [await page.evaluate((px) => px.map((p) => (window as any).__panhuo.map.unproject(p).toArray()), [...pixels, pixels[0]!])],
    };
    const expectedMu = areasMu(clicked).ellipsoidal;
    await expect.poll(() => page.getByTestId('live-check').textContent(), { timeout: 10_000 }).not.toContain('绘制中');
    // The panel shows two decimals; it agrees with core/area's ellipsoidal area of the clicked points to one.
    expect(Math.abs((await shownArea()) - expectedMu)).toBeLessThan(0.05);

    const code = 'YC-TEST-0001';
    await page.getByLabel('地块编号').fill(code);
    await page.getByLabel('项目名称').fill('浏览器测试新建地块');
    await page.getByLabel('台账面积（亩）').fill(expectedMu.toFixed(2));
    await expect.poll(() => page.getByTestId('live-check').textContent(), { timeout: 10_000 }).toContain('与台账面积相符');
    await expect.poll(() => page.getByTestId('live-check').textContent(), { timeout: 10_000 }).toContain('无重叠');
    await page.screenshot({ path: '/tmp/panhuo-screenshots/editing.png' });
    await page.getByRole('button', { name: '保存地块' }).click();

    const panel = page.getByTestId('parcel-panel');
    await expect.poll(() => panel.textContent().catch(() => ''), { timeout: 15_000 }).toContain(code);
    const found = (await env.server.get(`/api/parcels?campaign=1&q=${code}`)).body.features;
    expect(found).toHaveLength(1);
    const saved = (await env.server.get(`/api/parcels/${found[0].id}`)).body;
    expect(saved.properties.code).toBe(code);
    expect(saved.properties.unitName).toBe('驿城区');
    expect(saved.history).toHaveLength(1);
    expect(saved.history[0]).toMatchObject({ action: 'create', actor: 'yicheng' });
    await expect.poll(() => page.getByTestId('history').textContent(), { timeout: 10_000 }).toContain('创建');
    expect(await page.getByTestId('history').textContent()).toContain('yicheng');
    await page.screenshot({ path: '/tmp/panhuo-screenshots/editing-saved.png' });
    created = { id: saved.id, code, projectName: saved.properties.projectName };
  });
});

describe('editing a parcel', () => {
  const apiParcel = async () => (await env.server.get(`/api/parcels/${created.id}`)).body;

  it('edits the ledger fields; when someone saved first, shows both versions and overwrites with mine on request', async () => {
    const panel = page.getByTestId('parcel-panel');
    await panel.getByRole('button', { name: '编辑', exact: true }).click();
    await page.getByLabel('项目名称').fill('改名后的项目');
    await page.getByLabel('台账面积（亩）').fill('-3');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    // Checked in the browser with the server's rules, before anything is sent.
    expect(await page.locator('#field-ledgerMu-error').textContent()).toContain('应为大于 0 的亩数');
    await page.getByLabel('台账面积（亩）').fill('30');
    await page.screenshot({ path: '/tmp/panhuo-screenshots/editing-form.png' });

    // Meanwhile an admin saves another change.
    const admin = await signIn(env.server.url, 'admin', DEMO_PASSWORDS.admin!);
    const before = await apiParcel();
    expect((await admin.request('PUT', `/api/parcels/${created.id}`, { ...before.properties, remarks: '管理员先保存', geometry: before.geometry })).status).toBe(200);

    await page.getByRole('button', { name: '保存', exact: true }).click();
    const conflict = page.getByTestId('conflict-view');
    await conflict.waitFor({ timeout: 10_000 });
    const text = (await conflict.textContent())!;
    expect(text).toContain('管理员先保存');
    expect(text).toContain('改名后的项目');
    await page.screenshot({ path: '/tmp/panhuo-screenshots/editing-conflict.png' });
    await conflict.getByRole('button', { name: '用我的修改覆盖' }).click();

    await expect.poll(async () => (await apiParcel()).properties.projectName, { timeout: 10_000 }).toBe('改名后的项目');
    const after = await apiParcel();
    expect(after.properties.version).toBe(3);
    expect(after.properties.ledgerMu).toBe(30);
    // An attribute edit keeps the boundary.
    expect(after.geometry).toEqual(before.geometry);
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain('改名后的项目');
  });

  it('shows a past version dashed on the map while pointed at, and restores it', async () => {
    const history = page.getByTestId('history');
    const createEntry = history.locator('li', { hasText: '创建' });
    await createEntry.hover();
    await expect
      .poll(() => page.evaluate(() => (window as any).__panhuo.map.querySourceFeatures('history-boundary').length), { timeout: 5_000 })
      .toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/panhuo-screenshots/editing-history.png' });
    // The panel's reload after the restore is held back: until it lands, the panel still holds version 3, and the
    // edit buttons wait rather than let an edit start from it (it could only end in a version conflict — the CI
    // failure of session 6, when 编辑边界 was clicked in that moment).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // By path: the panel's reload carries a query (?rev=…&date=…), which a glob on the address would miss.
    const theParcel = (url: URL) => url.pathname === `/api/parcels/${created.id}`;
    await page.route(theParcel, async (route) => {
      if (route.request().method() === 'GET') await held;
      await route.continue();
    });
    await createEntry.getByRole('button', { name: '恢复此版本' }).click();
    await expect.poll(async () => (await apiParcel()).properties.projectName, { timeout: 10_000 }).toBe(created.projectName);
    const editBoundary = page.getByTestId('parcel-panel').getByRole('button', { name: '编辑边界' });
    await expect.poll(() => editBoundary.isDisabled(), { timeout: 5_000 }).toBe(true);
    await page.getByTestId('parcel-panel').locator('.parcel-actions').screenshot({ path: '/tmp/panhuo-screenshots/editing-reloading.png' });
    release();
    // Waits for the held handler to pass its request on: unrouting under it would hand the request on first, and the
    // handler's own continue would then fail as an unhandled error.
    await page.unrouteAll({ behavior: 'wait' });
    await expect.poll(() => editBoundary.isDisabled(), { timeout: 10_000 }).toBe(false);
    const restored = await apiParcel();
    expect(restored.history[0]).toMatchObject({ action: 'restore', actor: 'yicheng', version: 4 });
  });

  it('moves a vertex of the boundary and saves the new boundary', async () => {
    const before = await apiParcel();
    await page.getByTestId('parcel-panel').getByRole('button', { name: '编辑边界' }).click();
    await page.getByTestId('drawing-panel').waitFor();
    const box = await canvasBox();
    const vertex = before.geometry.coordinates[0][0][0];
    const from = await page.evaluate((p) => (window as any).__panhuo.map.project(p), vertex);
    const areaBefore = await page.getByTestId('draw-area').textContent();
    await page.mouse.move(box.x + from.x, box.y + from.y, { steps: 2 });
    await page.mouse.down();
    await page.mouse.move(box.x + from.x, box.y + from.y - 60, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('draw-area').textContent(), { timeout: 5_000 }).not.toBe(areaBefore);
    await page.getByRole('button', { name: '保存边界' }).click();
    await expect.poll(async () => (await apiParcel()).properties.version, { timeout: 10_000 }).toBe(before.properties.version + 1);
    const after = await apiParcel();
    expect(after.properties.areaMu.ellipsoidal).toBeGreaterThan(before.properties.areaMu.ellipsoidal);
    expect(after.properties.projectName).toBe(before.properties.projectName);
  });

  it('an admin deletes the parcel after confirming; it leaves the map and the list', async () => {
    await page.getByTestId('user-menu').getByRole('button', { name: '退出' }).click();
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(DEMO_PASSWORDS.admin!);
    await page.locator('dialog').getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId('user-menu').textContent().catch(() => ''), { timeout: 10_000 }).toContain('管理员');

    const panel = page.getByTestId('parcel-panel');
    await panel.getByRole('button', { name: '删除' }).click();
    await panel.getByRole('button', { name: '确认删除' }).click();
    await panel.waitFor({ state: 'detached', timeout: 10_000 });
    expect((await env.server.get(`/api/parcels?campaign=1&q=${created.code}`)).body.features).toHaveLength(0);
    const rendered = () =>
      page.evaluate((id) => (window as any).__panhuo.map.queryRenderedFeatures().some((f: any) => f.sourceLayer === 'parcels' && f.id === id), created.id);
    await expect.poll(rendered, { timeout: 10_000 }).toBe(false);
  });
});

describe('undeleting', () => {
  it('right after deleting, an admin sees 撤销删除 and brings the parcel back onto the map', async () => {
    const toast = page.getByTestId('undo-delete');
    await toast.waitFor({ timeout: 5_000 });
    expect(await toast.textContent()).toContain(created.code);
    expect((await env.server.get(`/api/parcels/${created.id}`)).status).toBe(404);
    await page.screenshot({ path: '/tmp/panhuo-screenshots/editing-undelete-toast.png' });
    await toast.getByRole('button', { name: '撤销删除' }).click();
    await toast.waitFor({ state: 'detached', timeout: 10_000 });

    const back = (await env.server.get(`/api/parcels/${created.id}`)).body;
    expect(back.properties.code).toBe(created.code);
    expect(back.history[0]).toMatchObject({ action: 'restore', actor: 'admin' });
    expect((await env.server.get(`/api/parcels?campaign=1&q=${created.code}`)).body.features).toHaveLength(1);
    // Reopened in the panel, and drawn on the map again.
    await expect.poll(() => page.getByTestId('parcel-panel').textContent().catch(() => ''), { timeout: 10_000 }).toContain(created.code);
    const rendered = () =>
      page.evaluate((id) => (window as any).__panhuo.map.queryRenderedFeatures().some((f: any) => f.sourceLayer === 'parcels' && f.id === id), created.id);
    await expect.poll(rendered, { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: '/tmp/panhuo-screenshots/editing-undeleted.png' });
    await page.getByRole('button', { name: '关闭地块详情（Esc）' }).click();
  });
});

/** Clicks a closed ring at these canvas pixels: every vertex, then the first again to close it. */
async function clickRing(pixels: [number, number][]) {
  const box = await canvasBox();
  for (const [x, y] of [...pixels, pixels[0]!]) {
    await page.mouse.move(box.x + x, box.y + y, { steps: 3 });
    await page.mouse.click(box.x + x, box.y + y);
    await page.waitForTimeout(150);
  }
}

const lonLatOf = (pixels: [number, number][]) =>
  page.evaluate((px) => px.map((p) => (window as any).__panhuo.map.unproject(p).toArray() as [number, number]), [...pixels, pixels[0]!]);

const squarePixels = (cx: number, cy: number, half: number): [number, number][] => [
  [Math.round(cx - half), Math.round(cy - half)],
  [Math.round(cx + half), Math.round(cy - half)],
  [Math.round(cx + half), Math.round(cy + half)],
  [Math.round(cx - half), Math.round(cy + half)],
];

async function goTo(lon: number, lat: number, zoom: number) {
  await page.evaluate(
    ([x, y, z]) =>
      new Promise<void>((resolve) => {
        const map = (window as any).__panhuo.map;
        map.once('idle', () => resolve());
        map.jumpTo({ center: [x, y], zoom: z });
        setTimeout(resolve, 10_000);
      }),
    [lon, lat, zoom],
  );
}

describe('holes and parts', () => {
  const shownArea = async () => Number((await page.getByTestId('draw-area').textContent())!.replace(/,/g, ''));
  let parcelId: number;

  it('draws a parcel, then a hole inside it: the area is the outer ring less the hole', async () => {
    const [lon, lat] = await emptySpotInYicheng();
    await goTo(lon, lat, 16);
    await page.getByRole('button', { name: '新建地块' }).click();
    await page.getByTestId('drawing-panel').waitFor();
    const center = await page.evaluate(([x, y]) => (window as any).__panhuo.map.project([x, y]), [lon, lat]);
    const cx = Math.round(center.x) - 40;
    const cy = Math.round(center.y);
    const outer = squarePixels(cx, cy, 60);
    await clickRing(outer);
    await expect.poll(() => page.getByTestId('live-check').textContent(), { timeout: 10_000 }).not.toContain('绘制中');
    const outerMu = await shownArea();

    await page.getByRole('button', { name: '添加内环（洞）' }).click();
    const hole = squarePixels(cx, cy, 25);
    await clickRing(hole);
    await expect.poll(() => page.getByTestId('draw-note').textContent().catch(() => ''), { timeout: 5_000 }).toContain('内环（洞）');
    const withHole: Polygon = { type: 'Polygon', coordinates: [await lonLatOf(outer), (await lonLatOf(hole)).reverse()] };
    const expectedMu = areasMu(withHole).ellipsoidal;
    await expect.poll(shownArea, { timeout: 5_000 }).toBeLessThan(outerMu);
    expect(Math.abs((await shownArea()) - expectedMu)).toBeLessThan(0.1);
    const outerOnly = areasMu({ type: 'Polygon', coordinates: [await lonLatOf(outer)] }).ellipsoidal;
    const holeOnly = areasMu({ type: 'Polygon', coordinates: [await lonLatOf(hole)] }).ellipsoidal;
    expect(Math.abs((await shownArea()) - (outerOnly - holeOnly))).toBeLessThan(0.1);
    await expect.poll(() => page.getByTestId('live-check').textContent(), { timeout: 10_000 }).toContain('无重叠');
    await page.screenshot({ path: '/tmp/panhuo-screenshots/editing-hole.png' });

    // Another polygon outside the outer ring: a second part, whichever button asked for it.
    await page.getByRole('button', { name: '添加地块部分' }).click();
    const part = squarePixels(cx + 110, cy, 30);
    await clickRing(part);
    await expect.poll(() => page.getByTestId('draw-note').textContent().catch(() => ''), { timeout: 5_000 }).toContain('新的地块部分');
    expect(await page.getByTestId('draw-parts').textContent()).toContain('共 2 个部分');
    const multiMu = areasMu({
      type: 'MultiPolygon',
      coordinates: [withHole.coordinates, [await lonLatOf(part)]],
    }).ellipsoidal;
    await expect.poll(shownArea, { timeout: 5_000 }).toBeGreaterThan(expectedMu);
    expect(Math.abs((await shownArea()) - multiMu)).toBeLessThan(0.1);
    await expect.poll(() => page.getByTestId('live-check').textContent(), { timeout: 10_000 }).toContain('无重叠');
    await page.screenshot({ path: '/tmp/panhuo-screenshots/editing-parts.png' });

    const code = 'YC-TEST-0002';
    await page.getByLabel('地块编号').fill(code);
    await page.getByLabel('项目名称').fill('带洞的两部分地块');
    await page.getByLabel('台账面积（亩）').fill(multiMu.toFixed(2));
    await page.getByRole('button', { name: '保存地块' }).click();
    await expect.poll(() => page.getByTestId('parcel-panel').textContent().catch(() => ''), { timeout: 15_000 }).toContain(code);
    const [found] = (await env.server.get(`/api/parcels?campaign=1&q=${code}`)).body.features;
    const saved = (await env.server.get(`/api/parcels/${found.id}`)).body;
    expect(saved.geometry.type).toBe('MultiPolygon');
    expect(saved.geometry.coordinates.map((p: unknown[]) => p.length)).toEqual([2, 1]);
    expect(Math.abs(saved.properties.areaMu.ellipsoidal - multiMu)).toBeLessThan(0.1);
    parcelId = found.id;
  });

  it('edits the boundary of a multi-part parcel with a hole: every ring is loaded, and saved back into its part', async () => {
    const before = (await env.server.get(`/api/parcels/${parcelId}`)).body;
    const edit = page.getByTestId('parcel-panel').getByRole('button', { name: '编辑边界' });
    expect(await edit.isDisabled()).toBe(false);
    await edit.click();
    await page.getByTestId('drawing-panel').waitFor();
    expect(JSON.parse((await page.getByTestId('drawing-panel').getAttribute('data-polygons'))!)).toHaveLength(3);
    expect(Math.abs((await shownArea()) - before.properties.areaMu.ellipsoidal)).toBeLessThan(0.01);
    expect(await page.getByTestId('draw-parts').textContent()).toContain('共 2 个部分');

    // Drag a vertex of the hole outwards: the hole grows, the area shrinks.
    const box = await canvasBox();
    const holeVertex = before.geometry.coordinates[0][1][0];
    const from = await page.evaluate((p) => (window as any).__panhuo.map.project(p), holeVertex);
    // The hole is not the selected polygon yet: a click on it selects it, then its vertices drag.
    const holeCenter = await page.evaluate(
      (ring) => (window as any).__panhuo.map.project([(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2]),
      before.geometry.coordinates[0][1],
    );
    await page.mouse.click(box.x + holeCenter.x, box.y + holeCenter.y);
    await page.waitForTimeout(200);
    const areaBefore = await shownArea();
    await page.mouse.move(box.x + from.x, box.y + from.y, { steps: 2 });
    await page.mouse.down();
    await page.mouse.move(box.x + from.x - 10, box.y + from.y - 10, { steps: 6 });
    await page.mouse.up();
    await expect.poll(shownArea, { timeout: 5_000 }).toBeLessThan(areaBefore);
    await page.screenshot({ path: '/tmp/panhuo-screenshots/editing-multipart-edit.png' });
    await page.getByRole('button', { name: '保存边界' }).click();
    await expect
      .poll(async () => (await env.server.get(`/api/parcels/${parcelId}`)).body.properties.version, { timeout: 10_000 })
      .toBe(before.properties.version + 1);
    const after = (await env.server.get(`/api/parcels/${parcelId}`)).body;
    expect(after.geometry.type).toBe('MultiPolygon');
    expect(after.geometry.coordinates.map((p: unknown[]) => p.length)).toEqual([2, 1]);
    expect(after.properties.areaMu.ellipsoidal).toBeLessThan(before.properties.areaMu.ellipsoidal);
    await page.getByRole('button', { name: '关闭地块详情（Esc）' }).click();
  });
});

describe('snapping', () => {
  it('at zoom 16 a click a few pixels off a unit boundary vertex lands on it, and one off an edge lands on the edge', async () => {
    // A vertex of 驿城区's boundary whose neighbours are over 100 m away, with no parcel within about 200 m.
    const [row] = await env.server.db.query<{ lon: number; lat: number; nlon: number; nlat: number }>(
      `WITH pts AS (
         SELECT (d).path AS path, ST_X((d).geom) AS lon, ST_Y((d).geom) AS lat
         FROM (SELECT ST_DumpPoints(u.boundary) AS d FROM units u JOIN campaign_units cu ON cu.unit_id = u.id
               WHERE cu.campaign_id = 1 AND u.name = '驿城区') s),
       seq AS (SELECT lon, lat, LEAD(lon) OVER w AS nlon, LEAD(lat) OVER w AS nlat, LAG(lon) OVER w AS plon, LAG(lat) OVER w AS plat
               FROM pts WINDOW w AS (PARTITION BY path[1:array_length(path, 1) - 1] ORDER BY path[array_length(path, 1)]))
       SELECT lon, lat, nlon, nlat FROM seq
       WHERE nlon IS NOT NULL AND plon IS NOT NULL
         AND sqrt((nlon - lon) ^ 2 + (nlat - lat) ^ 2) > 0.0012 AND sqrt((plon - lon) ^ 2 + (plat - lat) ^ 2) > 0.0012
         AND NOT EXISTS (SELECT 1 FROM parcels p WHERE p.geom && ST_Expand(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 0.002))
       LIMIT 1`,
    );
    expect(row).toBeDefined();
    const vertex = [Number(row!.lon), Number(row!.lat)] as [number, number];
    const next = [Number(row!.nlon), Number(row!.nlat)] as [number, number];
    await goTo(vertex[0], vertex[1], 16);
    await page.getByRole('button', { name: '新建地块' }).click();
    await page.getByTestId('drawing-panel').waitFor();
    const box = await canvasBox();
    const project = (p: [number, number]) => page.evaluate((q) => (window as any).__panhuo.map.project(q), p);
    const v = await project(vertex);
    const n = await project(next);
    // 4 px right and 3 px down of the vertex.
    await page.mouse.move(box.x + v.x + 4, box.y + v.y + 3, { steps: 3 });
    await page.mouse.click(box.x + v.x + 4, box.y + v.y + 3);
    await page.waitForTimeout(150);
    // 5 px off the middle of the edge to the next vertex, at right angles to it.
    const [mx, my] = [(v.x + n.x) / 2, (v.y + n.y) / 2];
    const length = Math.hypot(n.x - v.x, n.y - v.y);
    const [ox, oy] = [(-(n.y - v.y) / length) * 5, ((n.x - v.x) / length) * 5];
    await page.mouse.move(box.x + mx + ox, box.y + my + oy, { steps: 3 });
    await page.mouse.click(box.x + mx + ox, box.y + my + oy);
    await page.waitForTimeout(150);
    await page.screenshot({ path: '/tmp/panhuo-screenshots/editing-snapping.png' });

    const [ring] = JSON.parse((await page.getByTestId('drawing-panel').getAttribute('data-polygons'))!) as [number, number][][];
    const [first, second] = [ring![0]!, ring![1]!];
    // The vertex, to the precision the API sends unit boundaries in (6 decimals, ~10 cm); the click was 5 px (~5 m) off.
    expect(Math.abs(first[0] - vertex[0])).toBeLessThanOrEqual(5.1e-7);
    expect(Math.abs(first[1] - vertex[1])).toBeLessThanOrEqual(5.1e-7);
    expect(Number.isInteger(Math.round(first[0] * 1e6 * 1e3) / 1e3)).toBe(true);
    // On the edge: under half a pixel from the segment, and not where the pointer was (5 px off).
    const s = await project(second);
    const distance = Math.abs((n.x - v.x) * (v.y - s.y) - (v.x - s.x) * (n.y - v.y)) / length;
    expect(distance).toBeLessThan(0.5);
    expect(Math.hypot(s.x - (mx + ox), s.y - (my + oy))).toBeGreaterThan(4);
    await page.keyboard.press('Escape');
    await page.getByTestId('drawing-panel').waitFor({ state: 'detached' });
  });
});
