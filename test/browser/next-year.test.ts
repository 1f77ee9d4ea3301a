import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { docsScreenshot, openSignedIn, withBrowser } from '../support/browser.ts';
import { DEMO_PASSWORDS, signIn } from '../support/session.ts';

const env = withBrowser();
let page: Page;

beforeAll(async () => {
  page = await env.browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await openSignedIn(page, env.server.url, '/?campaign=1', 'admin', DEMO_PASSWORDS.admin!, '管理员');
}, 120_000);

describe('新建年度行动 in 管理', () => {
  it('proposes 2023 from the ledger’s last campaign, shows the proposal, lists the differences, creates it as edited', async () => {
    await page.getByRole('button', { name: /管理/ }).click();
    await page.getByRole('button', { name: /新建年度行动/ }).click();
    const dialog = page.getByTestId('next-year');
    // The last campaign on the ledger (Zhumadian 2022), its year's end as base date.
    await expect.poll(() => dialog.getByLabel('上一年度行动').inputValue()).not.toBe('');
    const [c2022] = await env.server.db.query<{ id: number }>(`SELECT id FROM campaigns WHERE key = 'zhumadian-2022'`);
    expect(Number(await dialog.getByLabel('上一年度行动').inputValue())).toBe(c2022!.id);
    expect(await dialog.getByLabel('新年度台账基准日').inputValue()).toBe('2022-12-31');
    await dialog.getByRole('button', { name: '生成方案' }).click();
    await dialog.getByTestId('next-year-tasks').waitFor({ timeout: 30_000 });

    const admin = await signIn(env.server.url, 'admin', DEMO_PASSWORDS.admin!);
    const preview = (await admin.request('POST', `/api/campaign-setup/${c2022!.id}/next-year/preview`, { baseDate: '2022-12-31', assignedRate: 0.6 })).body;
    const carried = await dialog.getByTestId('carried-over').innerText();
    expect(carried).toContain(`${preview.scope.carriedOver.parcels} 宗`);
    expect(carried).toMatch(/\d+ 宗 · [\d,.]+ 亩/);
    const rows = dialog.getByTestId('next-year-tasks').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(10);

    // The province assigns another figure for 驿城区 批而未供: the difference is listed.
    const input = dialog.getByLabel('驿城区批而未供省厅下达任务');
    const proposed = Number(await input.inputValue());
    await input.fill(String(proposed + 100));
    await expect.poll(() => dialog.getByTestId('next-year-differences').innerText()).toContain('差 +100.00 亩');
    await dialog.getByLabel('第 1 个节点目标').fill('30');
    await dialog.getByRole('heading', { name: '任务基数与下达任务（亩）' }).scrollIntoViewIfNeeded();
    await page.locator('.setup-dialog__body').evaluate((body) => body.scrollTo(0, 0));
    await dialog.screenshot({ path: docsScreenshot('screenshot-next-year.png') });

    await dialog.getByRole('button', { name: '创建 2023 年度行动' }).click();
    await dialog.getByTestId('next-year-done').waitFor({ timeout: 30_000 });
    const [created] = await env.server.db.query<{ id: number }>(`SELECT id FROM campaigns WHERE key = 'zhumadian-2023'`);
    const [task] = await env.server.db.query<{ taskMu: number }>(
      `SELECT t.task_mu AS "taskMu" FROM tasks t JOIN units u ON u.id = t.unit_id WHERE t.campaign_id = $1 AND u.name = '驿城区' AND t.task_type = 'approved_not_supplied'`, [created!.id]);
    expect(task!.taskMu).toBe(proposed + 100);
    const [first] = await env.server.db.query<{ pct: number }>(`SELECT target_pct AS pct FROM milestones WHERE campaign_id = $1 ORDER BY date LIMIT 1`, [created!.id]);
    expect(first!.pct).toBe(30);
  });
});
