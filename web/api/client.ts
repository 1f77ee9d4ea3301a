/** Fetching the server's JSON. Errors carry the server's Chinese message, ready to show as is. */
import { takeEarly } from './early.ts';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    /** The error object's other members, e.g. `current` of a version conflict or `problems` of an invalid parcel. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * The session's CSRF token, kept in memory only (never in storage a script from elsewhere could read); set at sign-in
 * and from /api/auth/me on page load.
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** For requests sendJson cannot make, e.g. an upload with progress through XMLHttpRequest. */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** Sent on window when an answer says the server's database is away (503 database_unavailable): the desk's banner shows it. */
export const DATABASE_AWAY_EVENT = 'panhuo:database-away';

export function errorOf(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string } & Record<string, unknown> } | null)?.error;
  const { code, message, ...extra } = error ?? {};
  // Outside a page (a worker, a unit test) there is no banner to tell.
  if (code === 'database_unavailable' && typeof window !== 'undefined') window.dispatchEvent(new Event(DATABASE_AWAY_EVENT));
  if (status === 429 && !message) return new ApiError('操作过于频繁，请稍后再试', 'too_many_requests', status);
  return new ApiError(message ?? `服务器返回错误（HTTP ${status}）`, code ?? 'http', status, extra);
}

/** A change sent to the server (POST/PUT/DELETE) with the session's CSRF token; resolves to the JSON answer, or null for 204. */
export async function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<T | null> {
  const headers: Record<string, string> = {};
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    throw new ApiError('无法连接服务器，请检查网络或稍后重试', 'network', 0);
  }
  if (response.status === 204) return null;
  const answer: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorOf(response.status, answer);
  return answer as T;
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await (takeEarly(url) ?? fetch(url, signal ? { signal } : {}));
    // An answer asked for early cannot be aborted; one no longer wanted is dropped here instead.
    signal?.throwIfAborted();
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('无法连接服务器，请检查网络或稍后重试', 'network', 0);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorOf(response.status, body);
  if (body === null) throw new ApiError('服务器返回的数据无法解析', 'parse', response.status);
  return body as T;
}

/** A query string from the parameters that have a value; empty arrays and nulls are left out. */
export function query(params: Record<string, string | number | readonly string[] | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value == null) continue;
    if (Array.isArray(value)) {
      if (value.length) search.set(key, value.join(','));
    } else {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
