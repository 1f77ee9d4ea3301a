import { describe, expect, it } from 'vitest';
import { withBrowser } from '../support/browser.ts';
import { DEMO_PASSWORDS, signIn } from '../support/session.ts';

const env = withBrowser();

describe('the warnings view', () => {
  it('shows the count in the header, groups warnings by kind, and a click opens the parcel on the map', async () => {
    // The demo records no start facts: its idle parcels read 资料不全 until a person records "not started".
    const before = (await env.server.get('/api/campaigns/1/warnings')).body;
    const unrecorded = before.warnings.find((w: any) => w.kind === 'idle_land' && w.facts.idleClass === 'incomplete' && w.facts.daysToIdle < -400);
    const admin = await signIn(env.server.url, 'admin', DEMO_PASSWORDS.admin!);
    expect((await admin.request('PUT', `/api/parcels/${unrecorded.parcelId}/idle-assessment`, {})).status).toBe(200);
    const api = (await env.server.get('/api/campaigns/1/warnings')).body;
    const target = api.warnings.find((w: any) => w.kind === 'idle_land' && w.facts.idleClass === 'recoverable');
    expect(target.parcelId).toBe(unrecorded.parcelId);
    const page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${env.server.url}/?campaign=1`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });

    const button = page.getByRole('button', { name: /^预警/ });
    await expect.poll(() => page.getByTestId('warnings-count').textContent(), { timeout: 15_000 }).toBe(String(api.counts.total));
    await button.click();
    const panel = page.getByTestId('warnings-panel');
    await panel.waitFor();
    expect(await panel.getByRole('region', { name: '闲置土地' }).locator('h3').textContent()).toContain(String(api.counts.byKind.idle_land));

    // Narrowing to one kind leaves only that kind's group.
    await panel.getByRole('group', { name: '预警类型' }).getByRole('button', { name: /^面积不符/ }).click();
    await expect.poll(() => panel.getByTestId('warning-item').count()).toBe(api.counts.byKind.area_mismatch);
    await panel.getByRole('group', { name: '预警类型' }).getByRole('button', { name: /^闲置土地/ }).click();

    const zoomBefore: number = await page.evaluate(() => (window as any).__panhuo.map.getZoom());
    await panel.locator(`[data-testid="warning-item"][data-parcel-id="${target.parcelId}"]`).click();
    const parcelPanel = page.getByTestId('parcel-panel');
    await expect.poll(() => parcelPanel.locator('h2').textContent(), { timeout: 15_000 }).toBe(target.parcelCode);
    expect(new URL(page.url()).searchParams.get('parcel')).toBe(String(target.parcelId));
    await expect.poll(() => page.getByTestId('idle-class').textContent(), { timeout: 15_000 }).toContain('闲置满两年');
    // The map flies to the parcel: closer in, with the parcel drawn in view.
    await expect.poll(() => page.evaluate(() => (window as any).__panhuo.map.getZoom()), { timeout: 20_000 }).toBeGreaterThan(zoomBefore + 1);
    await expect
      .poll(() => page.evaluate((id) => (window as any).__panhuo.map.queryRenderedFeatures().some((f: any) => f.sourceLayer === 'parcels' && Number(f.id) === id), target.parcelId), { timeout: 20_000 })
      .toBe(true);
    await page.close();
  });

  it('opens the desk with the warning counts only, and fetches one page of the list when the view opens', async () => {
    const counts = (await env.server.get('/api/campaigns/1/warnings/counts')).body;
    const page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const asked: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.includes('/warnings')) asked.push(url.pathname + url.search);
    });
    await page.goto(`${env.server.url}/?campaign=1`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    await expect.poll(() => page.getByTestId('warnings-count').textContent(), { timeout: 15_000 }).toBe(String(counts.counts.total));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((u) => u.startsWith('/api/campaigns/1/warnings/counts'))).toBe(true);

    await page.getByRole('button', { name: /^预警/ }).click();
    const panel = page.getByTestId('warnings-panel');
    await expect.poll(() => panel.getByTestId('warning-item').count(), { timeout: 15_000 }).toBe(Math.min(50, counts.counts.total));
    const lists = asked.filter((u) => !u.startsWith('/api/campaigns/1/warnings/counts'));
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((u) => new URLSearchParams(u.split('?')[1]).get('limit') === '50')).toBe(true);
    if (counts.counts.total > 50) {
      await panel.getByRole('button', { name: /^再显示/ }).click();
      await expect.poll(() => panel.getByTestId('warning-item').count(), { timeout: 15_000 }).toBe(Math.min(100, counts.counts.total));
    }
    await page.close();
  });

  it('prints the daily digest with the same counts', async () => {
    const api = (await env.server.get('/api/campaigns/1/warnings?date=2021-09-30')).body;
    const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${env.server.url}/digest?campaign=1&date=2021-09-30`);
    const total = page.getByTestId('digest-summary').locator('tfoot td').last();
    await expect.poll(() => total.textContent(), { timeout: 15_000 }).toBe(String(api.counts.total));
    const first = api.warnings.find((w: any) => w.parcelId != null);
    expect(await page.locator(`a[href="/?campaign=1&parcel=${first.parcelId}"]`).count()).toBeGreaterThan(0);
    await page.close();
  });

  it('an editor records a government cause in the parcel panel; a missing note is refused in Chinese', async () => {
    const api = (await env.server.get('/api/campaigns/1/warnings')).body;
    const target = api.warnings.find((w: any) => w.kind === 'idle_land' && w.unitName === '驿城区' && w.facts.idleClass !== 'government_cause');
    const page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${env.server.url}/?campaign=1&parcel=${target.parcelId}`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByLabel('用户名').fill('yicheng');
    await page.getByLabel('密码').fill('panhuo-editor-demo');
    await page.locator('dialog').getByRole('button', { name: '登录' }).click();

    await page.getByRole('button', { name: '录入开工情况' }).click();
    const form = page.getByRole('form', { name: '录入开工情况' });
    await form.getByRole('checkbox').check();
    await form.getByRole('button', { name: '保存' }).click();
    expect(await form.getByRole('alert').textContent()).toContain('须填写政府原因说明');
    await form.getByLabel('政府原因说明（必填）').fill('征地拆迁未完成，未按约定交地');
    await form.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByTestId('idle-class').textContent(), { timeout: 15_000 }).toContain('政府原因闲置');
    const detail = (await env.server.get(`/api/parcels/${target.parcelId}`)).body;
    expect(detail.idleAssessment).toMatchObject({ governmentCause: true, governmentCauseNote: '征地拆迁未完成，未按约定交地', recordedBy: 'yicheng' });
    await page.close();
  });
});
