/**
 * What a file-reading worker thread does with one task. Runs off the main thread (see pool.ts): a reader that loops,
 * recurses or allocates without end costs only this thread, which the pool ends and replaces.
 */
import type { ReadOptions } from '../imports/formats/types.ts';
import { FileRefusal } from './limits.ts';

/** A file to read, as the server asks for it. */
export type FileJob = { kind: 'import'; name: string; bytes: Uint8Array; options: ReadOptions } | { kind: 'sheet'; name: string; bytes: Uint8Array };

/** A file to read, as a worker receives it. */
export type FileTask = FileJob & {
  /** Over shared memory; set to 1 once the reader is loaded and reading begins: the time limit counts from then (pool.ts). */
  reading: Int32Array;
};

/** The answer sent back: a JSON text (checked for depth here, where a stack overflow costs nothing) or a refusal. */
export type FileAnswer = { ok: true; json: string } | { ok: false; status: FileRefusal['status']; code: string; message: string };

async function read(task: FileTask): Promise<unknown> {
  // Imported when needed: a worker reading a task sheet need not load the Shapefile and KML readers.
  if (task.kind === 'import') {
    const { readImportFile } = await import('../imports/read.ts');
    Atomics.store(task.reading, 0, 1);
    return readImportFile(task.name, task.bytes, task.options);
  }
  const { readSheet } = await import('../campaign-setup/workbook.ts');
  Atomics.store(task.reading, 0, 1);
  return readSheet(task.name, task.bytes);
}

/** Dates (a DBF's D fields, Excel date cells) as ISO days, as the ledger reads them. */
function datesAsDays(this: Record<string, unknown>, key: string, value: unknown) {
  const raw = this[key];
  return raw instanceof Date ? (Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10)) : value;
}

export async function runFileTask(task: FileTask): Promise<FileAnswer> {
  try {
    return { ok: true, json: JSON.stringify(await read(task), datesAsDays) };
  } catch (error) {
    if (error instanceof FileRefusal) return { ok: false, status: error.status, code: error.code, message: error.message };
    if (error instanceof RangeError) return { ok: false, status: 422, code: 'too_complex', message: '文件结构嵌套过深或数据过大，无法读取' };
    return { ok: false, status: 422, code: 'unreadable_file', message: `无法读取文件：${(error as Error).message}` };
  }
}
