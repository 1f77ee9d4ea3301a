import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { todayInChina } from '../../core/dates.ts';
import { withBrowser } from '../support/browser.ts';
import { DEMO_PASSWORDS, signIn } from '../support/session.ts';

const env = withBrowser();
let page: Page;
/** An inefficient parcel a person declared idle on 2022-03-15. */
let parcel: { id: number; code: string };

beforeAll(async () => {
  [parcel] = (await env.server.db.query<{ id: number; code: string }>(`SELECT id, code FROM parcels WHERE category = 'inefficient' AND campaign_id = 1 AND deleted_at IS NULL ORDER BY id LIMIT 1`)) as [typeof parcel];
  const admin = await signIn(env.server.url, 'admin', DEMO_PASSWORDS.admin!);
  expect((await admin.request('POST', `/api/parcels/${parcel.id}/events`, { kind: 'declared_idle', date: '2022-03-15', note: '复核认定' })).status).toBe(201);
  page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
}, 120_000);

const asOfInput = () => page.getByLabel('台账截至');

describe('台账截至 in the browser', () => {
  it('opens the ledger as it stood on the day in the address, read only, and back to today', async () => {
    await page.goto(`${env.server.url}/?campaign=1&asOf=2021-09-30`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    const dock = page.getByTestId('ledger-dock');
    await expect.poll(() => dock.textContent(), { timeout: 30_000 }).toContain('截至 2021-09-30');
    expect(await asOfInput().inputValue()).toBe('2021-09-30');
    const total = (await env.server.get(`/api/ledger?campaign=1&asOf=2021-09-30`)).body.total as number;
    expect(await dock.textContent()).toContain(`共 ${total.toLocaleString('zh-CN')} 宗`);

    // Another day: the address follows, and the table holds what the ledger held that day.
    await asOfInput().fill('2022-03-14');
    await expect.poll(() => page.evaluate(() => location.search)).toContain('asOf=2022-03-14');
    const then = (await env.server.get(`/api/ledger?campaign=1&asOf=2022-03-14`)).body as { total: number; rows: Array<{ id: number; category: string }> };
    expect(then.rows.find((r) => r.id === parcel.id)?.category).toBe('inefficient');
    await expect.poll(() => dock.textContent(), { timeout: 20_000 }).toContain(`截至 2022-03-14 共 ${then.total.toLocaleString('zh-CN')} 宗`);
    if (process.env.PANHUO_SCREENSHOTS) {
      await asOfInput().fill('2021-09-30');
      await expect.poll(() => dock.textContent(), { timeout: 20_000 }).toContain('截至 2021-09-30');
      await page.getByTestId('ledger-grid').evaluate((el) => el.scrollTo({ top: 0 }));
      await page.waitForTimeout(1500);
      await page.screenshot({ path: 'docs/screenshot-ledger-as-of.png' });
    }

    await page.getByRole('button', { name: '回到今天' }).click();
    await expect.poll(() => page.evaluate(() => location.search)).not.toContain('asOf');
    expect(await asOfInput().inputValue()).toBe(todayInChina());
    await expect.poll(() => dock.textContent(), { timeout: 20_000 }).not.toMatch(/截至 \d{4}-/);
  });
});
