import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withBrowser } from '../support/browser.ts';

const env = withBrowser();


async function openMap(path: string): Promise<Page> {
  const page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${env.server.url}${path}`);
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
  return page;
}

const renderedCategories = (page: Page) =>
  page.evaluate(() =>
    (window as any).__panhuo.map
      .queryRenderedFeatures()
      // Outlines, and below the legible zoom the parcels too small to read, drawn as points (core/tiles/generalisation.ts).
      .filter((f: any) => f.sourceLayer === 'parcels' || f.sourceLayer === 'parcel-points')
      .map((f: any) => f.properties.category as string),
  );

/**
 * The opening view of a whole city shows units, not parcels (core/tiles/generalisation.ts): zoom in to z10 over the
 * demo's densest place, 驿城区, where parcels of several categories are drawn, and wait for the map to settle.
 */
async function zoomInOnParcels(page: Page): Promise<void> {
  const [{ lon, lat }] = await env.server.db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(c) AS lon, ST_Y(c) AS lat FROM (SELECT ST_Centroid(ST_Collect(ST_PointOnSurface(p.geom))) AS c
     FROM parcels p JOIN units u ON u.id = p.unit_id WHERE u.name = '驿城区' AND p.deleted_at IS NULL AND p.geom IS NOT NULL) t`);
  await page.evaluate(
    ([lon, lat]) =>
      new Promise<void>((resolve) => {
        const map = (window as any).__panhuo.map;
        map.once('idle', () => resolve());
        map.jumpTo({ center: [lon, lat], zoom: 10 });
      }),
    [lon, lat],
  );
}

describe('finding parcels', () => {
  it('finds a parcel by part of its supervision number (电子监管号) and opens it', async () => {
    const idle = (await env.server.get('/api/parcels?campaign=1&category=idle&limit=1')).body.features[0].properties;
    const page = await openMap('/?campaign=1');
    await page.getByRole('combobox', { name: '搜索地块' }).fill(idle.supervisionNumber.slice(-10));
    const option = page.getByRole('listbox', { name: '搜索结果' }).getByRole('option').filter({ hasText: idle.code });
    await option.waitFor({ timeout: 15_000 });
    await option.click();
    const panel = page.getByTestId('parcel-panel');
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain(idle.code);
    expect(await page.getByTestId('ledger-mu').textContent()).toContain(idle.ledgerMu.toFixed(2));
    expect(new URL(page.url()).searchParams.get('parcel')).toBe(String(idle.id));
    await page.close();
  });

  it('filters the map by category, and a shared link restores the filter', async () => {
    const page = await openMap('/?campaign=1');
    await zoomInOnParcels(page);
    expect(new Set(await renderedCategories(page)).size).toBeGreaterThan(1);
    await page.getByRole('button', { name: /供后闲置/ }).first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('category')).toBe('idle');
    await expect.poll(async () => [...new Set(await renderedCategories(page))], { timeout: 15_000 }).toEqual(['idle']);

    const shared = await openMap(`/${new URL(page.url()).search}`);
    await zoomInOnParcels(shared);
    expect(await shared.getByRole('button', { name: /供后闲置/ }).first().getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => [...new Set(await renderedCategories(shared))], { timeout: 15_000 }).toEqual(['idle']);
    await page.close();
    await shared.close();
  });
});
