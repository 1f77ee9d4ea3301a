/**
 * The moment a page says it is ready, by the page's own clock: the desk asks for its later parts in idle time right
 * after setting its ready attribute, sooner than waitForSelector returns on our side, so a clock on our side would
 * count those as part of the opening. Used by the bench (bytes before ready) and the lazy-parts test.
 */
import type { Page } from 'playwright-core';

/** Before the page is opened: notes (epoch ms) when the body first carries `attribute` (e.g. data-map-ready). */
export async function watchReadyMoment(page: Page, attribute: string): Promise<void> {
  await page.addInitScript((name) => {
    new MutationObserver(() => {
      const w = window as unknown as { __readyAt?: number };
      if (w.__readyAt === undefined && document.body?.hasAttribute(name)) w.__readyAt = performance.timeOrigin + performance.now();
    }).observe(document, { attributes: true, subtree: true, attributeFilter: [name] });
  }, attribute);
}

/** Once the page is ready: the moment noted, epoch ms (comparable with Date.now() and Playwright's request timings). */
export function readyMoment(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __readyAt: number }).__readyAt);
}
