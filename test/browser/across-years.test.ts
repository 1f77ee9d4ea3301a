import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { docsScreenshot, withBrowser } from '../support/browser.ts';

const env = withBrowser();
let page: Page;

beforeAll(async () => {
  // Some of 2022's work done, so the second campaign year has figures of its own: one disposal in 2022 of half of
  // every third parcel the 2022 campaign carried over.
  await env.server.db.query(
    `INSERT INTO disposal_records (parcel_id, date, mu, method)
     SELECT p.id, DATE '2022-06-01' + (p.id % 150), round((p.ledger_mu - COALESCE((SELECT sum(mu) FROM disposal_records d WHERE d.parcel_id = p.id), 0))::numeric / 2, 2)::float8,
            CASE WHEN p.category = 'idle' THEN '动工开发' WHEN p.category = 'inefficient' THEN '转型升级' ELSE '供应（出让）' END
     FROM campaign_parcels cp JOIN parcels p ON p.id = cp.parcel_id
     WHERE cp.campaign_id = (SELECT id FROM campaigns WHERE key = 'zhumadian-2022') AND p.id % 3 = 0`);
  page = await env.browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${env.server.url}/?campaign=1`);
  await page.getByTestId('progress-panel').getByRole('button', { name: '历年' }).click();
  await page.getByTestId('years-table').waitFor({ timeout: 30_000 });
}, 120_000);

const cellText = (unit: string, year: number) => page.getByTestId('years-table').locator('tr', { hasText: unit }).locator(`td[data-year="${year}"]`).innerText();

describe('历年 on the desk', () => {
  it('the table shows each unit’s figures as the API gives them, with the chart of the total', async () => {
    const api = (await env.server.get('/api/ledger/across-years?unit=411700')).body;
    const yicheng = api.units.find((u: { name: string }) => u.name === '驿城区');
    const r = api.rows.find((x: { year: number; unitId: number }) => x.year === 2021 && x.unitId === yicheng.id);
    const text = await cellText('驿城区', 2021);
    expect(text).toContain(`${(r.digested.rate * 100).toFixed(1)}%`);
    expect(text.replace(/,/g, '')).toContain(`${Math.round(r.digested.doneMu)} / ${r.digested.taskMu}`);
    // A year with no task and nothing done is a dash, not a row of zeros.
    expect((await cellText('驿城区', 2019)).trim()).toBe('—');
    // Bars of the total: 2021's task and what was digested, each with its mu in the tooltip.
    const bars = page.locator('.years-chart g[data-year="2021"] rect');
    expect(await bars.count()).toBe(2);
    const total = api.rows.find((x: { year: number; unitId: number | null }) => x.year === 2021 && x.unitId === null);
    expect(await page.locator('.years-chart g[data-year="2021"] text').first().textContent()).toBe(`${(total.digested.rate * 100).toFixed(1)}%`);
    await expect.poll(() => page.locator('.years-chart figcaption').innerText()).toContain('任务（亩）');
  });

  it('a unit chosen in the table is the one the chart draws; the supply rate; the sheet downloads', async () => {
    await page.getByTestId('years-table').getByRole('button', { name: '确山县' }).click();
    await expect.poll(() => page.locator('.years-chart figcaption').innerText()).toContain('确山县');
    await page.getByRole('group', { name: '指标' }).getByRole('button', { name: '近五年供地率' }).click();
    await expect.poll(() => page.locator('.years-chart figcaption').innerText()).toContain('批准面积（亩）');
    const href = await page.getByRole('link', { name: '下载 Excel' }).getAttribute('href');
    const response = await fetch(`${env.server.url}${href}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    await page.getByRole('group', { name: '指标' }).getByRole('button', { name: '批而未供消化' }).click();
    await page.getByTestId('years-table').getByRole('button', { name: '合计' }).click();
    await page.locator('.years-chart g[data-year="2022"]').waitFor();
    await page.locator('.setup-dialog__body').evaluate((body) => body.scrollTo(0, 0));
    await page.getByTestId('across-years').screenshot({ path: docsScreenshot('screenshot-across-years.png') });
  });

  it('years with nothing to show say so', async () => {
    await page.getByLabel('起始年份').selectOption('2012');
    await page.getByLabel('截止年份').selectOption('2014');
    await expect.poll(() => page.getByTestId('years-empty').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByTestId('years-empty').innerText()).toContain('2012—2014');
  });
});
