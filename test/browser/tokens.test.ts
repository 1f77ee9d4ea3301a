import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { withBrowser } from '../support/browser.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';

const env = withBrowser();

describe('访问令牌', () => {
  it('an editor makes a read-write token in the account corner, uses it from a GIS client, and revokes it', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.request.post(`${env.server.url}/api/auth/login`, { data: { username: 'yicheng', password: DEMO_PASSWORDS.yicheng } });
    await page.goto(`${env.server.url}/?campaign=1`);
    await page.getByRole('button', { name: '访问令牌' }).click();
    const dialog = page.getByTestId('tokens-dialog');
    await dialog.getByPlaceholder('如：QGIS 办公室电脑').fill('QGIS 办公室电脑');
    await dialog.locator('select').first().selectOption('read_write');
    await dialog.getByRole('button', { name: '新建令牌' }).click();
    const token = (await dialog.getByTestId('new-token').locator('code').textContent())!;
    expect(token).toMatch(/^phk_/);
    await expect.poll(() => dialog.locator('tbody tr').count()).toBe(1);
    await mkdir('/tmp/panhuo-screenshots', { recursive: true });
    await page.screenshot({ path: '/tmp/panhuo-screenshots/tokens.png' });

    // What QGIS does with it: HTTP Basic with the user name.
    const basic = `Basic ${Buffer.from(`yicheng:${token}`).toString('base64')}`;
    const options = await fetch(`${env.server.url}/ogc/collections/parcels/items`, { method: 'OPTIONS', headers: { authorization: basic } });
    expect(options.headers.get('allow')).toContain('POST');

    await dialog.getByRole('button', { name: '撤销' }).click();
    await expect.poll(() => dialog.locator('tbody tr').first().textContent()).toContain('已撤销');
    expect((await fetch(`${env.server.url}/ogc`, { headers: { authorization: basic } })).status).toBe(401);
    await context.close();
  });
});
