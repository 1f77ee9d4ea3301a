import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { docsScreenshot, signInThroughTopBar, withBrowser } from '../support/browser.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';

const env = withBrowser();
let page: Page;

beforeAll(async () => {
  page = await env.browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${env.server.url}/?campaign=1`);
  await signInThroughTopBar(page, 'admin', DEMO_PASSWORDS.admin!, '管理员');
}, 120_000);

describe('行动范围调整 in 管理', () => {
  it('移出本次行动 with a reason: listed with who and why, progress follows; 撤销 puts it back', async () => {
    const [p] = await env.server.db.query<{ id: number; code: string }>(
      `SELECT p.id, p.code FROM parcels p WHERE p.campaign_id = 1 AND p.deleted_at IS NULL AND EXISTS (SELECT 1 FROM disposal_records d WHERE d.parcel_id = p.id) ORDER BY p.id LIMIT 1`);
    const before = (await env.server.get('/api/campaigns/1/progress?date=2021-12-20')).body.totals.overall.disposedMu as number;
    await page.getByRole('button', { name: /管理/ }).click();
    await page.getByRole('button', { name: /行动范围调整/ }).click();
    const dialog = page.getByTestId('scope-decisions');
    await expect.poll(() => dialog.getByTestId('scope-decision-list').innerText()).toContain('没有人工决定');
    await dialog.getByLabel('地块编号').fill(p!.code);
    await dialog.getByLabel(/理由/).fill('经核查为重复上图，移出本次行动');
    await dialog.locator('form').getByRole('button', { name: '移出本次行动' }).last().click();
    await expect.poll(() => dialog.getByRole('status').innerText()).toContain(`${p!.code} 已移出本次行动`);
    const row = dialog.getByTestId('scope-decision-list').locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('经核查为重复上图');
    expect(await row.innerText()).toContain('admin');
    const after = (await env.server.get('/api/campaigns/1/progress?date=2021-12-20')).body.totals.overall.disposedMu as number;
    expect(after).toBeLessThan(before);
    await dialog.screenshot({ path: docsScreenshot('screenshot-scope-decisions.png') });

    await row.getByRole('button', { name: '撤销' }).click();
    await row.getByLabel(`撤销 ${p!.code} 的理由`).fill('误操作');
    await row.getByRole('button', { name: '确认撤销' }).click();
    await expect.poll(() => dialog.getByTestId('scope-decision-list').innerText()).toContain('没有人工决定');
    expect(await dialog.getByRole('status').innerText()).toContain('登记于本次行动');
    const restored = (await env.server.get('/api/campaigns/1/progress?date=2021-12-20')).body.totals.overall.disposedMu as number;
    expect(restored).toBeCloseTo(before, 6);
  });

  it('a code not in the ledger is refused with the server’s reason', async () => {
    const dialog = page.getByTestId('scope-decisions');
    await dialog.getByLabel('地块编号').fill('NO-SUCH-PARCEL');
    await dialog.getByLabel(/理由/).fill('测试');
    await dialog.locator('form').getByRole('button', { name: '移出本次行动' }).last().click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toContain('NO-SUCH-PARCEL');
  });
});
