/**
 * The field app on a phone: find a parcel by its 电子监管号, see how far it is, hand it to a map app with the right
 * coordinates, save units for offline use, record a field check with a photo while offline, and see it reach the
 * server when the network returns.
 */
import { bbox, booleanPointInPolygon, pointToLineDistance, polygonToLine } from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { wgs84ToBd09 } from '../../core/coords/bd09.ts';
import { wgs84ToGcj02 } from '../../core/coords/gcj02.ts';
import { approach, pointOnSurface } from '../../core/geodesy.ts';
import { linkCoordinates } from '../../core/navigation.ts';
import { withBrowser } from '../support/browser.ts';
import { signIn } from '../support/session.ts';
import { jpegWithExif } from '../support/photo.ts';

const env = withBrowser();

interface Target {
  id: number;
  code: string;
  supervisionNumber: string;
  unitId: number;
  unitName: string;
  geometry: MultiPolygon;
}

async function pickTarget(): Promise<Target> {
  const list = (await env.server.get('/api/parcels?campaign=1&category=idle&limit=100')).body.features as Feature<MultiPolygon, any>[];
  const feature = list.find((f) => f.geometry && f.properties.supervisionNumber)!;
  const p = feature.properties;
  return { id: p.id, code: p.code, supervisionNumber: p.supervisionNumber, unitId: p.unitId, unitName: p.unitName, geometry: feature.geometry };
}

async function phone(position: { lon: number; lat: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await env.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    geolocation: { longitude: position.lon, latitude: position.lat, accuracy: 8 },
    permissions: ['geolocation'],
  });
  const page = await context.newPage();
  return { context, page };
}

describe('field app', () => {
  it('finds a parcel by supervision number, measures the way there, and syncs a check recorded offline', async () => {
    const target = await pickTarget();
    // About 300 m due west of the parcel's westernmost point, at its middle latitude.
    const [west, south, , north] = bbox(target.geometry);
    const position = { lon: west - 0.0032, lat: (south + north) / 2 };
    const { context, page } = await phone(position);
    await page.goto(`${env.server.url}/field?campaign=1`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });

    // Sign in through the menu, with the existing sign-in dialog.
    await page.getByRole('button', { name: /菜单/ }).click();
    await page.getByRole('dialog', { name: '外业菜单' }).getByRole('button', { name: '登录' }).click();
    await page.getByLabel('用户名').fill('field');
    await page.getByLabel('密码').fill('panhuo-field-demo');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('dialog', { name: '登录盘活' }).waitFor({ state: 'detached' });

    // Save the parcel's unit for offline use: the size is shown before the download.
    await page.getByRole('button', { name: /菜单/ }).click();
    const menu = page.getByRole('dialog', { name: '外业菜单' });
    await menu.getByRole('checkbox', { name: target.unitName }).check();
    await expect.poll(() => menu.getByTestId('offline-estimate').textContent(), { timeout: 20_000 }).toMatch(/约 \d+ 宗地块，约 [\d.]+ (KB|MB)/);
    await menu.getByRole('button', { name: /下载并保存/ }).click();
    await expect.poll(() => menu.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/已保存 \d+ 宗地块/);
    await menu.getByRole('button', { name: '关闭菜单' }).click();

    // Part of the supervision number is enough.
    await page.getByRole('searchbox', { name: '搜索地块' }).fill(target.supervisionNumber.slice(-9));
    const row = page.getByRole('button').filter({ hasText: target.code });
    await row.waitFor({ timeout: 15_000 });
    const listed = Number((await row.getByTestId('result-distance').textContent())!.replace(/[^\d.]/g, ''));
    await row.click();

    const where = page.getByTestId('field-where');
    await where.waitFor({ timeout: 15_000 });
    const shownM = Number(await where.getAttribute('data-distance-m'));
    const expected = approach(position, target.geometry).nearest.distanceM;
    // The same geodesy, and a sphere (Turf) as an independent check within its 0.5% error.
    expect(shownM).toBeCloseTo(expected, 0);
    const outlines = polygonToLine(target.geometry);
    const spherical = Math.min(
      ...('features' in outlines ? outlines.features : [outlines]).map((line) => pointToLineDistance([position.lon, position.lat], line as Feature<any>, { units: 'meters' })),
    );
    expect(Math.abs(shownM - spherical) / spherical).toBeLessThan(0.01);
    expect(shownM).toBeGreaterThan(200);
    expect(Math.abs(listed - shownM)).toBeLessThan(1);
    expect(await where.textContent()).toMatch(new RegExp(`距地块边界 ${Math.round(shownM)} 米 · 东方向`));

    // Navigation: AMap gets GCJ-02, Baidu BD-09, of a destination that lies on the parcel.
    const nav = page.getByRole('group', { name: '导航到地块' });
    const destination = { lon: Number(await nav.getAttribute('data-lon')), lat: Number(await nav.getAttribute('data-lat')) };
    expect(booleanPointInPolygon([destination.lon, destination.lat], target.geometry)).toBe(true);
    const amap = linkCoordinates('amap', (await nav.getByRole('link', { name: '高德' }).getAttribute('href'))!)!;
    const gcj = wgs84ToGcj02(destination.lon, destination.lat);
    expect(amap[0]).toBeCloseTo(gcj[0], 6);
    expect(amap[1]).toBeCloseTo(gcj[1], 6);
    const baidu = linkCoordinates('baidu', (await nav.getByRole('link', { name: '百度' }).getAttribute('href'))!)!;
    const bd = wgs84ToBd09(destination.lon, destination.lat);
    expect(baidu[0]).toBeCloseTo(bd[0], 6);
    expect(baidu[1]).toBeCloseTo(bd[1], 6);

    // Offline: record a check with a photo taken on the parcel.
    await context.setOffline(true);
    await page.getByRole('status').filter({ hasText: '离线模式' }).waitFor();
    await page.getByRole('button', { name: '记录外业核查' }).click();
    await page.getByRole('radio', { name: '已动工' }).click();
    await page.getByLabel('现场情况说明').fill('场地已平整，围挡完好，未见主体施工');
    const photo = jpegWithExif({ ...destination, takenAt: new Date(Date.now() - 120_000) });
    await page.locator('input[type="file"]').setInputFiles({ name: 'site.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect.poll(() => page.getByTestId('photo-meta').textContent(), { timeout: 10_000 }).toContain('在地块内');
    await page.getByRole('button', { name: '保存核查记录' }).click();
    const queued = page.getByTestId('queued-check').first();
    await expect.poll(() => queued.textContent(), { timeout: 10_000 }).toContain('待同步');
    const clientId = (await queued.getAttribute('data-client-id'))!;

    // Closing and reopening the app offline loses nothing: the service worker serves the app, IndexedDB the parcel
    // and the queue; search works from the saved copy.
    await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), null, { timeout: 15_000 });
    await page.reload();
    const sheet = page.getByTestId('parcel-sheet');
    await expect.poll(() => sheet.textContent(), { timeout: 30_000 }).toContain('离线数据');
    expect(await sheet.getByTestId('supervision-number').textContent()).toBe(target.supervisionNumber);
    await expect.poll(() => page.locator(`[data-client-id="${clientId}"]`).textContent(), { timeout: 15_000 }).toContain('待同步');
    await page.getByRole('button', { name: '关闭地块' }).click();
    await page.getByRole('searchbox', { name: '搜索地块' }).fill(target.supervisionNumber.slice(-9));
    const offlineResults = page.getByRole('region', { name: /搜索结果/ });
    await expect.poll(() => offlineResults.textContent(), { timeout: 15_000 }).toContain(target.code);
    expect(await offlineResults.textContent()).toContain('离线数据');
    await offlineResults.getByRole('button').filter({ hasText: target.code }).click();

    await context.setOffline(false);
    await expect.poll(() => page.locator(`[data-client-id="${clientId}"]`).textContent(), { timeout: 30_000 }).toContain('已同步');

    const admin = await signIn(env.server.url, 'admin', 'panhuo-admin-demo');
    const detail = (await admin.request('GET', `/api/parcels/${target.id}`)).body;
    const check = detail.fieldChecks.find((c: { clientId: string }) => c.clientId === clientId);
    expect(check).toBeTruthy();
    expect(check.state).toBe('started');
    expect(check.notes).toContain('围挡完好');
    expect(check.photos).toHaveLength(1);
    expect(check.photos[0].positionCheck).toBe('inside');
    expect(check.position.lon).toBeCloseTo(position.lon, 5);
    await context.close();
  });

  it('sends a check again within seconds when it did not get through although the browser said online', async () => {
    const target = await pickTarget();
    const { context, page } = await phone(pointOnSurface(target.geometry));
    await page.goto(`${env.server.url}/field?campaign=1&parcel=${target.id}`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    await page.getByRole('button', { name: /菜单/ }).click();
    await page.getByRole('dialog', { name: '外业菜单' }).getByRole('button', { name: '登录' }).click();
    await page.getByLabel('用户名').fill('field');
    await page.getByLabel('密码').fill('panhuo-field-demo');
    await page.getByRole('dialog', { name: '登录盘活' }).getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('dialog', { name: '登录盘活' }).waitFor({ state: 'detached' });

    // A weak signal: navigator.onLine stays true, no offline or online event comes, the upload fails.
    const upload = '**/api/parcels/*/field-checks';
    await page.route(upload, (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
    await page.getByRole('button', { name: '记录外业核查' }).click();
    await page.getByRole('radio', { name: '未动工' }).click();
    await page.getByLabel('现场情况说明').fill('信号弱，首次上传失败');
    await page.getByRole('button', { name: '保存核查记录' }).click();
    const queued = page.getByTestId('queued-check').first();
    await expect.poll(() => queued.textContent(), { timeout: 10_000 }).toContain('网络不可用');
    const clientId = (await queued.getAttribute('data-client-id'))!;
    expect(await page.evaluate(() => navigator.onLine)).toBe(true);

    // The signal returns without the browser saying so: the next try (5 s after the failure) gets through, not a minute later.
    await page.unroute(upload);
    await expect.poll(() => page.locator(`[data-client-id="${clientId}"]`).textContent(), { timeout: 20_000 }).toContain('已同步');
    await context.close();
  });

  it('standing in a parcel: lists it first among the nearby parcels and says so', async () => {
    const target = await pickTarget();
    const inside = pointOnSurface(target.geometry);
    const { context, page } = await phone(inside);
    await page.goto(`${env.server.url}/field?campaign=1`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    await page.getByRole('button', { name: '附近地块' }).click();
    const nearby = page.getByRole('region', { name: '附近地块' });
    const first = nearby.getByRole('button').filter({ hasText: /ZMD-/ }).first();
    await expect.poll(() => first.textContent(), { timeout: 20_000 }).toContain(target.code);
    expect(await first.getByTestId('result-distance').textContent()).toBe('所在地块');
    await first.click();
    await expect.poll(() => page.getByTestId('field-where').textContent(), { timeout: 15_000 }).toContain('您在地块内');
    // Nobody signed in: the sheet offers sign-in instead of a form that could not be sent.
    expect(await page.getByTestId('parcel-sheet').getByRole('button', { name: '登录' }).count()).toBe(1);
    await context.close();
  });
});
