import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DATABASE_AWAY_MESSAGE, isDatabaseAway } from '../db/availability.ts';
import { databaseInputError } from './db-errors.ts';

/**
 * The one error type of the API. `code` is for programs to match on; `message` is for the person reading it, in
 * Chinese, naming what was wrong (which parameter, which value, what is allowed).
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    /** More for the client: e.g. `problems` per field, or the `current` record on a version conflict. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const badParameter = (name: string, why: string) => new ApiError(400, 'bad_parameter', `参数 ${name} 有误：${why}`);
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what}不存在`);

export function errorResponse(error: Error, c: Context) {
  if (error instanceof ApiError) return c.json({ error: { code: error.code, message: error.message, ...error.extra } }, error.status);
  // The database restarting or stopped: not the request's fault nor a bug. The client may try again; a write it sent
  // either committed or did not, and the record's version tells which.
  if (isDatabaseAway(error)) {
    c.header('Retry-After', '2');
    return c.json({ error: { code: 'database_unavailable', message: DATABASE_AWAY_MESSAGE } }, 503);
  }
  // A statement cancelled at the request's deadline (server/db/request-deadline.ts): the 503 has usually gone out
  // already; where it has not (a statement_timeout of the database's own), it is the answer.
  if ((error as { code?: unknown }).code === '57014') return c.json({ error: { code: 'deadline', message: '查询超时，已停止；请缩小范围后重试' } }, 503);
  // Hono's own (e.g. a malformed body it was asked to parse): its status, in words.
  if (error instanceof HTTPException && error.status < 500) return c.json({ error: { code: 'bad_request', message: `请求无效（HTTP ${error.status}）` } }, error.status);
  const mapped = databaseInputError(error);
  if (mapped) return c.json({ error: { code: mapped.code, message: mapped.message } }, mapped.status);
  // The stack of a recursion too deep for the process is an input problem (nothing legitimate nests that far).
  if (error instanceof RangeError && /call stack/i.test(error.message)) return c.json({ error: { code: 'too_complex', message: '数据结构过深，无法处理' } }, 400);
  console.error(error);
  return c.json({ error: { code: 'internal', message: '服务器内部错误，请稍后重试或联系管理员' } }, 500);
}
