import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

/**
 * Who is asking and over what, as far as this server can trust it. Behind one reverse proxy (PANHUO_TRUST_PROXY), the
 * proxy's own headers say it: the last X-Forwarded-For entry (the one the proxy appended; earlier ones the client
 * may have written itself) and X-Forwarded-Proto. Without that setting those headers are anyone's to forge and are
 * ignored.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made in-process (app.request) have no socket.
    return 'unknown';
  }
}

/** Whether the browser reached us over HTTPS: directly, or (when trusted) through the proxy. */
export function overHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && c.req.header('x-forwarded-proto')?.split(',').at(-1)?.trim().toLowerCase() === 'https';
}
