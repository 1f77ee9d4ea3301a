import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pointOnFeature } from '@turf/turf';
import { withBrowser } from '../support/browser.ts';

const env = withBrowser();
let page: Page;

beforeAll(async () => {
  page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
});

/** Rendered parcel features from the vector tiles, as MapLibre reports them. */
const renderedParcels = () =>
  page.evaluate(() => {
    const map = (window as any).__panhuo.map;
    return map.queryRenderedFeatures().filter((f: any) => f.sourceLayer === 'parcels').map((f: any) => Number(f.id));
  });

describe('the map page', () => {
  it('reports itself drawn only once the units are drawn too (the opening view whole)', async () => {
    const opening = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
    // Read at the very moment the page says it is ready (the units once came a round through the worker later).
    await opening.addInitScript(() => {
      new MutationObserver(() => {
        const w = window as any;
        if (document.body?.dataset.mapReady === 'true' && w.__unitsAtReady === undefined) {
          w.__unitsAtReady = w.__panhuo.map.queryRenderedFeatures({ layers: ['units-fill'] }).length;
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-map-ready'] });
    });
    await opening.goto(`${env.server.url}/?campaign=1`);
    await opening.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    expect(await opening.evaluate(() => (window as any).__unitsAtReady)).toBeGreaterThan(0);
    await opening.close();
  });

  it('draws parcels from the vector tiles; clicking one opens its ledger record with its ledger mu', async () => {
    // A large parcel that passes the area check, and a point surely inside it.
    const list = (await env.server.get('/api/parcels?campaign=1&category=expropriated_not_supplied&limit=200')).body.features;
    const parcel = list.filter((f: any) => f.properties.ledgerMu > 100).sort((a: any, b: any) => b.properties.ledgerMu - a.properties.ledgerMu)[0];
    const [lon, lat] = pointOnFeature(parcel).geometry.coordinates as [number, number];

    // The page's first questions go out once each, from index.html before the script has run, and the app takes
    // those answers rather than asking again.
    const asked: string[] = [];
    const mainScriptDone = { at: Infinity };
    const t0 = Date.now();
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (/^\/api\/(config|campaigns|campaigns\/1|auth\/me)$/.test(path)) asked.push(`${path}@${Date.now() - t0}`);
    });
    page.on('requestfinished', (request) => {
      if (/\/assets\/main-.*\.js$/.test(request.url())) mainScriptDone.at = Date.now() - t0;
    });
    await page.goto(`${env.server.url}/?campaign=1&lon=${lon}&lat=${lat}&z=15`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    await expect.poll(renderedParcels, { timeout: 20_000 }).toContain(parcel.id);
    const paths = asked.map((a) => a.split('@')[0]).sort();
    expect(paths).toEqual(['/api/auth/me', '/api/campaigns', '/api/campaigns/1', '/api/config']);
    for (const a of asked) expect(Number(a.split('@')[1])).toBeLessThanOrEqual(mainScriptDone.at);

    const canvas = (await page.locator('canvas.maplibregl-canvas').boundingBox())!;
    const pixel = await page.evaluate(([x, y]) => (window as any).__panhuo.map.project([x, y]), [lon, lat]);
    await page.mouse.click(canvas.x + pixel.x, canvas.y + pixel.y);

    const panel = page.getByTestId('parcel-panel');
    await panel.waitFor({ timeout: 15_000 });
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain(parcel.properties.code);
    expect(await page.getByTestId('ledger-mu').textContent()).toContain(parcel.properties.ledgerMu.toFixed(2));
    expect(new URL(page.url()).searchParams.get('parcel')).toBe(String(parcel.id));
    await page.screenshot({ path: '.test-tmp/browser-parcel.png' });
  });

  it('shows every unit of the campaign in the progress panel, with 驿城区 and its task', async () => {
    const panel = page.getByTestId('progress-panel');
    await panel.waitFor();
    const text = (await panel.textContent())!;
    for (const name of ['驿城区', '开发区', '示范区', '高新区', '西平县', '新蔡县']) expect(text).toContain(name);
  });
});
