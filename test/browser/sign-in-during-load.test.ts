/**
 * 登录 clicked while the desk is still loading. The desk once handed its map to the page's panels as soon as MapLibre
 * created it, before the map's style had loaded (MapLibre loads even an inline style on the next animation frame);
 * a panel's effect that added a layer then threw "Style is not done loading." and React unmounted the whole page —
 * the 登录 dialog never opened and the button was gone. A click during load made that effect run early, about one
 * time in six on a quiet machine.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { withBrowser } from '../support/browser.ts';

const env = withBrowser();

/** Clicks 登录 as soon as it can be clicked and expects the dialog, with no script error on the page meanwhile. */
async function clickSignInAndExpectDialog(page: Page, errors: string[]): Promise<void> {
  try {
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('dialog', { name: '登录盘活' }).waitFor({ timeout: 15_000 });
  } finally {
    // Said first when the click or the dialog failed too: a script error is what took the page away.
    expect(errors, 'script errors on the page').toEqual([]);
  }
  expect(await page.getByRole('dialog', { name: '登录盘活' }).getByLabel('用户名').isVisible()).toBe(true);
}

async function freshPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

describe('登录 while the desk loads', () => {
  it('opens the dialog when clicked right after the page opens, every time (fresh browser contexts)', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const context = await env.browser.newContext();
      try {
        const { page, errors } = await freshPage(context);
        await page.goto(`${env.server.url}/?campaign=1`);
        await clickSignInAndExpectDialog(page, errors);
      } finally {
        await context.close();
      }
    }
  });

  it('opens the dialog while the map has not yet drawn its first frame', async () => {
    // The page's timers and animation frames held still: MapLibre's style stays unloaded for as long as the click
    // takes, the widest form of the window the random clicks above hit only sometimes.
    const context = await env.browser.newContext();
    try {
      const { page, errors } = await freshPage(context);
      await page.clock.install();
      await page.clock.pauseAt(new Date());
      await page.goto(`${env.server.url}/?campaign=1`);
      // The map exists (the desk created it) but has not loaded its style.
      await page.waitForFunction(() => window.__panhuo?.map !== undefined, undefined, { timeout: 30_000 });
      expect(errors).toEqual([]);
      await clickSignInAndExpectDialog(page, errors);
      // Still before the map's first frame: the click did land during load.
      expect(await page.evaluate(() => window.__panhuo!.map.isStyleLoaded())).toBe(false);
    } finally {
      await context.close();
    }
  });
});
