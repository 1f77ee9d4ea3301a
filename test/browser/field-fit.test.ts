/**
 * The field map, 300 m from a parcel: after 我的位置 (following the person) and choosing the parcel, both the person and
 * the parcel are on screen, above the sheet, and an arrow on the person's dot points toward the parcel.
 */
import { bbox } from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { approach } from '../../core/geodesy.ts';
import { docsScreenshot, withBrowser } from '../support/browser.ts';

const env = withBrowser();

describe('field map', () => {
  it('fits both the person and the chosen parcel, with an arrow toward the parcel', async () => {
    const list = (await env.server.get('/api/parcels?campaign=1&category=idle&limit=100')).body.features as Feature<MultiPolygon, any>[];
    const target = list.find((f) => f.geometry && f.properties.supervisionNumber)!;
    const [west, south, east, north] = bbox(target.geometry);
    // About 300 m due west of the parcel's westernmost point.
    const position = { lon: west - 0.0032, lat: (south + north) / 2 };
    const context = await env.browser.newContext({
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN',
      geolocation: { longitude: position.lon, latitude: position.lat, accuracy: 8 }, permissions: ['geolocation'],
    });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/field?campaign=1`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    // Following the person first: the case where the parcel used to stay off screen.
    await page.getByRole('button', { name: /我的位置/ }).click();
    await page.getByRole('searchbox', { name: '搜索地块' }).fill(target.properties.supervisionNumber.slice(-9));
    const row = page.getByRole('button').filter({ hasText: target.properties.code });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await page.getByTestId('field-where').waitFor({ timeout: 15_000 });

    // Once the camera has settled: the person and every corner of the parcel's box are within the visible map.
    const visible = async () =>
      page.evaluate(
        ([points]) => {
          const map = (window as any).__panhuo.map;
          if (map.isMoving()) return false;
          const canvas = map.getCanvas().getBoundingClientRect();
          const sheet = document.querySelector('.field-sheet, [data-testid="parcel-sheet"]')?.getBoundingClientRect();
          const bottom = sheet ? Math.min(canvas.height, sheet.top - canvas.top) : canvas.height;
          return (points as number[][]).every(([lon, lat]) => {
            const p = map.project([lon, lat]);
            return p.x >= 0 && p.x <= canvas.width && p.y >= 0 && p.y <= bottom;
          });
        },
        [[[position.lon, position.lat], [west, south], [east, south], [east, north], [west, north]]],
      );
    await expect.poll(visible, { timeout: 15_000 }).toBe(true);

    // The arrow points toward the nearest edge: due east here, as the geodesy says.
    const me = page.getByRole('img', { name: '我的位置' });
    const expected = approach(position, target.geometry).nearest.bearingDeg;
    await expect.poll(() => me.getAttribute('data-toward-deg')).not.toBeNull();
    expect(Number(await me.getAttribute('data-toward-deg'))).toBeCloseTo(expected, 0);
    expect(Math.abs(expected - 90)).toBeLessThan(10);
    expect(await me.locator('.field-me__toward').isVisible()).toBe(true);
    await page.screenshot({ path: docsScreenshot('screenshot-field-fit.png') });
    await context.close();
  });
});
