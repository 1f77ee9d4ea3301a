import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withBrowser } from '../support/browser.ts';
import { gdalDir, type GdalDir } from '../support/gdal.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';

const SCREENSHOTS = '/tmp/panhuo-screenshots';
const env = withBrowser();
let page: Page;
let gdal: GdalDir;

/** Two parcels in 驿城区 with their codes as texts, drawn by ogr2ogr in 3° zone 38 without the zone prefix. */
const SOURCE = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { Layer: '宗地', Text: null }, geometry: { type: 'Polygon', coordinates: [[[114.021, 32.981], [114.0235, 32.9808], [114.0241, 32.9827], [114.0222, 32.9839], [114.0205, 32.9826], [114.021, 32.981]]] } },
    { type: 'Feature', properties: { Layer: '宗地', Text: null }, geometry: { type: 'Polygon', coordinates: [[[114.03, 32.99], [114.033, 32.99], [114.033, 32.993], [114.03, 32.993], [114.03, 32.99]]] } },
    { type: 'Feature', properties: { Layer: '宗地号', Text: 'CAD-2021-01' }, geometry: { type: 'Point', coordinates: [114.0222, 32.9822] } },
    { type: 'Feature', properties: { Layer: '宗地号', Text: 'CAD-2021-02' }, geometry: { type: 'Point', coordinates: [114.0315, 32.9915] } },
  ],
};

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  gdal = await gdalDir();
  await gdal.write('drawing.geojson', JSON.stringify(SOURCE));
  await gdal.ogr2ogr('-f', 'DXF', '-s_srs', 'EPSG:4490', '-t_srs', 'EPSG:4547', 'drawing.dxf', 'drawing.geojson', '-dialect', 'SQLITE', '-sql',
    `SELECT Layer, CASE WHEN Text IS NULL THEN ST_Boundary(geometry) ELSE geometry END AS geometry, CASE WHEN Text IS NOT NULL THEN 'LABEL(f:"Arial",t:"' || Text || '")' END AS OGR_STYLE FROM drawing`);
  page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
});
afterAll(() => gdal?.remove());

describe('importing a CAD drawing in the browser', () => {
  it('shows the zone inferred from the campaign and lets the person change it', { timeout: 120_000 }, async () => {
    await page.goto(`${env.server.url}/?campaign=1`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(DEMO_PASSWORDS.admin!);
    await page.locator('dialog').getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId('user-menu').textContent().catch(() => ''), { timeout: 10_000 }).toContain('管理员');

    await page.getByRole('button', { name: '导入', exact: true }).click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.locator('input[type=file]').setInputFiles(gdal.path('drawing.dxf'));
    await dialog.getByRole('button', { name: '上传并预览' }).click();
    const choices = page.getByTestId('reading-choices');
    await choices.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('choose-zone').inputValue()).toBe('3/38');
    expect(await choices.textContent()).toContain('按单位范围推定为 3° 带第 38 带');
    expect(await choices.textContent()).toContain('宗地号 2 个文字');
    expect(await page.getByTestId('import-item').count()).toBe(2);
    expect(await dialog.textContent()).toContain('CAD-2021-01');
    await expect.poll(() => page.evaluate(() => (window as any).__panhuo.map.getSource('import-preview') !== undefined)).toBe(true);
    await expect.poll(() => page.evaluate(() => { const map = (window as any).__panhuo.map; return !map.isMoving() && map.areTilesLoaded(); }), { timeout: 20_000 }).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/import-dxf.png` });

    // Another zone: the file is read again in it, and the choice is shown as the person's.
    await page.getByTestId('choose-zone').selectOption('3/37');
    await expect.poll(() => choices.textContent(), { timeout: 30_000 }).toContain('按所选的 3° 带第 37 带');
    expect(await page.getByTestId('choose-zone').inputValue()).toBe('3/37');
  });
});
