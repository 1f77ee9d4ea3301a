/**
 * Base layers in the browser: an offline package (PMTiles built from GDAL's tiles of the demo units) set as the default
 * by the admin is what the desk draws — its source in the map's style, its byte ranges fetched from the server — with
 * the switcher and the credit; the wall draws it too; the admin's dialog lists it and refuses a CGCS2000 (EPSG:4490) grid beside the field;
 * the field app's 离线保存 offers the package with its size, saves it, and serves its ranges with no network.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsScreenshot, signInThroughTopBar, withBrowser } from '../support/browser.ts';
import { gdalBasemap, type BasemapFixture } from '../support/basemap-fixture.ts';
import { signIn } from '../support/session.ts';

const env = withBrowser();
let fixture: BasemapFixture;
let packageId: string;
const NAME = '驻马店影像（离线包）';
const CREDIT = '影像 © 驻马店市自然资源和规划局（测试）';

beforeAll(async () => {
  fixture = await gdalBasemap();
  const login = await fetch(`${env.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'panhuo-admin-demo' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const upload = await fetch(`${env.server.url}/api/basemaps/packages?${new URLSearchParams({ name: NAME, attribution: CREDIT, fileName: 'zhumadian.pmtiles' })}`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/octet-stream' },
    body: fixture.bytes as unknown as BodyInit,
  });
  packageId = ((await upload.json()) as { id: string }).id;
  const admin = await signIn(env.server.url, 'admin', 'panhuo-admin-demo');
  await admin.request('POST', '/api/basemaps', { kind: 'xyz', name: '市局影像服务', attribution: '影像 © 驻马店市自然资源和规划局', url: 'https://imagery.zmd.example/tiles/{z}/{x}/{y}.jpg', maxZoom: 19 });
  await admin.request('POST', '/api/basemaps', { kind: 'tianditu', key: '0123456789abcdef0123456789abcdef', layer: 'img' });
  const list = (await env.server.get('/api/basemaps')).body;
  const order = [packageId, ...list.layers.filter((l: any) => l.id !== packageId).map((l: any) => l.id)];
  expect((await admin.request('PUT', '/api/basemaps/arrangement', { order, defaultId: packageId })).status).toBe(200);
});
afterAll(() => fixture?.remove());

/** Range requests for the package that the server answered, as the page saw them. */
function packageResponses(page: Page): Array<{ status: number; range: string | null }> {
  const seen: Array<{ status: number; range: string | null }> = [];
  page.on('response', (response) => {
    if (response.url().endsWith(`/tiles/basemaps/${packageId}.pmtiles`)) seen.push({ status: response.status(), range: response.request().headers().range ?? null });
  });
  return seen;
}

describe('base layers', () => {
  it('the desk opens on the default base layer: in the style, fetched by ranges, credited, switchable', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const responses = packageResponses(page);
    await page.goto(`${env.server.url}/?campaign=1`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    const source = `base-${packageId}`;
    await page.waitForFunction((id) => Boolean(window.__panhuo?.map.getSource(id)), source, { timeout: 15_000 });
    const style = await page.evaluate((id) => window.__panhuo!.map.getStyle().sources[id], source);
    expect(style).toMatchObject({ type: 'raster', url: `pmtiles://${env.server.url}/tiles/basemaps/${packageId}.pmtiles` });
    // The base layer lies under our own: its layer comes before the units in the style.
    const order = await page.evaluate(() => window.__panhuo!.map.getStyle().layers.map((l) => l.id));
    expect(order.indexOf(source)).toBeLessThan(order.indexOf('units-outline'));
    // The header, then the tiles: byte ranges answered 206 by the server.
    await expect.poll(() => responses.filter((r) => r.status === 206).length, { timeout: 20_000 }).toBeGreaterThan(1);
    expect(responses.every((r) => r.range?.startsWith('bytes='))).toBe(true);
    await page.waitForFunction((id) => window.__panhuo!.map.isSourceLoaded(id), source, { timeout: 20_000 });

    const switcher = page.getByTestId('basemap-switcher');
    expect(await switcher.getByRole('button', { pressed: true }).textContent()).toBe(`${NAME}默认`);
    expect(await page.getByTestId('basemap-credit').textContent()).toBe(CREDIT);
    await page.screenshot({ path: docsScreenshot('screenshot-basemaps.png') });

    // Switching: the tile service's source replaces the package's; 单位边界 removes every base source.
    await switcher.getByRole('button', { name: '市局影像服务' }).click();
    await expect.poll(() => page.evaluate(() => Object.keys(window.__panhuo!.map.getStyle().sources).filter((s) => s.startsWith('base-')))).toEqual([expect.stringMatching(/^base-\d+-0$/)]);
    expect(await page.getByTestId('basemap-credit').textContent()).toBe('影像 © 驻马店市自然资源和规划局');
    await switcher.getByRole('button', { name: '单位边界' }).click();
    await expect.poll(() => page.evaluate(() => Object.keys(window.__panhuo!.map.getStyle().sources).filter((s) => s.startsWith('base-')))).toEqual([]);
    await page.close();
  });

  it('the wall draws the default under the pace colours, with its credit', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const responses = packageResponses(page);
    await page.goto(`${env.server.url}/wall?campaign=1`);
    await page.waitForFunction((id) => Boolean(window.__panhuo?.map.getSource(id)), `base-${packageId}`, { timeout: 45_000 });
    const order = await page.evaluate(() => window.__panhuo!.map.getStyle().layers.map((l) => l.id));
    expect(order.indexOf(`base-${packageId}`)).toBeLessThan(order.indexOf('wall-units-fill'));
    await expect.poll(() => responses.filter((r) => r.status === 206).length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.locator('.wall-map-credit').textContent()).toBe(CREDIT);
    await page.close();
  });

  it('the admin’s dialog lists the layers and refuses a CGCS2000 grid beside the field', async () => {
    // Tall enough for the whole dialog in its picture.
    const page = await env.browser.newPage({ viewport: { width: 1440, height: 1080 }, locale: 'zh-CN' });
    await page.goto(`${env.server.url}/?campaign=1`);
    await signInThroughTopBar(page, 'admin', 'panhuo-admin-demo', '管理员');
    await page.getByRole('button', { name: '管理' }).click();
    await page.getByRole('button', { name: /底图设置/ }).click();
    const dialog = page.getByTestId('basemap-dialog');
    const list = dialog.getByTestId('basemap-list');
    await expect.poll(() => list.textContent(), { timeout: 15_000 }).toContain(NAME);
    expect(await list.textContent()).toContain('PNG 影像');
    expect(await dialog.getByRole('radio', { name: `默认：${NAME}` }).isChecked()).toBe(true);

    await dialog.getByRole('button', { name: '添加瓦片服务或天地图…' }).click();
    const form = dialog.getByTestId('basemap-form');
    await form.getByLabel('类型').selectOption('wmts');
    await form.getByLabel('名称').fill('省级节点（经纬度）');
    await form.getByLabel('版权说明（显示在地图上）').fill('© 天地图·河南');
    await form.getByLabel('瓦片地址模板').fill('https://henan.example.cn/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=img&TILEMATRIXSET=EPSG:4490&TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}');
    await form.getByLabel('坐标系').fill('EPSG:4490');
    await form.getByRole('button', { name: '添加底图' }).click();
    const crsError = form.locator('.form-field--invalid').filter({ hasText: '坐标系' });
    await expect.poll(() => crsError.textContent(), { timeout: 10_000 }).toContain('EPSG:4490 是 CGCS2000 经纬度瓦片矩阵');
    expect(await form.locator('.form-field--invalid').filter({ hasText: '瓦片地址模板' }).textContent()).toContain('经纬度瓦片矩阵');
    await dialog.screenshot({ path: docsScreenshot('screenshot-basemap-admin.png') });
    await page.close();
  });

  it('the field app’s 离线保存 offers the package with its size, saves it, and its ranges are served offline', async () => {
    const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/field?campaign=1`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    // The field map opens on the admin's default too.
    await page.waitForFunction((id) => Boolean(window.__panhuo?.map.getSource(id)), `base-${packageId}`, { timeout: 15_000 });
    await page.getByRole('button', { name: /菜单/ }).click();
    const menu = page.getByRole('dialog', { name: '外业菜单' });
    await menu.getByRole('checkbox', { name: '驿城区' }).check();
    const offered = menu.getByTestId('offline-package');
    const megabytes = (fixture.bytes.length / 1024 / 1024).toFixed(1);
    const size = fixture.bytes.length < 1024 * 1024 ? `${Math.round(fixture.bytes.length / 1024)} KB` : `${megabytes} MB`;
    await expect.poll(() => offered.textContent(), { timeout: 15_000 }).toBe(`同时保存离线底图包“${NAME}”：整包 ${size}`);
    await menu.getByRole('button', { name: /下载并保存/ }).click();
    await expect.poll(() => menu.getByRole('status').textContent(), { timeout: 60_000 }).toContain(`离线底图包“${NAME}”（${size}）`);

    await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), null, { timeout: 15_000 });
    await context.setOffline(true);
    const offline = await page.evaluate(async (url) => {
      const part = await fetch(url, { headers: { range: 'bytes=127-4222' } });
      const beyond = await fetch(url, { headers: { range: 'bytes=99999999-' } });
      return { status: part.status, range: part.headers.get('content-range'), bytes: [...new Uint8Array(await part.arrayBuffer())], beyond: beyond.status };
    }, `/tiles/basemaps/${packageId}.pmtiles`);
    expect(offline.status).toBe(206);
    expect(offline.range).toBe(`bytes 127-4222/${fixture.bytes.length}`);
    expect(offline.bytes).toEqual([...fixture.bytes.slice(127, 4223)]);
    expect(offline.beyond).toBe(416);
    await context.close();
  });
});
