import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { readdirSync } from 'node:fs';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { startTestServer } from '../support/server.ts';
import { TileCache } from '../../server/tiles/tile-cache.ts';
import { parcelTile } from '../../server/tiles/parcel-tiles.ts';

// Built by `npx vite build` (the browser tests need it too): hashed assets and index.html are served from it.
const WEB_ROOT = process.env.PANHUO_WEB_ROOT ?? 'dist/web';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ webRoot: WEB_ROOT });
});
afterAll(() => server?.close());

/** A raw HTTP GET (fetch would decompress and hide what went over the wire). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; raw: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(server.url + path, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, raw: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const decoded = (r: { headers: Record<string, unknown>; raw: Buffer }) =>
  r.headers['content-encoding'] === 'br' ? brotliDecompressSync(r.raw) : r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.raw) : r.raw;

const lonToX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const latToY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

describe('compression', () => {
  it('sends JSON as brotli when the client accepts it, gzip when only that, and plain otherwise — the same JSON each time', async () => {
    const path = '/api/campaigns/1';
    const plain = await get(path, { 'Accept-Encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await get(path, { 'Accept-Encoding': 'gzip, deflate, br' });
    const gz = await get(path, { 'Accept-Encoding': 'gzip;q=1, br;q=0' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(String(br.headers.vary)).toContain('Accept-Encoding');
    expect(JSON.parse(decoded(br).toString('utf8'))).toEqual(JSON.parse(plain.raw.toString('utf8')));
    expect(JSON.parse(decoded(gz).toString('utf8'))).toEqual(JSON.parse(plain.raw.toString('utf8')));
    expect(br.raw.length).toBeLessThan(plain.raw.length / 3);
  });

  it('does not compress the event stream, whose events must arrive as written', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/events`, { headers: { 'Accept-Encoding': 'br, gzip' }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('content-encoding')).toBeNull();
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: version');
    controller.abort();
  });

  it('serves hashed assets compressed and cacheable for a year, index.html asked for each time', async () => {
    const script = readdirSync(`${WEB_ROOT}/assets`).find((f) => /^index-.*\.js$/.test(f) || /^main-.*\.js$/.test(f))!;
    expect(script).toBeDefined();
    const asset = await get(`/assets/${script}`, { 'Accept-Encoding': 'br' });
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('br');
    const plain = await get(`/assets/${script}`, { 'Accept-Encoding': 'identity' });
    expect(decoded(asset).equals(plain.raw)).toBe(true);
    // The second request is served from the kept compressed form: the same bytes.
    expect((await get(`/assets/${script}`, { 'Accept-Encoding': 'br' })).raw.equals(asset.raw)).toBe(true);
    for (const page of ['/', '/index.html', '/wall?campaign=1']) {
      const r = await get(page, { 'Accept-Encoding': 'gzip' });
      expect(r.status).toBe(200);
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(decoded(r).toString('utf8')).toContain(script);
    }
  });
});

describe('tiles: ETag, 304 and a cache dropped only where an edit lands', () => {
  it('answers 304 to the ETag it gave, compresses the tile, and after an edit only the tiles it touches change', async () => {
    const z = 14;
    const parcels = (await server.get('/api/parcels?campaign=1&limit=5000')).body.features as any[];
    const tileOf = (f: any) => {
      const [lon, lat] = f.geometry.coordinates[0][0][0];
      return [lonToX(lon, z), latToY(lat, z)] as const;
    };
    const edited = parcels[0];
    const [ex, ey] = tileOf(edited);
    const far = parcels.find((f) => {
      const [x, y] = tileOf(f);
      return Math.abs(x - ex) > 3 || Math.abs(y - ey) > 3;
    });
    const [fx, fy] = tileOf(far);
    const path = (x: number, y: number) => `/tiles/parcels/${z}/${x}/${y}.mvt?campaign=1`;

    const first = await get(path(ex, ey), { 'Accept-Encoding': 'br' });
    expect(first.status).toBe(200);
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"\d+"$/);
    const layer = new VectorTile(new PbfReader(decoded(first))).layers.parcels!;
    const before = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((f) => Number(f.id) === edited.id)!;
    expect(before).toBeDefined();
    const farTag = String((await get(path(fx, fy))).headers.etag);

    const again = await get(path(ex, ey), { 'If-None-Match': etag, 'Accept-Encoding': 'br' });
    expect(again.status).toBe(304);
    expect(again.raw.length).toBe(0);

    const status = before.properties.status === 'planned' ? 'in_progress' : 'planned';
    await server.db.query('UPDATE parcels SET status = $2 WHERE id = $1', [edited.id, status]);

    const after = await get(path(ex, ey), { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    const changed = new VectorTile(new PbfReader(after.raw)).layers.parcels!;
    expect(Array.from({ length: changed.length }, (_, i) => changed.feature(i)).find((f) => Number(f.id) === edited.id)!.properties.status).toBe(status);
    // A tile the edit does not touch keeps its copy: still the same ETag, still a 304.
    expect((await get(path(fx, fy), { 'If-None-Match': farTag })).status).toBe(304);
  });

  it('makes a costly tile an edit dropped again by itself, before anyone asks for it; a cheap one waits to be asked', async () => {
    const z = 12;
    const [edited] = (await server.get('/api/parcels?campaign=1&limit=1')).body.features as any[];
    const [lon, lat] = edited.geometry.coordinates[0][0][0];
    const tile = { z, x: lonToX(lon, z), y: latToY(lat, z) };
    // Every tile counts as costly for one cache (made again above 0 ms), none for the other.
    const eager = new TileCache(server.db, undefined, 0);
    const lazy = new TileCache(server.db, undefined, 60_000);
    const made = { eager: 0, lazy: 0 };
    const first = await eager.get('t', tile, () => (made.eager++, parcelTile(server.db, tile, 1)));
    await lazy.get('t', tile, () => (made.lazy++, parcelTile(server.db, tile, 1)));
    const statusOf = (body: Uint8Array) => {
      const layer = new VectorTile(new PbfReader(body)).layers.parcels!;
      return Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((f) => Number(f.id) === edited.properties.id)!.properties.status;
    };
    const status = statusOf(first.body) === 'planned' ? 'in_progress' : 'planned';

    await server.db.query('UPDATE parcels SET status = $2 WHERE id = $1', [edited.properties.id, status]);
    await expect.poll(() => made.eager, { timeout: 10_000 }).toBe(2);
    const asked = await eager.get('t', tile, () => {
      throw new Error('made again when asked: it should have been ready');
    });
    expect(asked.etag).not.toBe(first.etag);
    expect(statusOf(asked.body)).toBe(status);
    // The cheap one is made when asked, as before.
    expect(made.lazy).toBe(1);
    await lazy.get('t', tile, () => (made.lazy++, parcelTile(server.db, tile, 1)));
    expect(made.lazy).toBe(2);
  });

  it('keeps the cache within its byte bound, dropping the least recently used tile first', async () => {
    const cache = new TileCache(server.db, 4000, null);
    const tile = (x: number) => ({ z: 16, x, y: 1 });
    for (let x = 0; x < 5; x++) await cache.get(`t${x}`, tile(x), async () => new Uint8Array(450));
    await cache.get('t0', tile(0), async () => new Uint8Array(1)); // t0 used again: t1 is now the oldest
    for (let x = 5; x < 12; x++) await cache.get(`t${x}`, tile(x), async () => new Uint8Array(450));
    expect(cache.size.bytes).toBeLessThanOrEqual(4000);
    let recomputed = false;
    await cache.get('t0', tile(0), async () => ((recomputed = true), new Uint8Array(450)));
    expect(recomputed).toBe(false);
    await cache.get('t1', tile(1), async () => ((recomputed = true), new Uint8Array(450)));
    expect(recomputed).toBe(true);
  });
});
