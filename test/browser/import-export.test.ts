import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withBrowser } from '../support/browser.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';

const SCREENSHOTS = '/tmp/panhuo-screenshots';
const FIXTURE = 'test/fixtures/coordfile/in/zmd-zone38-prefix.txt';

const env = withBrowser();
let page: Page;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  page = await env.browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
});

/** Rendered parcel features from the vector tiles, as MapLibre reports them. */
const renderedParcels = () =>
  page.evaluate(() => (window as any).__panhuo.map.queryRenderedFeatures().filter((f: any) => f.sourceLayer === 'parcels').map((f: any) => Number(f.id)));

/** The map has stopped moving and drawn what it has. */
const mapSettled = () => expect.poll(() => page.evaluate(() => {
  const map = (window as any).__panhuo.map;
  return !map.isMoving() && map.areTilesLoaded();
}), { timeout: 20_000 }).toBe(true);

describe('importing a coordinate file and exporting parcels', () => {
  it('an admin uploads a 界址点坐标文件, reviews it parcel by parcel on the map, and imports the valid parcels', { timeout: 120_000 }, async () => {
    await page.goto(`${env.server.url}/?campaign=1`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });

    // Signed out, 导入 says why it does nothing.
    const importButton = page.getByRole('button', { name: '导入', exact: true });
    expect(await importButton.getAttribute('aria-disabled')).toBe('true');
    expect(await importButton.getAttribute('title')).toContain('需要编辑权限');

    await page.getByRole('button', { name: '登录' }).click();
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(DEMO_PASSWORDS.admin!);
    await page.locator('dialog').getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId('user-menu').textContent().catch(() => ''), { timeout: 10_000 }).toContain('管理员');

    // The dialog keeps the keyboard: Esc closes it.
    await importButton.click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await importButton.click();
    await dialog.waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/import-choose.png` });

    // A file the server cannot read: its message, in Chinese, and the dialog stays to try another.
    await dialog.locator('input[type=file]').setInputFiles({ name: 'broken.txt', mimeType: 'text/plain', buffer: Buffer.from('这不是坐标文件\n') });
    await dialog.getByRole('button', { name: '上传并预览' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent(), { timeout: 15_000 }).toContain('无法导入“broken.txt”');

    await dialog.locator('input[type=file]').setInputFiles(FIXTURE);
    expect(await page.getByTestId('import-file-name').textContent()).toContain('zmd-zone38-prefix.txt');
    await dialog.getByRole('button', { name: '上传并预览' }).click();

    const items = page.getByTestId('import-item');
    await items.first().waitFor({ timeout: 30_000 });
    const count = await items.count();
    expect(count).toBeGreaterThan(1);
    // Every parcel with a boundary shows its ellipsoidal area in mu.
    const areas = await page.getByTestId('import-area').allTextContents();
    expect(areas.filter((a) => /^\d[\d,]*\.\d\d$/.test(a)).length).toBeGreaterThan(0);
    expect(await page.getByTestId('import-summary').textContent()).toContain(`共 ${count} 块`);

    // The preview's parcels are on the map.
    await expect.poll(() => page.evaluate(() => (window as any).__panhuo.map.getSource('import-preview') !== undefined)).toBe(true);
    await mapSettled();
    await page.screenshot({ path: `${SCREENSHOTS}/import-preview-all.png` });
    // Choosing a parcel's code flies the map to it and draws it bold.
    await dialog.getByRole('button', { name: 'ZMD-2021-002' }).click();
    await expect.poll(() => page.evaluate(() => (window as any).__panhuo.map.getZoom()), { timeout: 10_000 }).toBeGreaterThan(13);
    await mapSettled();
    await page.screenshot({ path: `${SCREENSHOTS}/import-preview.png` });

    // Valid parcels are chosen already; their codes are what must exist afterwards.
    const chosenCodes: string[] = [];
    for (let i = 0; i < count; i++) {
      const item = items.nth(i);
      if (await item.getByRole('checkbox', { name: /^导入 / }).isChecked()) chosenCodes.push((await item.locator('.import-item__code').textContent())!.trim());
    }
    expect(chosenCodes.length).toBeGreaterThan(0);
    // A parcel of the file lies outside every unit of the campaign: the import waits until the person confirms it.
    const importChosen = dialog.getByRole('button', { name: `导入所选 (${chosenCodes.length})` });
    expect(await page.getByTestId('import-pending').textContent()).toContain('须确认');
    expect(await importChosen.isDisabled()).toBe(true);
    for (const box of await dialog.getByTestId('import-checks').getByRole('checkbox').all()) await box.check();
    await page.getByTestId('import-pending').waitFor({ state: 'detached' });

    await dialog.getByRole('button', { name: `导入所选 (${chosenCodes.length})` }).click();
    const done = page.getByTestId('import-done');
    await done.waitFor({ timeout: 30_000 });
    expect(await done.textContent()).toContain(`已导入 ${chosenCodes.length} 个地块`);
    // Imported: the preview layer is gone.
    expect(await page.evaluate(() => (window as any).__panhuo.map.getSource('import-preview'))).toBeUndefined();

    const ids: number[] = [];
    for (const code of chosenCodes) {
      const found = (await env.server.get(`/api/parcels?campaign=1&q=${encodeURIComponent(code)}`)).body.features;
      expect(found.map((f: any) => f.properties.code)).toContain(code);
      ids.push(found.find((f: any) => f.properties.code === code).properties.id);
    }
    // The parcel tiles were fetched anew: the imported parcel the map shows is drawn from them now.
    await expect.poll(renderedParcels, { timeout: 20_000 }).toEqual(expect.arrayContaining([ids[chosenCodes.indexOf('ZMD-2021-002')]]));
    await dialog.getByRole('button', { name: '完成' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('exports the parcels of the current filter, and the open parcel, as files', async () => {
    await page.getByRole('button', { name: '导出' }).click();
    const menu = page.getByRole('group', { name: '导出地块' });
    await page.screenshot({ path: `${SCREENSHOTS}/export-menu.png` });
    const [download] = await Promise.all([page.waitForEvent('download'), menu.getByRole('link', { name: /GeoJSON/ }).first().click()]);
    expect(download.suggestedFilename()).toMatch(/\.geojson$/);
    const collection = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(collection.features.length).toBeGreaterThan(100);

    // With a parcel open, the menu offers that parcel alone.
    const [parcel] = (await env.server.get('/api/parcels?campaign=1&q=ZMD-2021-001')).body.features;
    await page.goto(`${env.server.url}/?campaign=1&parcel=${parcel.properties.id}`);
    await page.getByTestId('parcel-panel').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '导出' }).click();
    await expect.poll(() => menu.textContent()).toContain('当前地块 ZMD-2021-001');
    const [one] = await Promise.all([page.waitForEvent('download'), menu.locator('section').nth(1).getByRole('link', { name: /Excel 台账/ }).click()]);
    expect(one.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(statSync(await one.path()).size).toBeGreaterThan(1000);
  });
});
