import type { SharedBrowser } from '../browser/shared-browser.ts';

/** A document that is not laid out by then will not be: 1,000 dossiers print in well under this. */
const PRINT_TIMEOUT_MS = 100_000;

/**
 * Prints a whole HTML document as PDF in the server's shared browser (queued with every other render). The page is
 * given as content, not fetched: everything it shows was read by the server under the asker's permissions, and the
 * page loads nothing but the data: URIs inside it. Paper size and margins come from the document's CSS @page.
 */
export function printPdf(browser: SharedBrowser, what: string, html: string): Promise<Buffer> {
  return browser.run(what, async (chromium) => {
    const context = await chromium.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(PRINT_TIMEOUT_MS);
      await page.setContent(html, { waitUntil: 'load', timeout: PRINT_TIMEOUT_MS });
      return await page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
      });
    } finally {
      await context.close().catch(() => {});
    }
  }, { failedCode: 'print_failed' });
}
