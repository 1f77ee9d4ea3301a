/**
 * The import dialog says which text encoding it read a Shapefile's names with and why, and lets the person switch:
 * a GDAL-written GBK DBF whose .cpg says "936" (what ArcGIS writes) reads right; switched to UTF-8, its parcels
 * show the decoding errors and cannot be chosen; switched back, the names are right again.
 */
import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { zipSync } from 'fflate';
import { withBrowser } from '../support/browser.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';
import { asZipMembers, gdalShapefile } from '../support/gdal.ts';

const SCREENSHOTS = '/tmp/panhuo-screenshots';
const NAMES = ['驿城区产业集聚区项目', '驿城区电子信息产业园项目', '驿城区物流园项目'];

const env = withBrowser();
let page: Page;
let zip: Uint8Array;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
  const features = NAMES.map((name, i) => ({
    type: 'Feature',
    properties: { 地块编号: `ENC-UI-${i + 1}`, 项目名称: name },
    geometry: { type: 'Polygon', coordinates: [[[113.8 + i * 0.004, 32.95], [113.802 + i * 0.004, 32.95], [113.802 + i * 0.004, 32.952], [113.8 + i * 0.004, 32.952], [113.8 + i * 0.004, 32.95]]] },
  }));
  const { cpg: _gdalsOwn, ...files } = await gdalShapefile({ type: 'FeatureCollection', features }, ['ENCODING=GBK']);
  zip = zipSync(asZipMembers({ ...files, cpg: new TextEncoder().encode('936') }));
});

describe('choosing the text encoding of an import', () => {
  it('shows the encoding found from the .cpg, and a switch to UTF-8 turns the names into errors', { timeout: 120_000 }, async () => {
    await page.goto(`${env.server.url}/?campaign=1`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(DEMO_PASSWORDS.admin!);
    await page.locator('dialog').getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId('user-menu').textContent().catch(() => ''), { timeout: 10_000 }).toContain('管理员');

    await page.getByRole('button', { name: '导入', exact: true }).click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.locator('input[type=file]').setInputFiles({ name: 'gbk-936.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await dialog.getByRole('button', { name: '上传并预览' }).click();
    const encoding = dialog.getByTestId('import-encoding');
    await expect.poll(() => encoding.textContent().catch(() => ''), { timeout: 20_000 }).toContain('由 .cpg 文件确定：GBK');
    const items = dialog.getByTestId('import-item');
    for (const name of NAMES) expect(await items.filter({ hasText: name }).count()).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}/import-encoding.png` });

    await encoding.getByLabel('改用编码').selectOption('utf-8');
    await expect.poll(() => dialog.getByTestId('import-encoding').textContent().catch(() => ''), { timeout: 20_000 }).toContain('由您选择：UTF-8');
    await expect.poll(() => dialog.getByTestId('import-summary').textContent(), { timeout: 20_000 }).toContain(`有错误 ${NAMES.length} 块`);
    expect(await dialog.textContent()).toContain('无法解码');
    await page.screenshot({ path: `${SCREENSHOTS}/import-encoding-wrong.png` });

    await dialog.getByTestId('import-encoding').getByLabel('改用编码').selectOption('');
    await expect.poll(() => dialog.getByTestId('import-encoding').textContent().catch(() => ''), { timeout: 20_000 }).toContain('由 .cpg 文件确定：GBK');
    expect(await dialog.getByTestId('import-summary').textContent()).toContain(`可导入 ${NAMES.length} 块`);
  });
});
