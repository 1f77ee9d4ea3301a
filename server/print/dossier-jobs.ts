import { randomUUID } from 'node:crypto';
import type { SessionUser } from '../auth/types.ts';
import type { SharedBrowser } from '../browser/shared-browser.ts';
import type { Db } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';
import { printDocument } from './document.ts';
import { dossiersData } from './dossier-data.ts';
import { DOSSIER_CSS, dossierHtml } from './dossier-html.ts';
import { printPdf } from './pdf.ts';
import { PdfMerge } from './pdf-merge.ts';
import { printedBy } from './printed-by.ts';

/** The most parcels one batch prints: about 2,100 pages, printed in under two minutes (scripts/bench/dossiers.ts). */
export const MAX_BATCH = 1000;
/** Parcels printed per browser job: a wall PNG asked for meanwhile waits for one piece, not the batch. */
const CHUNK = 50;
/** Batches running at once across the server; one more is refused (503). Each person runs one at a time (429). */
const MAX_RUNNING = 2;
/** A finished batch's PDF is kept this long for its download. */
const KEEP_MS = 15 * 60_000;
/**
 * Finished PDFs held in memory at once (a batch of 1,000 is tens of MB): past this the oldest is let go before its
 * KEEP_MS is up, and its download answers 404 "已过期" like an expired one.
 */
const MAX_KEPT = 6;

export type JobState = 'running' | 'done' | 'failed';

/** A batch as its owner polls it. */
export interface DossierJobView {
  id: string;
  state: JobState;
  total: number;
  done: number;
  /** What it is doing, in Chinese. */
  phase: string;
  message: string | null;
  bytes: number | null;
  /** Pages of the finished PDF. */
  pages: number | null;
}

interface Job extends DossierJobView {
  owner: number;
  pdf: Buffer | null;
}

/**
 * Batches of dossiers (一宗一档 for a selection or a unit) printed as one PDF in the background, 50 parcels to a
 * browser job: each piece is read and laid out while the one before prints, and joined into the batch as soon as it
 * is printed (PdfMerge, a worker thread). The owner polls the progress and downloads the file. Kept in memory: a batch
 * is a minute's work for the person who asked, not a record.
 */
export class DossierJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly db: Db,
    private readonly browser: SharedBrowser,
  ) {}

  start(ids: number[], user: SessionUser): DossierJobView {
    if (!this.browser.available) throw new ApiError(503, 'browser_unavailable', '服务器未安装 Chromium，无法打印宗地档案（可设置 PANHUO_CHROMIUM）');
    const running = [...this.jobs.values()].filter((j) => j.state === 'running');
    const own = running.find((j) => j.owner === user.id);
    // One person, one batch: two slots server-wide would otherwise be one person's to fill.
    if (own) throw new ApiError(429, 'print_own_batch', `你已有一个批量打印在进行（${own.done}/${own.total} 宗），请等它完成后再开始下一批`);
    if (running.length >= MAX_RUNNING) throw new ApiError(503, 'print_busy', `已有 ${running.length} 个批量打印在进行，请稍后重试`);
    const job: Job = { id: randomUUID(), owner: user.id, state: 'running', total: ids.length, done: 0, phase: '排队中', message: null, bytes: null, pages: null, pdf: null };
    this.jobs.set(job.id, job);
    void this.run(job, ids, printedBy(user));
    return view(job);
  }

  /** The owner's job (anyone else's is "not found", as if it did not exist). */
  get(id: string, user: SessionUser): Job {
    const job = this.jobs.get(id);
    if (!job || job.owner !== user.id) throw new ApiError(404, 'not_found', '没有这个批量打印任务（可能已过期，请重新打印）');
    return job;
  }

  private async run(job: Job, ids: number[], footer: string): Promise<void> {
    const pieces = Array.from({ length: Math.ceil(ids.length / CHUNK) }, (_, i) => ids.slice(i * CHUNK, (i + 1) * CHUNK));
    // Made inside the try: a failure here must fail the job, not leave it 'running' (and holding a MAX_RUNNING slot).
    let merge: PdfMerge | null = null;
    try {
      merge = new PdfMerge(`宗地档案（${ids.length} 宗）`);
      let next: Promise<string> | null = this.layOut(pieces[0]!, footer);
      for (const [i, piece] of pieces.entries()) {
        const html: string = await next!;
        // The next piece is read from the database and laid out while the browser prints this one.
        next = i + 1 < pieces.length ? this.layOut(pieces[i + 1]!, footer) : null;
        next?.catch(() => {}); // awaited in the next round; a failure meanwhile is not unhandled
        const from = i * CHUNK;
        job.phase = `排版打印第 ${from + 1}–${from + piece.length} 宗`;
        merge.add(await whenFree(() => printPdf(this.browser, '宗地档案', html)));
        job.done = from + piece.length;
      }
      job.phase = '合并';
      const joined = await merge.finish();
      job.pdf = joined.pdf;
      job.pages = joined.pages;
      job.bytes = joined.pdf.length;
      job.state = 'done';
      job.phase = '完成';
    } catch (error) {
      job.state = 'failed';
      job.message = error instanceof ApiError ? error.message : '批量打印失败，请稍后重试';
      if (!(error instanceof ApiError)) console.error(error);
      await merge?.close();
    } finally {
      setTimeout(() => this.jobs.delete(job.id), KEEP_MS).unref();
      this.forgetOldestPdfs();
    }
  }

  /** A piece of the batch as one HTML document, each dossier starting on a new page. */
  private async layOut(ids: number[], footer: string): Promise<string> {
    const data = await dossiersData(this.db, ids);
    return printDocument('宗地档案', DOSSIER_CSS, data.map(dossierHtml).join(''), footer, { pageNumbers: false });
  }

  /** Lets go of the oldest finished PDFs beyond MAX_KEPT (the map keeps insertion order: oldest first). */
  private forgetOldestPdfs(): void {
    const kept = [...this.jobs.values()].filter((j) => j.pdf);
    for (const old of kept.slice(0, Math.max(0, kept.length - MAX_KEPT))) this.jobs.delete(old.id);
  }
}

export function view(job: Job): DossierJobView {
  const { id, state, total, done, phase, message, bytes, pages } = job;
  return { id, state, total, done, phase, message, bytes, pages };
}

/** A browser job retried while the shared queue is full (a batch waits its turn rather than failing). */
async function whenFree<T>(job: () => Promise<T>, tries = 60): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await job();
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'browser_busy') || i >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}
