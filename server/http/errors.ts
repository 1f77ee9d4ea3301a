import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DATABASE_AWAY_MESSAGE, isDatabaseAway } from '../db/availability.ts';

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
  console.error(error);
  return c.json({ error: { code: 'internal', message: '服务器内部错误，请稍后重试或联系管理员' } }, 500);
}
