/**
 * Limits on what an uploaded file may cost the server to read. A file past any of them is refused with a 4xx
 * naming the limit, before the work that would exceed it (a zip's central directory is read before anything is
 * inflated). The same numbers are shown to people in the messages, so they are round.
 */
export const FILE_LIMITS = {
  /** An upload's size: a campaign's boundaries are a few MB at most. */
  uploadBytes: 50 * 1024 * 1024,
  /** Members of one zip (a Shapefile has 5–8 per layer; an .xlsx a few dozen parts). */
  zipMembers: 1000,
  /** All members of one zip together, as the central directory states them, after inflating. */
  expandedBytes: 200 * 1024 * 1024,
  /** Wall-clock time to read one file in a worker, from when its reader begins (not while it waits for a worker). */
  parseMs: 20_000,
  /** Wall-clock time a file may wait for a worker to be free and loaded (a cold start under tsx takes seconds). */
  waitMs: 120_000,
  /** A worker's V8 heap (old generation). */
  workerHeapMb: 512,
} as const;

export const megabytes = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

/**
 * A file refused for what reading it would cost, or for a shape no reader should trust. Thrown inside the worker,
 * sent back as data (errors lose their class between threads) and turned into an ApiError by the pool.
 */
export class FileRefusal extends Error {
  constructor(
    readonly status: 413 | 422 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const tooLargeUpload = (bytes: number, limit: number = FILE_LIMITS.uploadBytes) =>
  new FileRefusal(413, 'too_large', `文件过大（${(bytes / 1048576).toFixed(1)} MB），上限为 ${megabytes(limit)}`);
