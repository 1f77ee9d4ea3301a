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

const rowOf = (id: number) => page.getByTestId('ledger-grid').locator(`[data-parcel-id="${id}"]`);
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

    // The parcel in the table, as it stood: 低效用地 then, 供后闲置 today.
    await page.getByTestId('ledger-grid').evaluate((el, id) => {
      const row = el.querySelector(`[data-parcel-id="${id}"]`);
      if (!row) el.scrollTo({ top: 0 });
    }, parcel.id);
    await asOfInput().fill('2022-03-14');
    await expect.poll(() => page.evaluate(() => location.search)).toContain('asOf=2022-03-14');
    await expect.poll(async () => (await rowOf(parcel.id).count()) ? rowOf(parcel.id).textContent() : revealAndRead(parcel.id), { timeout: 20_000 }).toContain('低效用地');
    await asOfInput().fill('2022-03-15');
    await expect.poll(() => revealAndRead(parcel.id), { timeout: 20_000 }).toContain('供后闲置');
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
    await expect.poll(() => dock.textContent(), { timeout: 20_000 }).not.toContain('截至');
  });
});

/** Filters the table to the parcel's code and reads its row. */
async function revealAndRead(id: number): Promise<string> {
  const filter = page.getByTestId('ledger-grid').getByRole('textbox').first();
  if ((await filter.inputValue().catch(() => '')) !== parcel.code) await filter.fill(parcel.code).catch(() => {});
  return (await rowOf(id).count()) ? (await rowOf(id).textContent()) ?? '' : '';
}
