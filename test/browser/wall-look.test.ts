import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { daysLeftText } from '../../core/rhythm/key-cases.ts';
import { formatChange } from '../../core/rhythm/monthly-ranking.ts';
import { CATEGORY_COLORS } from '../../web/features/map/palette.ts';
import { OVERVIEW_SECONDS } from '../../web/features/wall/tour.ts';
import { withBrowser } from '../support/browser.ts';
import { hueDistance, hueOf } from '../support/colour.ts';

const env = withBrowser();

/** Font sizes come from the viewport (vw/vh): 28 px can compute as 27.9999. */
const PX = 0.01;

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
      // The side column's cards, and whether the rank table's last row is inside its card (not cut off by the key cases).
      cards: [...document.querySelectorAll<HTMLElement>('.wall-side > *')].map((e) => {
        const r = e.getBoundingClientRect();
        return { name: e.getAttribute('aria-label') ?? e.className, top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      }),
      mapBox: (() => {
        const r = document.querySelector('.wall-map-box')!.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      })(),
      lastRowBottom: document.querySelector('.wall-rank tbody tr:last-child')!.getBoundingClientRect().bottom,
      rankBottom: document.querySelector('.wall-rank')!.getBoundingClientRect().bottom,
    };
  });
}

type Box = { top: number; bottom: number; left: number; right: number };
const overlaps = (a: Box, b: Box) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

/** Nothing on the side column covers anything else, nor the map; the rank table shows all its rows. */
function expectLaidOut(m: Awaited<ReturnType<typeof measure>>) {
  for (const [i, a] of m.cards.entries()) {
    expect(overlaps(a, m.mapBox), `${a.name} over the map`).toBe(false);
    for (const b of m.cards.slice(i + 1)) expect(overlaps(a, b), `${a.name} over ${b.name}`).toBe(false);
  }
  expect(m.lastRowBottom).toBeLessThanOrEqual(m.rankBottom + 0.5);
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
    // The key cases and the month's moves are on the wall (their text is among the sizes measured above), laid out clear.
    expect(m.cards.map((c) => c.name)).toContain('重点案件挂牌督办');
    expectLaidOut(m);
    await page.close();
  });

  it('shows the latest month’s rank and move per unit as 月度通报 has them, and the key cases as the API lists them by that day', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await openWall(page, 'campaign=1&date=2021-10-15');
    // 月度通报 as of the wall's date: September's ranking (its last report week, 09-24) against August's.
    const monthly = (await env.server.get('/api/campaigns/1/monthly-ranking?date=2021-10-15')).body;
    expect(monthly.latest.month).toBe('2021-09');
    const rank = page.getByTestId('wall-rank');
    expect(await rank.locator('thead th').last().textContent()).toBe('9月排名');
    const shown = await rank.locator('tbody tr').evaluateAll((rows) => rows.map((r) => ({ unit: r.getAttribute('data-unit'), month: r.querySelector('.wall-rank__extra')!.textContent })));
    expect(shown).toHaveLength(13);
    const moves = monthly.latest.rankings.overall as Array<{ name: string; rank: number; change: number | null }>;
    // Some unit moved, or the column would show nothing worth a test.
    expect(moves.some((r) => r.change)).toBe(true);
    for (const row of shown) {
      const r = moves.find((x) => x.name === row.unit)!;
      expect(row.month).toBe(`${r.rank} ${formatChange(r.change)}`);
    }
    // Switching the task type switches the column to that ranking.
    await page.getByRole('tab', { name: /闲置土地/ }).click();
    await expect.poll(() => page.locator('.wall-rank').getAttribute('aria-label')).toBe('完成率排名 · 闲置土地');
    const idle = monthly.latest.rankings.idle as Array<{ name: string; rank: number | null; change: number | null }>;
    const idleShown = await page.locator('.wall-rank tbody tr').evaluateAll((rows) => rows.map((r) => ({ unit: r.getAttribute('data-unit'), month: r.querySelector('.wall-rank__extra')!.textContent })));
    for (const row of idleShown) {
      const r = idle.find((x) => x.name === row.unit)!;
      expect(row.month).toBe(r.rank == null ? '—' : `${r.rank} ${formatChange(r.change)}`);
    }

    // 重点案件: the cases under supervision on 10-15, overdue first, each with its unit and days overdue or left.
    const api = (await env.server.get('/api/campaigns/1/key-cases?date=2021-10-15')).body.cases as Array<{ id: number; status: string; daysLeft: number; parcels: Array<{ unit: string }> }>;
    const open = api.filter((c) => c.status !== 'closed');
    expect(open.filter((c) => c.status === 'overdue').length).toBeGreaterThan(0);
    const card = page.getByTestId('wall-key-cases');
    const items = await card.locator('li').evaluateAll((lis) =>
      lis.map((li) => ({ id: Number(li.getAttribute('data-case')), unit: li.querySelector('.wall-case__unit')!.textContent, days: li.querySelector('.wall-case__days')!.textContent, red: getComputedStyle(li.querySelector('.wall-case__days')!).backgroundColor })),
    );
    expect(items.map((i) => i.id)).toEqual(open.slice(0, 3).map((c) => c.id));
    for (const item of items) {
      const c = open.find((x) => x.id === item.id)!;
      expect(item.unit).toBe(c.parcels[0]!.unit);
      expect(item.days).toBe(daysLeftText(c.daysLeft));
      // Overdue on the 滞后 red of the legend; the others on no fill.
      const legendRed = await page.locator('.wall-legend [data-pace="behind"] .swatch').evaluate((e) => getComputedStyle(e).backgroundColor);
      if (c.status === 'overdue') expect(item.red).toBe(legendRed);
      else expect(item.red).not.toBe(legendRed);
    }
    expect(await card.locator('h2').textContent()).toContain(`逾期 ${open.filter((c) => c.status === 'overdue').length} 件`);
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
    expectLaidOut(m);
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
    // The page's clock runs on its own, but can be moved on: the overview's 20 s are skipped rather than waited out.
    await page.clock.install();
    await openWall(page, 'campaign=1&date=2021-10-15&kiosk=1');
    const camera = () => page.evaluate(() => ({ zoom: window.__panhuo!.map.getZoom(), center: window.__panhuo!.map.getCenter().toArray() }));
    const before = await camera();
    // The overview stop comes first, then the unit furthest behind.
    const callout = page.getByTestId('wall-callout');
    expect(await callout.count()).toBe(0);
    await page.clock.fastForward(OVERVIEW_SECONDS * 1000);
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
