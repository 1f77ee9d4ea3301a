import type { Browser, SharedBrowser } from '../browser/shared-browser.ts';
import { ApiError } from '../http/errors.ts';

type Page = import('playwright-core').Page;

/** A print not done by then will not be: a batch's piece of 50 dossiers prints in a few seconds. */
const PRINT_TIMEOUT_MS = 100_000;
/**
 * Prints made on one kept page before it is replaced: what a renderer accumulates between documents (caches, decoded
 * images) is let go now and then, at the cost of one cold start (~1 s of CPU) in this many prints.
 */
const PRINTS_PER_PAGE = 40;

/**
 * The page prints are laid out on, kept between prints for as long as its browser lives. A new page is a new renderer
 * process that loads the CJK font again: measured on 50-dossier pieces, a fresh page spent 2.4–2.7 s of CPU on its
 * first print against 1.2–1.9 s for each later one on a kept page — for a batch of 1,000, 20 cold starts were a third
 * of its printing. Safe to share: jobs run one at a time (SharedBrowser), each print replaces the whole document,
 * the page runs no script and has no network, and holds no cookies or storage.
 */
const kept = new WeakMap<Browser, { page: Promise<Page>; prints: number }>();

async function printPage(browser: Browser): Promise<Page> {
  const current = kept.get(browser);
  if (current && current.prints < PRINTS_PER_PAGE) {
    current.prints++;
    const page = await current.page.catch(() => null);
    if (page && !page.isClosed()) return page;
  }
  if (current) void current.page.then((p) => p.context().close()).catch(() => {});
  const page = browser.newContext({ javaScriptEnabled: false, offline: true }).then(async (context) => {
    const created = await context.newPage();
    created.setDefaultTimeout(PRINT_TIMEOUT_MS);
    return created;
  });
  kept.set(browser, { page, prints: 1 });
  return page;
}

/**
 * Prints a whole HTML document as PDF in the server's shared browser (queued with every other render). The page is
 * given as content, not fetched: everything it shows was read by the server under the asker's permissions, and the
 * page loads nothing but the data: URIs inside it. Paper size and margins come from the document's CSS @page.
 * `owner` names who asked, for the queue's one-job-per-person rule (see SharedBrowser.run). The whole print, laying
 * out and making the PDF, is bounded by `timeoutMs` (page.pdf takes no timeout of its own): past it the page is closed
 * and replaced, and the asker gets a 503 in Chinese, so that one print can never hold the shared browser for good.
 */
export function printPdf(browser: SharedBrowser, what: string, html: string, owner?: string, timeoutMs = PRINT_TIMEOUT_MS): Promise<Buffer> {
  return browser.run(what, async (chromium) => {
    const page = await printPage(chromium);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overrun = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ApiError(503, 'print_timeout', `${what}排版打印超过 ${Math.round(timeoutMs / 1000)} 秒仍未完成，已中止：请缩小范围后重试`)), timeoutMs);
    });
    try {
      const printed = (async () => {
        await page.setContent(html, { waitUntil: 'load', timeout: PRINT_TIMEOUT_MS });
        return page.pdf({ preferCSSPageSize: true, printBackground: true });
      })();
      return await Promise.race([printed, overrun]);
    } catch (error) {
      // A page that failed a print (a timeout, a crashed renderer) is not trusted with the next one; closing it also
      // ends a print still under way.
      kept.delete(chromium);
      await page.context().close().catch(() => {});
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }, { failedCode: 'print_failed', ...(owner ? { owner } : {}) });
}
