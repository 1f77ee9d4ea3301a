import { Worker } from 'node:worker_threads';
import { ApiError } from '../http/errors.ts';

/** How long the merge may take once the last piece is in (saving 2,000 pages takes a few seconds). */
export const MERGE_TIMEOUT_MS = 60_000;
/** The merging thread's heap: a batch of 1,000 dossiers is about 20 MB of PDF, a few times that as objects. */
const MERGE_HEAP_MB = 768;

const mergeFailed = () => new ApiError(503, 'merge_failed', '合并批量档案失败，请稍后重试');

/**
 * One PDF made of pieces printed one after another, joined with pdf-lib (MIT) in a worker thread (merge-worker.mjs)
 * as each piece arrives, so that the join overlaps the printing, never blocks the server's thread, and is ended
 * (with a Chinese message) when it overruns. Replaces poppler's pdfunite, which the server needed at run time.
 */
export class PdfMerge {
  private readonly worker: Worker;
  private readonly result: Promise<{ pdf: Buffer; pages: number }>;
  /** Set once the merge has failed (a piece it could not read, the thread gone): it takes no more pieces. */
  private failed = false;

  constructor(title: string) {
    this.worker = new Worker(new URL('./merge-worker.mjs', import.meta.url), {
      workerData: { title },
      resourceLimits: { maxOldGenerationSizeMb: MERGE_HEAP_MB },
    });
    this.result = new Promise((resolve, reject) => {
      this.worker.on('message', (m: { pdf: Uint8Array; pages: number } | { error: string }) => {
        if ('error' in m) reject(new Error(m.error));
        else resolve({ pdf: Buffer.from(m.pdf.buffer, m.pdf.byteOffset, m.pdf.byteLength), pages: m.pages });
      });
      this.worker.on('error', reject);
      this.worker.on('exit', (code) => reject(new Error(`the merging thread ended (exit code ${code})`)));
    });
    // Reported by add() and finish(); a failure before then must not be an unhandled rejection.
    this.result.catch(() => {
      this.failed = true;
    });
  }

  /**
   * Hands a printed piece to the merge (moved, not copied, when the buffer is its own). Once the merge has failed it
   * refuses (503 in Chinese), so that a batch stops at the next piece instead of printing the rest for nothing.
   */
  add(piece: Buffer): void {
    if (this.failed) throw mergeFailed();
    const own = piece.byteOffset === 0 && piece.byteLength === piece.buffer.byteLength ? piece : new Uint8Array(piece);
    this.worker.postMessage({ piece: own }, [own.buffer as ArrayBuffer]);
  }

  /** The joined PDF and its page count, once every piece is in; a failure or overrun is a 503 in Chinese. */
  async finish(timeoutMs = MERGE_TIMEOUT_MS): Promise<{ pdf: Buffer; pages: number }> {
    this.worker.postMessage({ finish: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overrun = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ApiError(503, 'merge_timeout', `合并批量档案超过 ${Math.round(timeoutMs / 1000)} 秒仍未完成，已中止：请缩小范围后重试`)), timeoutMs);
    });
    try {
      return await Promise.race([this.result, overrun]);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      console.error(error);
      throw mergeFailed();
    } finally {
      clearTimeout(timer);
      void this.close();
    }
  }

  /** Ends the thread (after finish, or when the batch failed before it). */
  close(): Promise<number> {
    return this.worker.terminate();
  }
}
