import type { Context } from 'hono';
import { ApiError } from './errors.ts';

/** The request body as JSON, or a 400 saying it is not: the one place bodies are parsed. */
export async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!type.includes('application/json')) throw new ApiError(415, 'unsupported_media_type', '请求内容须为 JSON（Content-Type: application/json）');
  try {
    return await c.req.json();
  } catch {
    throw new ApiError(400, 'bad_json', '请求内容不是有效的 JSON');
  }
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
