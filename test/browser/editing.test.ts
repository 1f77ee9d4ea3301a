import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Polygon } from 'geojson';
import { areasMu } from '../../core/area/index.ts';
import { launchChromium } from '../support/browser.ts';
import { DEMO_PASSWORDS, signIn } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
/** The parcel the first test creates; the later ones edit it. */
let created: { id: number; code: string; projectName: string };

beforeAll(async () => {
  server = await startTestServer({ webRoot: 'dist/web' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A spot inside 驿城区 with no parcel within 300 m, near (113.80, 32.95): room to draw a new parcel. */
async function emptySpotInYicheng(): Promise<[number, number]> {
  const [spot] = await server.db.query<{ lon: number; lat: number }>(
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
  const around = (await server.get(`/api/parcels?campaign=1&bbox=${lon - 0.003},${lat - 0.003},${lon + 0.003},${lat + 0.003}`)).body;
  expect(around.features).toHaveLength(0);
  return [lon, lat];
}

const canvasBox = async () => (await page.locator('canvas.maplibregl-canvas').boundingBox())!;

describe('drawing a new parcel', () => {
  it('an editor signs in, draws a parcel in 驿城区, sees its area in 亩, saves it, and it is recorded as created by them', async () => {
    const [lon, lat] = await emptySpotInYicheng();
    await page.goto(`${server.url}/?campaign=1&lon=${lon}&lat=${lat}&z=16`);
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
    const found = (await server.get(`/api/parcels?campaign=1&q=${code}`)).body.features;
    expect(found).toHaveLength(1);
    const saved = (await server.get(`/api/parcels/${found[0].id}`)).body;
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
  const apiParcel = async () => (await server.get(`/api/parcels/${created.id}`)).body;

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
    const admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
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
    await createEntry.getByRole('button', { name: '恢复此版本' }).click();
    await expect.poll(async () => (await apiParcel()).properties.projectName, { timeout: 10_000 }).toBe(created.projectName);
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
    expect((await server.get(`/api/parcels?campaign=1&q=${created.code}`)).body.features).toHaveLength(0);
    const rendered = () =>
      page.evaluate((id) => (window as any).__panhuo.map.queryRenderedFeatures().some((f: any) => f.sourceLayer === 'parcels' && f.id === id), created.id);
    await expect.poll(rendered, { timeout: 10_000 }).toBe(false);
  });
});
