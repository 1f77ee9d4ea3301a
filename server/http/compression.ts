import type { MiddlewareHandler } from 'hono';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * What is worth compressing: JSON, vector tiles, scripts, styles, pages, SVG, CSV. Not event streams (each event must
 * reach the page when written, and a compressor buffers), not images or workbooks (already compressed).
 */
const COMPRESSIBLE = /^(application\/(json|geo\+json|javascript|vnd\.mapbox-vector-tile|manifest\+json|xml)|text\/(html|css|javascript|csv|plain|xml)|image\/svg\+xml)\b/;
/** Below this, the headers cost more than compression saves. */
const MIN_BYTES = 1024;
/**
 * Brotli level 5 for answers made per request (about gzip's speed at a smaller size); hashed assets never change, so
 * theirs is made once at level 9 and kept.
 */
const DYNAMIC_QUALITY = 5;
/**
 * Above this, a dynamic answer (an OGC page of 1,000 parcels is ~1 MB) gets brotli quality 1 or gzip level 1: measured
 * on such a page, brotli 5 added ~100 ms to the answer on this machine and quality 1 writes a body only ~5 % larger;
 * gzip (GDAL's curl asks for gzip only) level 6 → 1 took 48 → 19 ms on a 1.4 MB page for a body ~20 % larger.
 */
const LARGE_DYNAMIC_BYTES = 256 * 1024;
const GZIP_LEVEL = 6;
const ASSET_QUALITY = 9;
const ASSET_CACHE_LIMIT = 64;

export type Encoding = 'br' | 'gzip';

/** The encoding a client that sent `accept` (its Accept-Encoding) gets, or null for none. */
export function chosenEncoding(accept: string | undefined): Encoding | null {
  if (!accept) return null;
  const offered = accept.split(',').map((part) => {
    const [name, ...rest] = part.trim().split(';');
    const q = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
    return { name: name!.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
  });
  const accepts = (name: string) => offered.some((o) => o.name === name && o.q > 0);
  return accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : null;
}

/** `fast`: a large answer made per request, where compressing time is on the reader's clock. */
function compress(body: Uint8Array, encoding: Encoding, quality: number, fast: boolean): Promise<Uint8Array> {
  return encoding === 'br'
    ? brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: fast ? 1 : quality, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
    : gzipped(body, { level: fast ? 1 : GZIP_LEVEL });
}

/**
 * A dynamic answer as this middleware sends it to a client that sent `accept` (its Accept-Encoding): for a route that
 * makes an answer ahead of the request (the next OGC page, server/ogc/prefetch.ts) and sends it compressed already,
 * with Content-Encoding set (the middleware then leaves it alone) and `Vary: Accept-Encoding`.
 */
export async function compressedAnswer(accept: string | undefined, raw: Uint8Array): Promise<{ encoding: Encoding | null; body: Uint8Array }> {
  const encoding = chosenEncoding(accept);
  if (!encoding || raw.byteLength < MIN_BYTES) return { encoding: null, body: raw };
  return { encoding, body: await compress(raw, encoding, DYNAMIC_QUALITY, raw.byteLength > LARGE_DYNAMIC_BYTES) };
}

/**
 * gzip or brotli (brotli where the client accepts it) for JSON, tiles and assets, with node:zlib — Hono's own compress
 * middleware offers no brotli on Node. `immutableAssets`: a path prefix whose files are named by their content hash,
 * whose compressed forms are kept in memory (bounded) instead of made on every request.
 */
export function compression(options: { immutableAssets?: string } = {}): MiddlewareHandler {
  const assets = new Map<string, Uint8Array>();
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get('Content-Type') ?? '';
    if (c.req.method === 'HEAD' || !res.body || res.status === 304 || res.status === 206 || res.headers.has('Content-Encoding') || !COMPRESSIBLE.test(type)) return;
    res.headers.append('Vary', 'Accept-Encoding');
    const encoding = chosenEncoding(c.req.header('Accept-Encoding'));
    if (!encoding) return;
    const path = c.req.path;
    const asset = options.immutableAssets !== undefined && path.startsWith(options.immutableAssets) && res.status === 200;
    const cacheKey = `${encoding} ${path}`;
    let body = asset ? assets.get(cacheKey) : undefined;
    if (!body) {
      const raw = new Uint8Array(await res.arrayBuffer());
      if (raw.byteLength < MIN_BYTES) {
        c.res = undefined;
        c.res = new Response(raw, res);
        return;
      }
      body = await compress(raw, encoding, asset ? ASSET_QUALITY : DYNAMIC_QUALITY, !asset && raw.byteLength > LARGE_DYNAMIC_BYTES);
      if (asset) {
        if (assets.size >= ASSET_CACHE_LIMIT) assets.delete(assets.keys().next().value!);
        assets.set(cacheKey, body);
      }
    } else {
      await res.body.cancel();
    }
    const headers = new Headers(res.headers);
    headers.set('Content-Encoding', encoding);
    headers.delete('Content-Length');
    // Setting c.res to undefined first: Hono would otherwise copy the old headers (Content-Length too) onto the new one.
    c.res = undefined;
    c.res = new Response(body as Uint8Array<ArrayBuffer>, { status: res.status, statusText: res.statusText, headers });
  };
}
