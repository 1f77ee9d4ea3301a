/**
 * The desk's opening script leaves out what its first view does not show (web/shell/lazy-part.tsx): the drawing panel
 * (with terra-draw), the import dialog (with its projection library), the ledger table and the 管理 dialogs load when
 * first opened, and in idle time once the map is drawn. A part that cannot be loaded says so in place, can be closed,
 * and loads on 重试 (or on 重新载入页面, offered when a retry fails too).
 */
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { docsScreenshot, openSignedIn, withBrowser } from '../support/browser.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';
import { readyMoment, watchReadyMoment } from '../../scripts/bench/ready-moment.ts';

const env = withBrowser();

/** The build names a chunk after its module: assets/<module>-<hash>.js. */
const LATER = ['drawing-panel', 'import-dialog', 'ledger-dock', 'attribute-editor', 'setup-dialog', 'reports-dialog'];
const chunkOf = (url: string) => /\/assets\/(.+)-[\w-]{8}\.js$/.exec(new URL(url).pathname)?.[1] ?? null;

async function openDesk(page: Page): Promise<{ beforeReady: string[]; all: string[] }> {
  // The page's own moment of ready: the parts are asked for in idle time right after it, sooner than waitForSelector
  // returns here.
  await watchReadyMoment(page, 'data-map-ready');
  const asked: Array<{ chunk: string; at: number }> = [];
  page.on('request', (request: Request) => {
    const chunk = chunkOf(request.url());
    if (chunk !== null) asked.push({ chunk, at: Date.now() });
  });
  await openSignedIn(page, env.server.url, '/?campaign=1', 'admin', DEMO_PASSWORDS.admin!, '管理员');
  await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
  const readyAt = await readyMoment(page);
  return {
    beforeReady: asked.filter((a) => a.at < readyAt).map((a) => a.chunk),
    get all() {
      return asked.map((a) => a.chunk);
    },
  };
}

describe('parts of the desk loaded when needed', () => {
  it('opens without the drawing, import, ledger and report code, and fetches them once the map is drawn', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const { beforeReady, all } = await openDesk(page);
    expect(beforeReady).toContain('main');
    for (const part of LATER) expect(beforeReady).not.toContain(part);
    // In idle time after the first view: every part, so a later opening does not wait on the network.
    await expect.poll(() => LATER.filter((part) => !all.includes(part)), { timeout: 20_000 }).toEqual([]);
    await page.close();
  });

  it('says so when a part cannot be loaded, can be closed, and loads on 重试 (or, if the browser kept the failure, on reload)', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const blocked = '**/assets/import-dialog-*.js';
    await page.route(blocked, (route) => route.abort('internetdisconnected'));
    await openDesk(page);
    await page.getByRole('button', { name: '导入', exact: true }).click();
    const failed = page.getByRole('alert').filter({ hasText: '载入失败' });
    await failed.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: docsScreenshot('lazy-part-failed.png') });
    // The page is still there: the map and the top bar did not go with the part.
    expect(await page.locator('body[data-map-ready="true"]').count()).toBe(1);
    // 关闭 closes what was being opened; opening it again, still offline, says so again.
    await failed.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => failed.count()).toBe(0);
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await failed.waitFor({ timeout: 15_000 });
    await page.unroute(blocked);
    await failed.getByRole('button', { name: '重试' }).click();
    const dialog = page.getByRole('dialog', { name: '导入地块' });
    const reload = page.getByRole('alert').getByRole('button', { name: '重新载入页面' });
    // Chromium 150 keeps a failed module for the page's life (later ones fetch it again): then the retry fails too and
    // the notice offers a reload, after which the part loads.
    await dialog.or(reload).waitFor({ timeout: 15_000 });
    if (await reload.isVisible()) {
      await reload.click();
      await page.waitForSelector('body[data-map-ready="true"]', { timeout: 45_000 });
      await page.getByRole('button', { name: '导入', exact: true }).click();
    }
    await dialog.waitFor({ timeout: 15_000 });
    expect(await failed.count()).toBe(0);
    await page.close();
  });
});
