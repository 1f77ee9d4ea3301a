import { describe, expect, it } from 'vitest';
import { docsScreenshot, withBrowser } from '../support/browser.ts';

const env = withBrowser();

describe('one filter state for the map, the result list and the 台账', () => {
  it("the table follows the map's filters and the map follows the table's; the result list opens a parcel", async () => {
    const campaign = (await env.server.get('/api/campaigns/1')).body;
    const unit = campaign.units.features.find((u: any) => u.properties.name === '确山县').properties;
    const expected = (await env.server.get(`/api/parcels?campaign=1&unit=${unit.id}&category=expropriated_not_supplied&limit=1`)).body.total;
    const all = (await env.server.get('/api/parcels?campaign=1&limit=1')).body.total;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(all);

    const page = await env.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${env.server.url}/?campaign=1`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    // The map's filters: a unit and a category.
    await page.getByLabel('所在单位（按边界）').selectOption({ label: '确山县' });
    await page.getByRole('button', { name: /征而未供/ }).first().click();

    // The result list beside the map: the same count, each row with code, name, mu and the check.
    const results = page.getByTestId('filter-results');
    await expect.poll(() => results.locator('h2').textContent(), { timeout: 15_000 }).toBe(`筛选结果（${expected.toLocaleString('zh-CN')} 宗）`);
    const firstRow = results.locator('tbody tr').first();
    const firstId = Number(await firstRow.getAttribute('data-parcel-id'));
    const first = (await env.server.get(`/api/parcels/${firstId}`)).body;
    expect(await firstRow.locator('td').allTextContents()).toEqual([
      first.properties.code,
      first.properties.projectName,
      first.properties.ledgerMu.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
      first.properties.areaCheck === null ? '无图形' : first.properties.areaCheck.ok ? '相符' : '不符',
    ]);

    // The 台账 opens already filtered as the map is.
    await page.getByRole('button', { name: '台账', exact: true }).click();
    const dock = page.getByTestId('ledger-dock');
    await expect.poll(() => dock.getByRole('status').first().textContent(), { timeout: 30_000 }).toContain(`筛选出 ${expected.toLocaleString('zh-CN')} 宗`);
    const grid = page.getByTestId('ledger-grid');
    expect(await grid.locator('summary[aria-label*="类别"]').textContent()).toBe('征而未供');
    expect(await grid.locator('summary[aria-label*="单位"]').textContent()).toBe('确山县');

    // The reverse: a status picked in the table filters the map, the list and the address.
    await grid.locator('summary[aria-label*="状态"]').click();
    await page.getByRole('group', { name: /按.*状态筛选/ }).getByLabel('已登记').check();
    const narrowed = (await env.server.get(`/api/parcels?campaign=1&unit=${unit.id}&category=expropriated_not_supplied&status=registered&limit=1`)).body.total;
    await expect.poll(() => results.locator('h2').textContent(), { timeout: 15_000 }).toBe(`筛选结果（${narrowed.toLocaleString('zh-CN')} 宗）`);
    expect(new URL(page.url()).searchParams.get('status')).toBe('registered');
    expect(await page.getByRole('button', { name: /^已登记/ }).first().getAttribute('aria-pressed')).toBe('true');
    const tileFilter = JSON.stringify(await page.evaluate(() => (window as any).__panhuo.map.getFilter('parcels-fill')));
    expect(tileFilter).toContain('registered');
    expect(tileFilter).toContain('expropriated_not_supplied');
    await expect.poll(() => dock.getByRole('status').first().textContent()).toContain(`筛选出 ${narrowed.toLocaleString('zh-CN')} 宗`);
    await page.keyboard.press('Escape');

    // A row of the result list opens that parcel.
    const pick = results.locator('tbody tr').first();
    const pickId = Number(await pick.getAttribute('data-parcel-id'));
    const pickCode = (await pick.locator('td').first().textContent())!;
    await pick.click();
    await expect.poll(() => page.getByTestId('parcel-panel').locator('h2').textContent().catch(() => ''), { timeout: 15_000 }).toBe(pickCode);
    expect(new URL(page.url()).searchParams.get('parcel')).toBe(String(pickId));
    await page.screenshot({ path: docsScreenshot('screenshot-ledger-filters.png') });
    await page.close();
  });

  it('maximised at 1366×768, the table shows at least 8 columns and 12 rows, and restores', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${env.server.url}/?campaign=1`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    await page.getByRole('button', { name: '台账', exact: true }).click();
    const grid = page.getByTestId('ledger-grid');
    await grid.locator('[data-parcel-id]').first().waitFor({ timeout: 30_000 });
    const visible = async () => {
      const box = (await grid.boundingBox())!;
      type Box = { x: number; y: number; width: number; height: number } | null;
      // A column counts when wholly in view across; a row (as wide as all its columns) when wholly in view down.
      const across = (b: Box) => b !== null && b.x >= box.x - 1 && b.x + b.width <= Math.min(box.x + box.width, 1366) + 1;
      const down = (b: Box) => b !== null && b.y >= box.y - 1 && b.y + b.height <= Math.min(box.y + box.height, 768) + 1;
      const headers = await grid.locator('.ledger-head__titles [role="columnheader"]').all();
      const rows = await grid.locator('[role="row"][data-parcel-id]').all();
      const columns = (await Promise.all(headers.map((h) => h.boundingBox()))).filter(across).length - 1; // less the check-box column
      const shownRows = (await Promise.all(rows.map((r) => r.boundingBox()))).filter(down).length;
      return { columns, rows: shownRows };
    };
    const docked = await visible();
    await page.getByRole('button', { name: '最大化' }).click();
    await expect.poll(async () => (await visible()).rows).toBeGreaterThanOrEqual(12);
    const maximised = await visible();
    expect(maximised.columns).toBeGreaterThanOrEqual(8);
    expect(maximised.rows).toBeGreaterThan(docked.rows);
    await page.screenshot({ path: docsScreenshot('screenshot-ledger-maximised.png') });
    await page.getByRole('button', { name: '还原' }).click();
    await expect.poll(async () => (await visible()).rows).toBe(docked.rows);
    await page.close();
  });
});
