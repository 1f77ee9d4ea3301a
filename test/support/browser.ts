import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { HEADLESS_WEBGL_ARGS } from '../../server/browser/shared-browser.ts';
import { startTestServer } from './server.ts';
import { signIn } from './session.ts';

/**
 * Debian's Chromium, headless. MapLibre needs WebGL: with the GPU disabled, Chromium falls back to SwiftShader only
 * when told that is acceptable. Background networking is off: this machine has no internet to talk to.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    // --disable-gpu here: tests ask the map what it drew (queryRenderedFeatures) rather than read its pixels.
    args: [...HEADLESS_WEBGL_ARGS, '--disable-gpu', '--disable-component-update', '--disable-sync'],
  });
}

export interface BrowserFixture {
  server: Awaited<ReturnType<typeof startTestServer>>;
  browser: Browser;
}

/**
 * For a browser test file: before its tests, a real server over a private copy of the demo database serving the built
 * web app, and Chromium; both closed after. The returned object is filled in by the time the tests run.
 */
export function withBrowser(): BrowserFixture {
  const fixture = {} as BrowserFixture;
  beforeAll(async () => {
    // PANHUO_WEB_ROOT: a build of one's own, so two people building at once never serve each other's half-written files.
    fixture.server = await startTestServer({ webRoot: process.env.PANHUO_WEB_ROOT ?? 'dist/web' });
    fixture.browser = await launchChromium();
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.server?.close();
  });
  return fixture;
}

/**
 * Where a browser test writes a picture of the docs (docs/<name>): into docs/ only when PANHUO_SCREENSHOTS is set (a run
 * meant to refresh the README's pictures), otherwise into .test-tmp/ so a test run leaves the work tree clean.
 */
export function docsScreenshot(name: string): string {
  return process.env.PANHUO_SCREENSHOTS ? `docs/${name}` : `.test-tmp/${name}`;
}

/** Signs in through the top bar's 登录 dialog and waits until the user menu shows the role (e.g. 管理员, 编辑). */
export async function signInThroughTopBar(page: Page, username: string, password: string, role: string): Promise<void> {
  await page.getByRole('button', { name: '登录', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '登录盘活' });
  await dialog.getByLabel('用户名').fill(username);
  await dialog.getByLabel('密码').fill(password);
  await dialog.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('user-menu').filter({ hasText: role }).waitFor({ timeout: 15_000 });
}

/**
 * Signs in by the API and hands the page its session cookie, then opens `path`: for tests about something other
 * than signing in (the dialog itself is covered by the tests that sign in through it).
 */
export async function openSignedIn(page: Page, baseUrl: string, path: string, username: string, password: string, role: string): Promise<void> {
  const client = await signIn(baseUrl, username, password);
  const cookie = client.cookie!;
  const cut = cookie.indexOf('=');
  await page.context().addCookies([{ name: cookie.slice(0, cut), value: cookie.slice(cut + 1), url: baseUrl }]);
  await page.goto(`${baseUrl}${path}`);
  await page.getByTestId('user-menu').filter({ hasText: role }).waitFor({ timeout: 30_000 });
}
