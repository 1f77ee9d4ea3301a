import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { LedgerRow } from '../../core/ledger/row.ts';
import { ledgerView } from '../../core/ledger/view.ts';
import { withBrowser } from '../support/browser.ts';

const env = withBrowser();
const TARGET = 10_000;
let page: Page;
let grid: Locator;

beforeAll(async () => {
  // Copies of the demo parcels (codes suffixed) until the campaign holds 10,000: one statement. Each copy is its parcel
  // shrunk into its own cell of a k×k grid over the parcel's bounding box, so copies never overlap one another: copies
  // on the same boundary would make every copy overlap every other (about 115,000 pairs for the kept overlaps of
  // migration 024, a minute of the insert), and this test is about the table, not about overlaps.
  const [{ n }] = await env.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcels WHERE campaign_id = 1 AND deleted_at IS NULL');
  const copies = Math.ceil((TARGET - n) / n);
  await env.server.db.query(
    `INSERT INTO parcels (campaign_id, code, project_name, category, status, unit_id, geom, ledger_mu, land_user, remarks, is_demo)
     SELECT p.campaign_id, p.code || '-' || g, p.project_name, p.category, p.status, p.unit_id,
            ST_Translate(ST_Scale(p.geom, ST_MakePoint(0.9 / $3, 0.9 / $3), ST_MakePoint(ST_XMin(p.geom), ST_YMin(p.geom))),
                         (g % $3) * (ST_XMax(p.geom) - ST_XMin(p.geom)) / $3, (g / $3) * (ST_YMax(p.geom) - ST_YMin(p.geom)) / $3),
            round((p.ledger_mu * (0.5 + ((g * 37 + p.id) % 100) / 100.0))::numeric, 2)::float8, p.land_user, p.remarks, true
     FROM (SELECT * FROM parcels WHERE campaign_id = 1 AND deleted_at IS NULL) p, generate_series(0, $1::int - 1) g
     ORDER BY g, p.id LIMIT $2`,
    [copies, TARGET - n, Math.ceil(Math.sqrt(copies))],
  );
  page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${env.server.url}/?campaign=1`);
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill('panhuo-admin-demo');
  await page.locator('dialog').getByRole('button', { name: '登录' }).click();
  await page.getByTestId('user-menu').filter({ hasText: '管理员' }).waitFor({ timeout: 10_000 });
  await page.getByRole('button', { name: '台账', exact: true }).click();
  grid = page.getByTestId('ledger-grid');
  await grid.locator('[data-parcel-id]').first().waitFor({ timeout: 30_000 });
}, 120_000);

const renderedRows = () => grid.locator('[role="row"][data-parcel-id]');
const selectedIds = async () =>
  (await grid.locator('[role="row"][aria-selected="true"]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.parcelId)))).sort((a, b) => a - b);
const apiRows = async () => (await env.server.get<{ rows: LedgerRow[] }>(`/api/ledger?campaign=1&limit=5000`)).body.rows
  .concat((await env.server.get<{ rows: LedgerRow[] }>(`/api/ledger?campaign=1&limit=5000&offset=5000`)).body.rows);
const unitOrder = async () => (await env.server.get('/api/campaigns/1')).body.units.features.map((u: any) => u.properties.name as string);
const mapFilterIds = () => page.evaluate(() => {
  const filter = (window as any).__panhuo.map.getFilter('ledger-selection');
  return (filter?.[2]?.[1] ?? []).filter((id: number) => id > 0).sort((a: number, b: number) => a - b) as number[];
});

describe('the ledger table (台账)', () => {
  it('holds 10,000 parcels with only the rows in view in the page, and scrolls to the last one', async () => {
    await expect.poll(() => page.getByTestId('ledger-dock').textContent()).toContain('共 10,000 宗');
    const inPage = await renderedRows().count();
    expect(inPage).toBeGreaterThan(5);
    expect(inPage).toBeLessThan(100);

    const rows = await apiRows();
    expect(rows).toHaveLength(TARGET);
    const view = ledgerView(rows, { filters: {}, sort: null, unitOrder: await unitOrder() });
    const last = view.groups.at(-1)!.rows.at(-1)!;
    await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect.poll(() => grid.locator(`[data-parcel-id="${last.id}"]`).count(), { timeout: 10_000 }).toBe(1);
    const lastRow = grid.locator(`[data-parcel-id="${last.id}"]`);
    expect(await lastRow.textContent()).toContain(last.code);
    expect(Number(await lastRow.getAttribute('aria-rowindex'))).toBe(Number(await grid.getAttribute('aria-rowcount')));
    expect(await renderedRows().count()).toBeLessThan(100);
  });

  it('sorts by 台账面积 descending from the header: each unit starts with its largest parcel', async () => {
    const header = grid.getByRole('columnheader', { name: /台账面积/ });
    await header.getByRole('button').click();
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await grid.evaluate((el) => el.scrollTo({ top: 0 }));
    const firstGroup = await grid.locator('[data-group]').first().getAttribute('data-group');
    const rows = (await apiRows()).filter((r) => r.unitName === firstGroup);
    const max = rows.reduce((a, b) => (b.ledgerMu > a.ledgerMu ? b : a));
    const first = renderedRows().first();
    const cells = await first.locator('[role="gridcell"]').allTextContents();
    expect(cells).toContain(max.ledgerMu.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
    // The sort is the table's, not the database's order: the first row by id would rarely be the largest.
    expect(await first.getAttribute('data-parcel-id')).not.toBe(String(Math.min(...rows.map((r) => r.id))));
  });

  it('selects rows with click, Ctrl-click and Shift-click, and the map highlights exactly those', async () => {
    const rows = renderedRows();
    await rows.nth(0).click();
    // Shift selects from the row clicked last to this one; Ctrl adds one more.
    await rows.nth(3).click({ modifiers: ['Shift'] });
    await rows.nth(5).click({ modifiers: ['Control'] });
    const ids = await selectedIds();
    expect(ids).toHaveLength(5);
    expect(await page.getByTestId('ledger-selected-count').textContent()).toBe('5');
    await expect.poll(mapFilterIds, { timeout: 10_000 }).toEqual(ids);
    // The first click flew the map to that parcel: the highlight layer draws selected parcels there.
    await expect.poll(() => page.evaluate(() => {
      const map = (window as any).__panhuo.map;
      return map.isMoving() ? [] : map.queryRenderedFeatures({ layers: ['ledger-selection'] }).map((f: any) => f.id);
    }), { timeout: 20_000 }).not.toEqual([]);
    const drawn: number[] = await page.evaluate(() => (window as any).__panhuo.map.queryRenderedFeatures({ layers: ['ledger-selection'] }).map((f: any) => f.id as number));
    expect(drawn.every((id) => ids.includes(id))).toBe(true);
  });

  it('selects and scrolls to the row of a parcel clicked on the map', async () => {
    // A parcel far down the table: the last unit's, placed in the middle of the map.
    const rows = await apiRows();
    const order = await unitOrder();
    const target = rows.filter((r) => r.unitName === order.at(-1) && r.ellipsoidalMu !== null)[0]!;
    const [point] = await env.server.db.query<{ lon: number; lat: number }>(
      'SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM parcels WHERE id = $1', [target.id]);
    const opened = new URL(page.url()).searchParams.get('parcel');
    await page.evaluate(([lon, lat]) => (window as any).__panhuo.map.jumpTo({ center: [lon, lat], zoom: 16 }), [point!.lon, point!.lat]);
    await page.waitForFunction(() => {
      const map = (window as any).__panhuo.map;
      return !map.isMoving() && map.areTilesLoaded() && map.queryRenderedFeatures({ layers: ['parcels-fill'] }).length > 0;
    }, null, { timeout: 20_000 });
    const box = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // The copies lie within the bounds of the parcel they copy: whichever the map reports is the one to find.
    await expect.poll(() => new URL(page.url()).searchParams.get('parcel'), { timeout: 10_000 }).not.toBe(opened);
    const clicked = Number(new URL(page.url()).searchParams.get('parcel'));
    expect(rows.find((r) => r.id === clicked)?.unitName).toBe(target.unitName);
    const row = grid.locator(`[data-parcel-id="${clicked}"]`);
    await expect.poll(() => row.getAttribute('aria-selected').catch(() => null), { timeout: 10_000 }).toBe('true');
    expect(await selectedIds()).toEqual([clicked]);
    const [rowBox, gridBox] = [(await row.boundingBox())!, (await grid.boundingBox())!];
    expect(rowBox.y).toBeGreaterThan(gridBox.y);
    expect(rowBox.y + rowBox.height).toBeLessThan(gridBox.y + gridBox.height);
  });

  it('applies one change to the selected rows as one bulk change, shown in each parcel\'s history', async () => {
    const rows = renderedRows();
    await rows.nth(0).click();
    await rows.nth(2).click({ modifiers: ['Control'] });
    const ids = await selectedIds();
    expect(ids).toHaveLength(2);
    const bar = page.getByRole('region', { name: '已选地块' });
    await bar.getByLabel('要批量修改的字段').selectOption({ label: '责任人' });
    await bar.getByLabel('新的责任人').fill('赵批量');
    await bar.getByRole('button', { name: `应用到 ${ids.length} 宗` }).click();
    await expect.poll(() => bar.getByRole('status').textContent().catch(() => ''), { timeout: 15_000 }).toContain(`已修改 ${ids.length} 宗`);

    for (const id of ids) {
      const detail = (await env.server.get(`/api/parcels/${id}`)).body;
      expect(detail.properties.responsiblePerson).toBe('赵批量');
      expect(detail.history[0].changeSet).toMatchObject({ count: ids.length });
    }
    // Double-clicking the code opens the parcel in the panel, whose history shows the bulk change.
    await grid.locator(`[data-parcel-id="${ids[0]}"] [role="gridcell"]`).nth(1).dblclick();
    await expect.poll(() => page.getByTestId('history').textContent().catch(() => ''), { timeout: 15_000 }).toContain(`批量修改 共 ${ids.length} 宗`);
  });

  it('edits a cell in place: Escape cancels, Enter saves through the parcel API', async () => {
    // By id: the rendered rows shift as the grid scrolls, so "the third rendered row" may become another parcel.
    const id = Number(await renderedRows().nth(2).getAttribute('data-parcel-id'));
    const row = grid.locator(`[data-parcel-id="${id}"]`);
    const before = (await env.server.get(`/api/parcels/${id}`)).body.properties;
    const cell = row.locator('[role="gridcell"]').last(); // 备注, the last default column
    await cell.dblclick();
    await page.getByLabel('修改备注').fill('不会保存');
    await page.getByLabel('修改备注').press('Escape');
    expect((await env.server.get(`/api/parcels/${id}`)).body.properties.remarks).toBe(before.remarks);
    await cell.dblclick();
    await page.getByLabel('修改备注').fill('表格内修改');
    await page.getByLabel('修改备注').press('Enter');
    await expect.poll(async () => (await env.server.get(`/api/parcels/${id}`)).body.properties, { timeout: 10_000 }).toMatchObject({ remarks: '表格内修改', version: before.version + 1 });
    await expect.poll(() => cell.textContent(), { timeout: 10_000 }).toBe('表格内修改');
  });
});
