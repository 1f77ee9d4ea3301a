import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedBrowser, VISITORS, ownerOf } from '../../server/browser/shared-browser.ts';
import { ApiError } from '../../server/http/errors.ts';
import { PdfMerge } from '../../server/print/pdf-merge.ts';
import { printPdf } from '../../server/print/pdf.ts';

const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'print-queue-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A refusal's status and message, for the assertions. */
async function refusal(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return { status: (error as ApiError).status, message: (error as ApiError).message };
}

describe('the shared browser queue: one job per owner', () => {
  it('lets all visitors together hold one place, and each signed-in person one, without filling the queue', async () => {
    const browser = new SharedBrowser('/usr/bin/chromium');
    try {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const first = browser.run('宗地档案', async () => (await gate, 'first'), { owner: ownerOf(null) });
      // A second visitor (whatever their address) waits for no place: refused at once, in Chinese, saying why.
      const second = await refusal(browser.run('宗地档案', async () => 'second', { owner: VISITORS }));
      expect(second.status).toBe(429);
      expect(second.message).toContain('访客');
      expect(second.message).toContain('登录');
      // A signed-in person still gets a place; the same person twice does not.
      const staff = browser.run('专题图', async () => 'staff', { owner: ownerOf({ id: 7 }) });
      const again = await refusal(browser.run('专题图', async () => 'again', { owner: ownerOf({ id: 7 }) }));
      expect(again.status).toBe(429);
      expect(again.message).toContain('上一份');
      open();
      expect(await first).toBe('first');
      expect(await staff).toBe('staff');
      // Their places are free again once their jobs are done.
      expect(await browser.run('宗地档案', async () => 'later', { owner: VISITORS })).toBe('later');
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('a print in the shared browser (printPdf)', () => {
  it('ends a print that overruns its time, in Chinese, and makes the next print on a fresh page', async () => {
    const browser = new SharedBrowser('/usr/bin/chromium');
    try {
      const long = `<!doctype html><html><body>${'<p>宗地档案 long</p>'.repeat(20_000)}</body></html>`;
      const overrun = await refusal(printPdf(browser, '宗地档案', long, undefined, 1));
      expect(overrun.status).toBe(503);
      expect(overrun.message).toMatch(/宗地档案排版打印超过 \d+ 秒仍未完成/);
      // The page the overrun was on is closed and replaced: the next print is whole, and only its own text.
      const next = await printPdf(browser, '宗地档案', '<!doctype html><html><body><p>next print</p></body></html>');
      const file = join(dir, 'next.pdf');
      await writeFile(file, next);
      const text = (await run('pdftotext', [file, '-'])).stdout;
      expect(text).toContain('next print');
      expect(text).not.toContain('long');
    } finally {
      await browser.close();
    }
  }, 60_000);
});

/** A PDF of `pages` pages, each saying which piece and page it is (Helvetica: pdftotext reads it back). */
async function piece(name: string, pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) doc.addPage([595, 842]).drawText(`${name} page ${i}`, { x: 60, y: 760, size: 18, font });
  return Buffer.from(await doc.save());
}

describe('joining a batch in a worker thread (PdfMerge)', () => {
  it('joins the pieces in order: pages = the sum of the pieces\', each page where it was', async () => {
    const merge = new PdfMerge('宗地档案（测试）');
    const sizes = [3, 1, 2];
    for (const [i, n] of sizes.entries()) merge.add(await piece(`piece${i + 1}`, n));
    const { pdf, pages } = await merge.finish();
    const file = join(dir, 'joined.pdf');
    await writeFile(file, pdf);
    const info = (await run('pdfinfo', [file])).stdout;
    expect(pages).toBe(6);
    expect(info).toMatch(/Pages:\s+6\b/);
    expect(info).toMatch(/Title:\s+宗地档案（测试）/);
    const text = (await run('pdftotext', [file, '-'])).stdout.split('\f').map((t) => t.trim());
    expect(text.slice(0, 6)).toEqual(['piece1 page 1', 'piece1 page 2', 'piece1 page 3', 'piece2 page 1', 'piece3 page 1', 'piece3 page 2']);
  });

  it('answers a piece that is not a PDF with a 503 in Chinese that does not blame a missing program', async () => {
    const merge = new PdfMerge('x');
    merge.add(await piece('good', 1));
    merge.add(Buffer.from('this is not a PDF'));
    const failed = await refusal(merge.finish());
    expect(failed.status).toBe(503);
    expect(failed.message).toContain('合并批量档案失败');
    expect(failed.message).not.toContain('poppler');
  });

  it('takes no more pieces once a piece has failed, so that a batch stops printing the rest for nothing', async () => {
    const merge = new PdfMerge('x');
    try {
      merge.add(Buffer.from('this is not a PDF'));
      const good = await piece('good', 1);
      let refused: unknown = null;
      for (const deadline = Date.now() + 10_000; !refused && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        try {
          merge.add(Buffer.from(good));
        } catch (error) {
          refused = error;
        }
      }
      expect(refused).toBeInstanceOf(ApiError);
      expect((refused as ApiError).status).toBe(503);
      expect((refused as ApiError).message).toContain('合并批量档案失败');
    } finally {
      await merge.close();
    }
  });

  it('ends a merge that overruns its time limit, saying so', async () => {
    const merge = new PdfMerge('x');
    merge.add(await piece('slow', 40));
    const overrun = await refusal(merge.finish(1));
    expect(overrun.status).toBe(503);
    expect(overrun.message).toMatch(/超过 \d+ 秒/);
  });
});
