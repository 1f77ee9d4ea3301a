/**
 * Uploaded files are read in worker threads, never on the server's own thread: a reader that hangs (shpjs on a
 * truncated zip never returned) or a file that expands without end would otherwise stop every request. Each read
 * has a time limit and a heap limit; a worker that times out or dies is replaced by Piscina, and the request gets a
 * 4xx or 503 naming what happened.
 */
import { Piscina } from 'piscina';
import type { SheetRead } from '../campaign-setup/workbook.ts';
import { NO_READ_OPTIONS, type ReadOptions, type ReadResult } from '../imports/formats/types.ts';
import { ApiError } from '../http/errors.ts';
import { FILE_LIMITS, FileRefusal, megabytes, tooLargeUpload } from './limits.ts';
import { checkZip, zipKindOf } from './zip.ts';
import type { FileAnswer, FileJob, FileTask } from './task.ts';

let pool: Piscina<FileTask, FileAnswer> | null = null;

function filePool() {
  pool ??= new Piscina<FileTask, FileAnswer>({
    filename: new URL('./worker.mjs', import.meta.url).href,
    // Two cores: more readers at once would only slow the rest of the server.
    maxThreads: 2,
    // One worker stays ready (starting one, with tsx, takes seconds on a busy machine); a second, when it has been
    // idle a while, ends and gives its memory back.
    minThreads: 1,
    idleTimeout: 10_000,
    maxQueue: 16,
    resourceLimits: { maxOldGenerationSizeMb: FILE_LIMITS.workerHeapMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
  });
  return pool;
}

const refusal = (e: FileRefusal) => new ApiError(e.status, e.code, e.message);

/**
 * Aborts `controller` when the worker has read for longer than the limit, or when the file has waited too long for a
 * worker at all. The two are apart because a worker's cold start (tsx compiling the readers, seconds on a busy
 * machine) or a queue behind other files is not the file's fault: counted as reading time it once failed the demo
 * seeds with "文件可能已损坏". The worker flags the start in shared memory; a poll every 200 ms watches it.
 */
function readingDeadline(reading: Int32Array, controller: AbortController): () => void {
  const queuedAt = Date.now();
  let readingSince: number | null = null;
  const timer = setInterval(() => {
    const now = Date.now();
    if (readingSince === null && Atomics.load(reading, 0) === 1) readingSince = now;
    if (readingSince !== null && now - readingSince > FILE_LIMITS.parseMs) controller.abort('read');
    else if (readingSince === null && now - queuedAt > FILE_LIMITS.waitMs) controller.abort('wait');
  }, 200);
  return () => clearInterval(timer);
}

async function run<T>(task: FileJob): Promise<T> {
  if (task.bytes.byteLength > FILE_LIMITS.uploadBytes) throw refusal(tooLargeUpload(task.bytes.byteLength));
  // A zip's central directory is read here as well, before a worker is asked: it costs a bounded walk of at most
  // 1,001 headers, and a bomb or a truncated zip is refused at once, even when every worker is busy.
  const zipKind = zipKindOf(task.name);
  if (zipKind) {
    try {
      checkZip(task.bytes, zipKind);
    } catch (error) {
      if (error instanceof FileRefusal) throw refusal(error);
      throw error;
    }
  }
  // Moved, not copied, to the worker: the bytes are the worker's from here on.
  const bytes = task.bytes.byteOffset === 0 && task.bytes.byteLength === task.bytes.buffer.byteLength ? task.bytes : task.bytes.slice();
  const reading = new Int32Array(new SharedArrayBuffer(4));
  const controller = new AbortController();
  const stopWatching = readingDeadline(reading, controller);
  let answer: FileAnswer;
  try {
    answer = await filePool().run({ ...task, bytes, reading }, { signal: controller.signal, transferList: [bytes.buffer as ArrayBuffer] });
  } catch (error) {
    const e = error as Error & { code?: string };
    if (controller.signal.reason === 'wait') throw new ApiError(503, 'busy', `服务器正忙，${FILE_LIMITS.waitMs / 1000} 秒内没有空闲的读取线程，请稍后重试`);
    if (controller.signal.aborted) {
      throw new ApiError(422, 'parse_timeout', `读取文件超过 ${FILE_LIMITS.parseMs / 1000} 秒时限，已中止（文件可能已损坏或过于复杂）`);
    }
    if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') throw new ApiError(413, 'parse_memory', `读取文件所需内存超过 ${megabytes(FILE_LIMITS.workerHeapMb * 1048576)} 上限`);
    if (/queue is at limit/i.test(e.message)) throw new ApiError(503, 'busy', '服务器正忙于读取其他文件，请稍后重试');
    throw new ApiError(503, 'parse_failed', '读取文件的工作线程意外退出，请重试');
  } finally {
    stopWatching();
  }
  if (!answer.ok) throw new ApiError(answer.status, answer.code, answer.message);
  return JSON.parse(answer.json) as T;
}

/**
 * An import file (boundaries or a ledger) read into candidates in a worker; see imports/read.ts. The bytes are moved
 * to the worker (not copied): the caller's array is empty afterwards.
 */
export const readImportUpload = (name: string, bytes: Uint8Array, options: ReadOptions = NO_READ_OPTIONS) =>
  run<ReadResult>({ kind: 'import', name, bytes, options });

/** A task or monitoring sheet (.xlsx or .csv) read into rows in a worker (bytes moved, as above); see campaign-setup/workbook.ts. */
export const readSheetUpload = (name: string, bytes: Uint8Array) => run<SheetRead>({ kind: 'sheet', name, bytes });
