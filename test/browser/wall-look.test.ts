import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CATEGORY_COLORS } from '../../web/features/map/palette.ts';
import { withBrowser } from '../support/browser.ts';

const env = withBrowser();

/** Font sizes come from the viewport (vw/vh): 28 px can compute as 27.9999. */
const PX = 0.01;

/** Hue in degrees (0–360) and saturation (0–1, HSL) of a CSS rgb()/rgba() or #rrggbb colour. */
function hueOf(color: string): { hue: number; saturation: number } {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  const rgb = hex
    ? [0, 2, 4].map((i) => Number.parseInt(hex[1]!.slice(i, i + 2), 16))
    : (/rgba?\(([^)]+)\)/.exec(color)?.[1] ?? '').split(',').slice(0, 3).map(Number);
  const [r, g, b] = rgb.map((v) => v / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  const lightness = (max + min) / 2;
  const saturation = d === 0 ? 0 : d / (1 - Math.abs(2 * lightness - 1));
  let hue = 0;
  if (d > 0) hue = max === r ? 60 * (((g - b) / d) % 6) : max === g ? 60 * ((b - r) / d + 2) : 60 * ((r - g) / d + 4);
  return { hue: (hue + 360) % 360, saturation };
}

/** Degrees between two hues, the short way round the circle. */
const hueDistance = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));

async function openWall(page: Page, query: string) {
  await page.goto(`${env.server.url}/wall?${query}`);
  // A 4K frame in software WebGL on a busy two-core machine takes a while.
  await page.waitForSelector('body[data-wall-ready="true"]', { timeout: 150_000 });
}

/** Measured in the page: the map canvas, the smallest text on the wall, the names MapLibre placed. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const canvas = document.querySelector('.wall-map canvas')!.getBoundingClientRect();
    // Every element that holds text of its own and is shown: its computed font size.
    const sizes: Array<{ text: string; px: number }> = [];
    for (const element of document.querySelectorAll<HTMLElement>('.wall *')) {
      const own = [...element.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent!.trim()).join('');
      if (!own || element.closest('[aria-hidden="true"]') || element.getClientRects().length === 0) continue;
      sizes.push({ text: own.slice(0, 20), px: Number.parseFloat(getComputedStyle(element).fontSize) });
    }
    const map = window.__panhuo!.map;
    const placed = map.queryRenderedFeatures({ layers: ['wall-unit-labels'] }).map((f) => String(f.properties.name));
    return {
      viewport: window.innerWidth * window.innerHeight,
      canvasArea: canvas.width * canvas.height,
      nameSizes: [...document.querySelectorAll('.wall-rank__name')].map((e) => Number.parseFloat(getComputedStyle(e).fontSize)),
      sizes,
      placed,
      labelPx: map.getLayoutProperty('wall-unit-labels', 'text-size') as number,
      behind: getComputedStyle(document.querySelector('.wall-legend [data-pace="behind"] .swatch')!).backgroundColor,
      behindTag: getComputedStyle(document.querySelector('.wall-rank .wall-pace.pace-behind')!).backgroundColor,
    };
  });
}

describe('the wall, read from five metres', () => {
  it('at 1920×1080: the map covers half the screen, every text is ≥ 28 px, 滞后 is red and no category is, all 13 units are labelled', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await openWall(page, 'campaign=1&date=2021-10-15');
    const m = await measure(page);
    console.log(`wall at 1080p: map canvas ${((m.canvasArea / m.viewport) * 100).toFixed(1)}% of the screen; smallest text ${Math.min(...m.sizes.map((s) => s.px))} px; map names ${m.labelPx} px`);

    expect(m.canvasArea / m.viewport).toBeGreaterThanOrEqual(0.5);
    const units = (await env.server.get('/api/campaigns/1')).body.units.features.map((f: { properties: { name: string } }) => f.properties.name);
    expect(units).toHaveLength(13);
    expect(m.nameSizes).toHaveLength(13);
    for (const px of m.nameSizes) expect(px).toBeGreaterThanOrEqual(28 - PX);
    expect(m.sizes.filter((s) => s.px < 28 - PX)).toEqual([]);

    // 滞后: red (hue within 20° of 0), strongly coloured; the map's key and the table's tag are the same colour.
    const behind = hueOf(m.behind);
    expect(hueDistance(behind.hue, 0)).toBeLessThanOrEqual(20);
    expect(behind.saturation).toBeGreaterThan(0.5);
    expect(m.behindTag).toBe(m.behind);
    // No category of the shared palette is that red (at least 20° of hue away from it).
    for (const color of Object.values(CATEGORY_COLORS)) expect(hueDistance(hueOf(color).hue, behind.hue)).toBeGreaterThan(20);

    // Every unit's name placed by MapLibre (a collided symbol is not rendered), at ≥ 28 px.
    expect([...new Set(m.placed)].sort()).toEqual([...units].sort());
    expect(m.labelPx).toBeGreaterThanOrEqual(28 - PX);
    await page.close();
  });

  it('at 3840×2160 the same design at twice the size', async () => {
    const page = await env.browser.newPage({ viewport: { width: 3840, height: 2160 } });
    await openWall(page, 'campaign=1&date=2021-10-15');
    const m = await measure(page);
    expect(m.canvasArea / m.viewport).toBeGreaterThanOrEqual(0.5);
    expect(Math.min(...m.sizes.map((s) => s.px))).toBeGreaterThanOrEqual(56 - PX);
    expect(m.labelPx).toBeGreaterThanOrEqual(56 - PX);
    expect(new Set(m.placed).size).toBe(13);
    await page.close();
  }, 240_000);

  it('a replay says 回放 with its date large, and judges the 9-30 milestone as the API does', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await openWall(page, 'campaign=1&date=2021-10-15');
    const date = page.getByTestId('wall-date');
    expect(await date.textContent()).toBe('回放截至 2021年10月15日');
    expect(await date.evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(32);
    expect(await page.getByTestId('wall-live').textContent()).not.toContain('实时 ·');

    const verdicts = (await env.server.get('/api/campaigns/1/milestone-verdicts?date=2021-10-15')).body;
    const overall = verdicts.milestones[0].tasks.overall;
    const box = page.getByTestId('wall-verdict');
    expect(await box.textContent()).toContain('9月30日（70%）');
    expect(await box.textContent()).toContain(`${overall.reached.length}/${overall.judged} 个单位达标`);
    expect(await box.textContent()).toContain(`${overall.missed[0].name} 差`);
    await page.close();
  });

  it('a kiosk stop shows its unit in a callout on the map, and the camera stays where the whole campaign is in view', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await openWall(page, 'campaign=1&date=2021-10-15&kiosk=1');
    const camera = () => page.evaluate(() => ({ zoom: window.__panhuo!.map.getZoom(), center: window.__panhuo!.map.getCenter().toArray() }));
    const before = await camera();
    // The overview stop comes first (20 s), then the unit furthest behind.
    const callout = page.getByTestId('wall-callout');
    await callout.waitFor({ timeout: 45_000 });
    const text = (await callout.textContent())!;
    for (const word of ['任务', '已处置', '差额', '距11月30日']) expect(text).toContain(word);
    const progress = (await env.server.get('/api/campaigns/1/progress?date=2021-10-15')).body as { units: Array<{ unitId: number; name: string; overall: { rate: number; pace: string } }> };
    const worst = progress.units.filter((u) => u.overall.pace === 'behind').sort((a, b) => a.overall.rate - b.overall.rate)[0]!;
    expect(text).toContain(worst.name);
    expect(await page.locator('.wall-rank tr.is-focus').getAttribute('data-unit')).toBe(worst.name);
    // The same unit outlined on the map.
    expect(await page.evaluate(() => window.__panhuo!.map.getFilter('wall-units-focus'))).toEqual(['==', ['get', 'id'], worst.unitId]);
    expect(await camera()).toEqual(before);
    await page.close();
  }, 90_000);

  it('an unknown or unreadable campaign is an error page, not another campaign; a campaign with no boundaries or tasks says what is missing and who adds it', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${env.server.url}/wall?campaign=99`);
    const error = page.getByTestId('wall-error');
    await error.waitFor();
    expect(await error.locator('h1').textContent()).toBe('找不到专项行动 99');
    const campaigns = (await env.server.get('/api/campaigns')).body.campaigns as Array<{ id: number; name: string }>;
    expect(await error.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(campaigns.map((c) => `/wall?campaign=${c.id}`));
    expect(await page.getByTestId('wall-rank').count()).toBe(0);

    await page.goto(`${env.server.url}/wall?campaign=abc`);
    await error.waitFor();
    expect(await error.locator('h1').textContent()).toBe('无法识别的专项行动');
    expect(await error.textContent()).toContain('abc');

    // Anze: towns with no boundary and no task tables yet.
    await openWall(page, 'campaign=2');
    const missing = page.getByTestId('wall-missing');
    const said = (await missing.textContent())!;
    expect(said).toContain('7 个单位均无边界');
    expect(said).toContain('任务分解表');
    expect(said).toContain('管理员');
    expect(await page.getByTestId('wall-rank').locator('tbody tr').count()).toBe(7);
    await page.close();
  });
});
