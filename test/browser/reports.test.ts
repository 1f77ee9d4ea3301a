import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { PACE_COLORS } from '../../core/palette/pace.ts';
import { docsScreenshot, launchChromium } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';
import { DEMO_PASSWORDS, signIn } from '../support/session.ts';

/** The server's clock: 16:00 China time on Friday 2021-10-01, two hours before that week's reports are due. */
let now = new Date('2021-10-01T08:00:00Z');
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer({ webRoot: process.env.PANHUO_WEB_ROOT ?? 'dist/web', clock: () => now });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function deskAs(username: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.request.post(`${server.url}/api/auth/login`, { data: { username, password: DEMO_PASSWORDS[username] } });
  await page.goto(`${server.url}/?campaign=1`);
  // Once the page has settled (session known, map drawn): the top bar is not re-rendered under the click.
  await page.getByTestId('user-menu').waitFor({ timeout: 30_000 });
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
  await page.getByRole('button', { name: '报表' }).click();
  await page.getByTestId('weekly-reports').waitFor({ timeout: 30_000 });
  return page;
}

describe('报表 on the desk', () => {
  it('an editor signs their unit’s week, corrected with a reason; after the deadline the admin sees who is late', async () => {
    const page = await deskAs('yicheng');
    const weekly = page.getByTestId('weekly-reports');
    expect(await weekly.getByLabel('报告周（截至周五）').inputValue()).toBe('2021-10-01');
    const row = weekly.locator('tr', { hasText: '驿城区' }).first();
    await row.getByRole('button', { name: '报送' }).click();
    const form = weekly.getByRole('form', { name: '驿城区本周报送' });
    const idle = form.getByLabel('闲置土地（亩）');
    await idle.fill(String(Number(await idle.inputValue()) + 3));
    await form.getByRole('button', { name: '签名报送' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('须填写更正理由');
    await form.getByLabel(/更正理由/).fill('一宗收回决定书本周送达，处置记录待录入');
    await form.getByRole('button', { name: '签名报送' }).click();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('已报送');
    expect(await row.locator('.reports-diff').first().textContent()).toContain('+3.00');
    // Another unit's row offers this editor nothing to do.
    expect(await weekly.locator('tr', { hasText: '开发区' }).first().getByRole('button').count()).toBe(0);
    await page.context().close();

    const kaifaqu = await signIn(server.url, 'kaifaqu', DEMO_PASSWORDS.kaifaqu!);
    const status = (await server.get('/api/campaigns/1/weekly-reports?friday=2021-10-01')).body;
    const row2 = status.rows.find((r: any) => r.unit === '开发区');
    expect((await kaifaqu.request('POST', `/api/campaigns/1/weekly-reports/2021-10-01/units/${row2.unitId}`, { figures: row2.recorded })).status).toBe(200);

    now = new Date('2021-10-01T12:00:00Z'); // 20:00: past the deadline
    const admin = await deskAs('admin');
    const adminWeekly = admin.getByTestId('weekly-reports');
    await expect.poll(() => adminWeekly.locator('.reports-counts').textContent(), { timeout: 10_000 }).toBe('已报送 2逾期报送 0待报送 0未报送 11');
    const missing = adminWeekly.locator('tr', { hasText: '确山县' }).first();
    expect(await missing.textContent()).toContain('未报送');
    await missing.getByRole('button', { name: '重新开放' }).click();
    await admin.screenshot({ path: docsScreenshot('screenshot-reports.png') });
    await admin.getByRole('button', { name: '月度通报' }).click();
    await admin.getByTestId('monthly-ranking').waitFor();
    await admin.screenshot({ path: '.test-tmp/screenshot-monthly.png' });
    await admin.context().close();
  });

  it('an overdue key case shows in 预警 and in its parcel’s panel; the latest monthly ranking is September’s', async () => {
    now = new Date('2021-10-01T04:00:00Z');
    const admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
    const [parcel] = await server.db.query<{ id: number; code: string }>("SELECT p.id, p.code FROM parcels p JOIN units u ON u.id = p.unit_id WHERE u.name = '确山县' AND p.category = 'idle' AND p.deleted_at IS NULL ORDER BY p.id LIMIT 1");
    const created = await admin.request('POST', '/api/campaigns/1/key-cases', { title: '确山县久拖不决闲置地', parcelCodes: [parcel!.code], leader: '市政府督查室', deadline: '2021-10-08', requiredOutcome: '依法收回' });
    expect(created.status).toBe(201);
    now = new Date('2021-10-12T04:00:00Z');

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/?campaign=1&parcel=${parcel!.id}`);
    const inPanel = page.getByTestId('parcel-key-cases');
    await expect.poll(() => inPanel.textContent(), { timeout: 30_000 }).toContain('已逾期 4 天');
    await page.getByRole('button', { name: /^预警/ }).click();
    await expect.poll(() => page.getByTestId('warnings-key-cases').textContent(), { timeout: 15_000 }).toContain('确山县久拖不决闲置地');
    await context.close();

    // The wall shows this month with its moves (test/browser/wall-look.test.ts).
    const monthly = (await server.get('/api/campaigns/1/monthly-ranking')).body.latest;
    expect(monthly.friday).toBe('2021-09-24');
    expect(monthly.rankings.overall).toHaveLength(13);
  });

  it('分包与设置: an admin sets the deadline, the footer and a unit’s leader, and the reports follow; a bad time is refused by name; others only read', async () => {
    const page = await deskAs('admin');
    // One pace palette: the desk's 滞后 is the palette's red, and its attention colour (warnings) is another.
    const colours = await page.evaluate(() => ['--pace-behind', '--attention'].map((v) => getComputedStyle(document.documentElement).getPropertyValue(v).trim()));
    expect(colours[0]).toBe(PACE_COLORS.behind);
    expect(colours[1]).not.toBe(colours[0]);

    await page.getByRole('button', { name: '分包与设置' }).click();
    const tab = page.getByTestId('rhythm-settings');
    const form = tab.getByRole('form', { name: '报送与通报' });
    await form.getByLabel('截止日').selectOption('1');
    await form.getByLabel('截止时间').fill('12:00');
    await form.getByLabel('主办').fill('市自然资源和规划局');
    await form.getByLabel('督办').fill('督查一科');
    await form.getByRole('button', { name: '保存设置' }).click();
    await expect.poll(() => form.getByRole('status').textContent(), { timeout: 10_000 }).toContain('已保存');
    expect((await server.get('/api/campaigns/1/rhythm')).body).toMatchObject({ deadline: { weekday: 1, time: '12:00' }, footer: { host: '市自然资源和规划局', supervisor: '督查一科' } });
    // The week ending Friday 10-01 is now due on Monday 10-04 at 12:00 China time.
    expect((await server.get('/api/campaigns/1/weekly-reports?friday=2021-10-01')).body.deadline).toBe('2021-10-04T04:00:00.000Z');

    const row = tab.locator('tr[data-unit="确山县"]');
    await row.getByLabel('确山县分包领导').fill('王五');
    await row.getByLabel('确山县职务').fill('副县长');
    await row.getByRole('button', { name: '保存' }).click();
    const leaderOf = async (unit: string) => (await server.get('/api/campaigns/1/unit-leaders')).body.units.find((u: any) => u.unit === unit);
    await expect.poll(() => leaderOf('确山县'), { timeout: 10_000 }).toMatchObject({ leader: '王五', title: '副县长' });
    const september = (await server.get('/api/campaigns/1/monthly-ranking')).body.latest.rankings.overall;
    expect(september.find((r: any) => r.name === '确山县').leader).toBe('王五（副县长）');
    await tab.evaluate((e) => e.closest('.setup-dialog__body')?.scrollTo(0, 0));
    await page.screenshot({ path: docsScreenshot('screenshot-rhythm-settings.png') });

    // A time that is none: the server's reason, naming the field, shown in the form; nothing saved.
    await form.getByLabel('截止时间').fill('');
    await form.getByRole('button', { name: '保存设置' }).click();
    await expect.poll(() => form.getByRole('alert').textContent(), { timeout: 10_000 }).toContain('deadlineTime');
    expect((await server.get('/api/campaigns/1/rhythm')).body.deadline.time).toBe('12:00');
    await page.context().close();

    const editor = await deskAs('yicheng');
    await editor.getByRole('button', { name: '分包与设置' }).click();
    const readOnly = editor.getByTestId('rhythm-settings');
    await readOnly.locator('tr[data-unit="确山县"]').waitFor();
    expect(await readOnly.getByLabel('确山县分包领导').inputValue()).toBe('王五');
    expect(await readOnly.getByLabel('确山县分包领导').isDisabled()).toBe(true);
    expect(await readOnly.getByRole('button', { name: '保存设置' }).count()).toBe(0);
    await editor.context().close();
  });
});
