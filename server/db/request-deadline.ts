import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The deadline of the request a piece of database work is done for, as a signal aborted when the request has been
 * answered 503 (server/http/limits.ts). PostgreSQL then cancels the statement it is running for that request, and a
 * statement the request would start afterwards is not started: one bad plan cannot hold a pool connection (and the
 * database's CPU) for minutes after nobody waits for its answer. A write cancelled this way rolls back whole.
 * PGlite runs one statement at a time in this process and cannot be interrupted; it has the 503 only.
 */
const current = new AsyncLocalStorage<AbortSignal>();

export function withRequestDeadline<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  return current.run(signal, work);
}

export function requestDeadline(): AbortSignal | undefined {
  return current.getStore();
}

/** Thrown instead of starting a statement for a request already past its deadline; PostgreSQL's own code for a cancel. */
export class PastDeadline extends Error {
  readonly code = '57014';
  constructor() {
    super('请求已超时，不再执行数据库语句');
  }
}

/**
 * Runs work that is shared by several requests (a cached answer computed once for everyone asking at that data
 * version) free of the deadline of the request that happened to start it: the others still wait for it, and its
 * result serves the next ones.
 */
export function sharedWork<T>(work: () => Promise<T>): Promise<T> {
  return current.exit(work);
}
