import { describe, expect, it } from 'vitest';
import { withBrowser } from '../support/browser.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';

const env = withBrowser();


describe('deleted parcels', () => {
  it('an admin finds a parcel deleted earlier and brings it back', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    // Sign in through the API in this browser context: the session cookie is then the page's too.
    const login = await page.request.post(`${env.server.url}/api/auth/login`, { data: { username: 'admin', password: DEMO_PASSWORDS.admin } });
    const { csrfToken } = await login.json();
    const before = (await env.server.get('/api/parcels?campaign=1&limit=1&offset=20')).body;
    const target = before.features[0];
    const deleted = await page.request.delete(`${env.server.url}/api/parcels/${target.id}?version=${target.properties.version}`, { headers: { 'x-csrf-token': csrfToken } });
    expect(deleted.status()).toBe(204);

    await page.goto(`${env.server.url}/?campaign=1`);
    await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
    const summary = page.locator('.filter-summary');
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toContain(`共 ${before.total - 1} 宗`);
    const list = page.getByTestId('deleted-parcels');
    await list.locator('summary').click();
    const row = list.locator('li').filter({ hasText: target.properties.code });
    await row.waitFor({ timeout: 15_000 });
    await row.getByRole('button', { name: '恢复' }).click();
    await expect.poll(async () => (await env.server.get(`/api/parcels/${target.id}`)).status, { timeout: 15_000 }).toBe(200);
    const back = (await env.server.get(`/api/parcels/${target.id}`)).body;
    expect(back.history[0]).toMatchObject({ action: 'restore', actor: 'admin' });
    await expect.poll(() => row.count()).toBe(0);
    // The counts follow the restore without a reload.
    await expect.poll(() => summary.textContent(), { timeout: 15_000 }).toContain(`共 ${before.total} 宗`);
    await context.close();
  });
});
