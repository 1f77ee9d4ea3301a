import { describe, expect, it } from 'vitest';
import { withBrowser } from '../support/browser.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';

const env = withBrowser();

interface UnitFigures {
  name: string;
  overall: { taskMu: number | null; disposedMu: number; rate: number | null };
}

describe('the war-room wall at 1920×1080', () => {
  it('renders, ranks the units, follows an edit made through the API, and says when the server is lost', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/wall?campaign=1`);
    await page.waitForSelector('body[data-wall-ready="true"]', { timeout: 45_000 });

    // First and last of the rank table: the units with the highest and lowest rate, worked out here from the figures.
    const progress = (await env.server.get('/api/campaigns/1/progress')).body as { units: UnitFigures[] };
    const rated = progress.units.filter((u) => u.overall.rate !== null).sort((a, b) => b.overall.rate! - a.overall.rate!);
    const rows = page.getByTestId('wall-rank').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(progress.units.length);
    expect(await rows.first().getAttribute('data-unit')).toBe(rated[0]!.name);
    expect(await rows.last().getAttribute('data-unit')).toBe(rated.at(-1)!.name);
    expect(await rows.first().locator('.wall-rank__rank').textContent()).toBe('1');

    // An admin deletes the leading unit's largest disposed parcel through the API; its row's rate changes with no reload.
    const leader = rated[0]!;
    const leaderRow = page.locator(`[data-testid="wall-rank"] tbody tr[data-unit="${leader.name}"]`);
    const rateText = (rate: number) => `${(rate * 100).toFixed(1)}%`;
    expect(await leaderRow.locator('.wall-bar__text').textContent()).toBe(rateText(leader.overall.rate!));
    const latest = (await env.server.get('/api/campaigns/1/disposals/latest?limit=500')).body.disposals as Array<{ parcelId: number; units: string[]; mu: number }>;
    const target = latest.filter((d) => d.units.length === 1 && d.units[0] === leader.name).sort((a, b) => b.mu - a.mu)[0]!;
    const parcel = (await env.server.get(`/api/parcels/${target.parcelId}`)).body;
    const login = await page.request.post(`${env.server.url}/api/auth/login`, { data: { username: 'admin', password: DEMO_PASSWORDS.admin } });
    const { csrfToken } = await login.json();
    const deleted = await page.request.delete(`${env.server.url}/api/parcels/${target.parcelId}?version=${parcel.properties.version}`, { headers: { 'x-csrf-token': csrfToken } });
    expect(deleted.status()).toBe(204);
    const after = (await env.server.get('/api/campaigns/1/progress')).body as { units: UnitFigures[] };
    const leaderAfter = after.units.find((u) => u.name === leader.name)!.overall;
    expect(leaderAfter.disposedMu).toBeLessThan(leader.overall.disposedMu);
    const shown = rateText(leaderAfter.rate!);
    expect(shown).not.toBe(rateText(leader.overall.rate!));
    await expect.poll(() => leaderRow.locator('.wall-bar__text').textContent(), { timeout: 15_000 }).toBe(shown);
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);

    // Unreachable: the wall keeps its figures and says since when; back online, it recovers by itself.
    const live = page.getByTestId('wall-live');
    await context.setOffline(true);
    await expect.poll(() => live.textContent(), { timeout: 15_000 }).toContain('连接中断');
    expect(await leaderRow.locator('.wall-bar__text').textContent()).toBe(shown);
    await context.setOffline(false);
    await expect.poll(() => live.textContent(), { timeout: 15_000 }).toContain('实时');
    await context.close();
  });

  it('replays an earlier week and shows the units with no boundary in its tables (Anze)', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/wall?campaign=1&date=2021-05-07`);
    await page.waitForSelector('body[data-wall-ready="true"]', { timeout: 45_000 });
    // The campaign's first day, before any disposal: every unit at 0%, all tied first.
    const ranks = await page.getByTestId('wall-rank').locator('.wall-rank__rank').allTextContents();
    expect(new Set(ranks)).toEqual(new Set(['1']));
    // No milestone is due yet: the verdict names the first one as not yet due.
    expect(await page.getByTestId('wall-verdict').textContent()).toContain('9月30日节点（70%）尚未到期');

    await page.goto(`${env.server.url}/wall?campaign=2`);
    await page.waitForSelector('body[data-wall-ready="true"]', { timeout: 45_000 });
    const anze = (await env.server.get('/api/campaigns/2')).body;
    const names = await page.getByTestId('wall-rank').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')));
    expect(names.sort()).toEqual(anze.units.features.map((f: { properties: { name: string } }) => f.properties.name).sort());
    expect(await page.getByTestId('wall-missing').textContent()).toContain('单位均无边界');
    await context.close();
  });

  it('gives a PNG of the wall for a briefing slide, drawn at twice the 1080p design', async () => {
    // Only for people with an account (a render costs a browser page).
    const anonymous = await fetch(`${env.server.url}/api/campaigns/1/wall.png?date=2021-09-30&task=idle`);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.message).toContain('请先登录');
    const login = await fetch(`${env.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORDS.leader }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const response = await fetch(`${env.server.url}/api/campaigns/1/wall.png?date=2021-09-30&task=idle`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([3840, 2160]);
    expect(png.length).toBeGreaterThan(100_000);
    const bad = await fetch(`${env.server.url}/api/campaigns/1/wall.png?task=everything`, { headers: { cookie } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('task');
  });
});
