/**
 * A field assignment reaches the field app: an editor selects two of their unit's parcels in the 台账 and assigns
 * them to the demo field account; the field account, on a phone-sized page, sees them under 我的任务 as 待核查; after a
 * check recorded through the API, that one shows 已核查.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { docsScreenshot, signInThroughTopBar, withBrowser } from '../support/browser.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';

const env = withBrowser();

describe('field assignments', () => {
  it('are given from the 台账 selection and reach the field account’s 我的任务, where a check marks one 已核查', async () => {
    // Two 驿城区 parcels lying wholly within its boundary (what the server lets yicheng assign), of one code prefix.
    const targets = await env.server.db.query<{ id: number; code: string }>(
      `SELECT p.id, p.code FROM parcels p JOIN units u ON u.code = '411702'
       WHERE p.deleted_at IS NULL AND p.geom IS NOT NULL AND ST_CoveredBy(p.geom, u.boundary) AND p.code LIKE 'ZMD-411702-%'
         AND EXISTS (SELECT 1 FROM campaign_parcels cp WHERE cp.parcel_id = p.id AND cp.campaign_id = 1)
       ORDER BY p.code LIMIT 2`,
    );
    expect(targets).toHaveLength(2);

    const desk = await env.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    await desk.goto(`${env.server.url}/?campaign=1`);
    await desk.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    await signInThroughTopBar(desk, 'yicheng', DEMO_PASSWORDS.yicheng!, '编辑');
    await desk.getByRole('button', { name: '台账', exact: true }).click();
    const grid = desk.getByTestId('ledger-grid');
    await grid.locator('[data-parcel-id]').first().waitFor({ timeout: 30_000 });
    await grid.getByLabel('筛选地块编号').fill('ZMD-411702-');
    const [a, b] = targets as [{ id: number; code: string }, { id: number; code: string }];
    for (const [i, t] of [a, b].entries()) {
      const row = grid.locator(`[role="row"][data-parcel-id="${t.id}"]`);
      await row.scrollIntoViewIfNeeded({ timeout: 10_000 });
      await row.click(i === 0 ? {} : { modifiers: ['Control'] });
    }
    const bar = desk.getByRole('region', { name: '已选地块' });
    await expect.poll(() => bar.getByTestId('ledger-selected-count').textContent()).toBe('2');
    // 打印所选: the two dossiers as one PDF, through the batch API with its progress bar.
    const downloaded = desk.waitForEvent('download', { timeout: 120_000 });
    await bar.getByRole('button', { name: '打印所选' }).click();
    await bar.getByRole('progressbar', { name: '批量打印进度' }).waitFor({ timeout: 10_000 });
    const pdf = await (await downloaded).path();
    const { stdout: text } = await promisify(execFile)('pdftotext', [pdf, '-']);
    for (const t of [a, b]) expect(text).toContain(t.code);
    await bar.getByRole('button', { name: '打印所选' }).waitFor({ timeout: 10_000 });

    await bar.getByRole('button', { name: '指派外业核查…' }).click();
    const dialog = desk.getByTestId('assign-dialog');
    await dialog.getByLabel('外业核查人员').selectOption({ label: '外业核查员（演示）（field）' });
    const due = new Date(Date.now() + 8 * 3_600_000 + 5 * 86_400_000).toISOString().slice(0, 10);
    await dialog.getByLabel('完成期限').fill(due);
    await dialog.getByLabel('备注（核查要点）').fill('核实是否已动工，拍摄四至照片');
    await desk.screenshot({ path: docsScreenshot('screenshot-assign.png') });
    await dialog.getByRole('button', { name: '指派 2 宗' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent().catch(() => ''), { timeout: 15_000 }).toBe(`已指派 2 宗给 外业核查员（演示），完成期限 ${due}`);
    const stored = await env.server.db.query<{ parcelId: number; username: string; due: string; note: string }>(
      `SELECT a.parcel_id AS "parcelId", u.username, a.due_date::text AS due, a.note FROM field_assignments a JOIN users u ON u.id = a.assignee_id ORDER BY a.parcel_id`,
    );
    expect(stored).toEqual([a, b].map((t) => ({ parcelId: t.id, username: 'field', due, note: '核实是否已动工，拍摄四至照片' })).sort((x, y) => x.parcelId - y.parcelId));

    // The parcel panel shows the parcel's current task.
    await desk.goto(`${env.server.url}/?campaign=1&parcel=${a.id}`);
    const section = desk.getByTestId('parcel-assignment');
    await expect.poll(() => section.textContent().catch(() => ''), { timeout: 15_000 }).toMatch(new RegExp(`待核查.*外业核查员（演示） · 期限 ${due}`));
    expect(await section.getByRole('button', { name: '改派…' }).count()).toBe(1);
    await section.screenshot({ path: '.test-tmp/assign-panel.png' });
    await desk.close();

    // The field account on a phone: signing in opens 我的任务.
    // Standing about 300 m west of the first parcel: the list gives each task's distance.
    const [{ lon, lat }] = await env.server.db.query<{ lon: number; lat: number }>(
      'SELECT ST_XMin(geom) - 0.0032 AS lon, (ST_YMin(geom) + ST_YMax(geom)) / 2 AS lat FROM parcels WHERE id = $1', [a.id]);
    const context = await env.browser.newContext({
      viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN',
      geolocation: { longitude: lon!, latitude: lat!, accuracy: 8 }, permissions: ['geolocation'],
    });
    const phone = await context.newPage();
    await phone.goto(`${env.server.url}/field?campaign=1`);
    await phone.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    await phone.getByRole('button', { name: /菜单/ }).click();
    await phone.getByRole('dialog', { name: '外业菜单' }).getByRole('button', { name: '登录' }).click();
    await phone.getByLabel('用户名').fill('field');
    await phone.getByLabel('密码').fill(DEMO_PASSWORDS.field!);
    await phone.getByRole('button', { name: '登录', exact: true }).click();
    const tasks = phone.getByTestId('my-tasks');
    await tasks.waitFor({ timeout: 15_000 });
    const rowOf = (code: string) => tasks.getByTestId('field-task').filter({ hasText: code });
    for (const t of [a, b]) await expect.poll(() => rowOf(t.code).textContent()).toMatch(new RegExp(`待核查.*期限 ${due}`));
    await expect.poll(() => rowOf(a.code).locator('.field-result__distance').textContent().catch(() => ''), { timeout: 15_000 }).toMatch(/^\d{3} 米$/);
    await expect.poll(() => tasks.getByRole('heading').textContent()).toContain('2 宗待核查');
    // Touch targets: every row and the close button at least 44 px high.
    for (const target of [rowOf(a.code), rowOf(b.code), tasks.getByRole('button', { name: '关闭任务列表' })]) {
      expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }

    // A check of the first parcel, recorded through the API by the field account after the assignment.
    const login = await fetch(`${env.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'field', password: DEMO_PASSWORDS.field }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const form = new FormData();
    for (const [k, v] of Object.entries({ clientId: randomUUID(), state: 'not_started', notes: '未动工，场地闲置', observedAt: new Date().toISOString() })) form.set(k, v);
    const check = await fetch(`${env.server.url}/api/parcels/${a.id}/field-checks`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: form });
    expect(check.status).toBe(201);

    await phone.reload();
    await tasks.waitFor({ timeout: 30_000 });
    await expect.poll(() => rowOf(a.code).getAttribute('class'), { timeout: 15_000 }).toContain('field-task--checked');
    expect(await rowOf(a.code).textContent()).toContain('已核查');
    expect(await rowOf(b.code).textContent()).toContain('待核查');
    await expect.poll(() => tasks.getByRole('heading').textContent()).toContain('1 宗待核查');
    await phone.screenshot({ path: docsScreenshot('screenshot-field-tasks.png') });

    // Offline, the list stays: the last answer kept on the phone, judged there by the same rule.
    await context.setOffline(true);
    await expect.poll(() => tasks.locator('.field-results__head').textContent(), { timeout: 15_000 }).toContain('离线数据');
    expect(await rowOf(a.code).textContent()).toContain('已核查');
    expect(await rowOf(b.code).textContent()).toContain('待核查');
    await context.setOffline(false);

    // A row opens its parcel's sheet.
    await rowOf(b.code).click();
    await expect.poll(() => phone.locator('.field-sheet__code').textContent().catch(() => ''), { timeout: 15_000 }).toContain(b.code);
    await context.close();
  }, 180_000);
});
