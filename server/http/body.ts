import type { Context } from 'hono';
import { ApiError } from './errors.ts';

/** The request body as JSON, or a 400 saying it is not: the one place bodies are parsed. */
export async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  // application/json, and its structured kinds (application/geo+json, application/merge-patch+json: OGC API – Features Part 4).
  if (!/application\/([\w.-]+\+)?json/i.test(type)) throw new ApiError(415, 'unsupported_media_type', '请求内容须为 JSON（Content-Type: application/json）');
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, 'bad_json', '请求内容不是有效的 JSON');
  }
  if (nestingDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new ApiError(400, 'too_deep', `请求 JSON 嵌套过深（超过 ${MAX_JSON_DEPTH} 层）`);
  return body;
}

/** No request of ours nests deeper than a MultiPolygon inside a feature (≈ 8); recursive code downstream is safe. */
export const MAX_JSON_DEPTH = 64;

/** How deep arrays and objects nest in a parsed JSON value, counted without recursion and stopping past `stopAfter`. */
export function nestingDepth(value: unknown, stopAfter: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > stopAfter) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return deepest;
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
