import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SessionUser } from '../auth/types.ts';
import type { SharedBrowser } from '../browser/shared-browser.ts';
import type { Db } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';
import { printDocument } from './document.ts';
import { dossiersData } from './dossier-data.ts';
import { DOSSIER_CSS, dossierHtml } from './dossier-html.ts';
import { printPdf } from './pdf.ts';
import { printedBy } from './printed-by.ts';

const run = promisify(execFile);

/** The most parcels one batch prints: about 2,500 pages, printed in under two minutes. */
export const MAX_BATCH = 1000;
/** Parcels printed per browser job: a wall PNG asked for meanwhile waits for one piece, not the batch. */
const CHUNK = 50;
/** Batches running at once across the server; one more is refused (503). */
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
}

interface Job extends DossierJobView {
  owner: number;
  pdf: Buffer | null;
}

/**
 * Batches of dossiers (一宗一档 for a selection or a unit) printed as one PDF in the background: read set by set,
 * printed 50 parcels at a time in the shared browser, joined with poppler's pdfunite; the owner polls the progress
 * and downloads the file. Kept in memory: a batch is a few minutes' work for the person who asked, not a record.
 */
export class DossierJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly db: Db,
    private readonly browser: SharedBrowser,
  ) {}

  start(ids: number[], user: SessionUser): DossierJobView {
    if (!this.browser.available) throw new ApiError(503, 'browser_unavailable', '服务器未安装 Chromium，无法打印宗地档案（可设置 PANHUO_CHROMIUM）');
    const running = [...this.jobs.values()].filter((j) => j.state === 'running').length;
    if (running >= MAX_RUNNING) throw new ApiError(503, 'print_busy', `已有 ${running} 个批量打印在进行，请稍后重试`);
    const job: Job = { id: randomUUID(), owner: user.id, state: 'running', total: ids.length, done: 0, phase: '排队中', message: null, bytes: null, pdf: null };
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
    // Made inside the try: a failure here must fail the job, not leave it 'running' (and holding a MAX_RUNNING slot).
    let dir: string | null = null;
    try {
      dir = await mkdtemp(join(tmpdir(), 'panhuo-dossiers-'));
      const files: string[] = [];
      for (let start = 0; start < ids.length; start += CHUNK) {
        const chunk = ids.slice(start, start + CHUNK);
        job.phase = `读取第 ${start + 1}–${start + chunk.length} 宗`;
        const data = await dossiersData(this.db, chunk);
        job.phase = `排版打印第 ${start + 1}–${start + chunk.length} 宗`;
        const html = printDocument('宗地档案', DOSSIER_CSS, data.map(dossierHtml).join(''), footer, { pageNumbers: false });
        const file = join(dir, `${String(files.length).padStart(4, '0')}.pdf`);
        await writeFile(file, await whenFree(() => printPdf(this.browser, '宗地档案', html)));
        files.push(file);
        job.done = start + chunk.length;
      }
      job.phase = '合并';
      const out = files.length === 1 ? files[0]! : join(dir, 'all.pdf');
      if (files.length > 1) await run('pdfunite', [...files, out]).catch((error: unknown) => {
        console.error(error);
        throw new ApiError(503, 'merge_unavailable', '合并批量档案失败：服务器需要 poppler-utils（pdfunite）');
      });
      job.pdf = await readFile(out);
      job.bytes = job.pdf.length;
      job.state = 'done';
      job.phase = '完成';
    } catch (error) {
      job.state = 'failed';
      job.message = error instanceof ApiError ? error.message : '批量打印失败，请稍后重试';
      if (!(error instanceof ApiError)) console.error(error);
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true }).catch((error: unknown) => console.error(error));
      setTimeout(() => this.jobs.delete(job.id), KEEP_MS).unref();
      this.forgetOldestPdfs();
    }
  }

  /** Lets go of the oldest finished PDFs beyond MAX_KEPT (the map keeps insertion order: oldest first). */
  private forgetOldestPdfs(): void {
    const kept = [...this.jobs.values()].filter((j) => j.pdf);
    for (const old of kept.slice(0, Math.max(0, kept.length - MAX_KEPT))) this.jobs.delete(old.id);
  }
}

export function view(job: Job): DossierJobView {
  const { id, state, total, done, phase, message, bytes } = job;
  return { id, state, total, done, phase, message, bytes };
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
