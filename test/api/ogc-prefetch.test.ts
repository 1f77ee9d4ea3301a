/**
 * OGC pages made ahead (server/ogc/prefetch.ts): while a client reads a keyset page, the next one is made and kept for
 * its exact address. Served from ahead, a page is the page made on request byte for byte (but its timeStamp); an edit
 * between two requests shows in the next page (never a page of the version before); what is kept stays bounded.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compression } from '../../server/http/compression.ts';
import { errorResponse } from '../../server/http/errors.ts';
import { ogcRoutes } from '../../server/ogc/index.ts';
import { NextPages, PREFETCH_LIMITS, type PrefetchLimits } from '../../server/ogc/prefetch.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
const servers: ServerType[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await server?.close();
});

/** A page as text, its keyset `next` address and whether it was made ahead. */
async function page(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  const text = await response.text();
  const body = JSON.parse(text) as { features: { id: number; properties: Record<string, unknown> }[]; links: { rel: string; href: string }[] };
  return { text, body, next: body.links.find((l) => l.rel === 'next')?.href ?? null, ahead: response.headers.get('x-panhuo-prefetched') === 'true' };
}
/** The page's bytes but its timeStamp (the time it was written). */
const stamped = (text: string) => text.replace(/"timeStamp":"[^"]+"/, '"timeStamp":""');

/**
 * A real HTTP server of the /ogc routes (with the server's compression, whose encoding pages made ahead carry) over the
 * test server's database, with a NextPages of its own to look at and lowered limits.
 */
async function ogcServer(limits: Partial<PrefetchLimits>) {
  const nextPages = new NextPages({ ...PREFETCH_LIMITS, ...limits });
  const app = new Hono().use('*', compression()).route('/ogc', ogcRoutes(server.db, { trustProxy: false, nextPages }));
  app.onError(errorResponse);
  const s = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  servers.push(s);
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, nextPages };
}

/** Waits until the page being made ahead is made (the store holds its bytes). */
const made = (nextPages: NextPages) => expect.poll(() => nextPages.size.bytes, { timeout: 10_000 }).toBeGreaterThan(0);

describe('pages made ahead', () => {
  it.each([
    ['gzip', { 'Accept-Encoding': 'gzip' }],
    ['br', { 'Accept-Encoding': 'br' }],
    ['no encoding', { 'Accept-Encoding': 'identity' }],
  ])('a walk through every parcel (%s) gets each next page made ahead, the same bytes as made on request', async (_, encoding) => {
    let at = await page(`${server.url}/ogc/collections/parcels/items?limit=40&crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4547')}`, encoding);
    expect(at.ahead).toBe(false);
    const seen = at.body.features.map((f) => f.id);
    let pages = 1;
    while (at.next) {
      const ahead = await page(at.next, encoding);
      const now = await page(at.next, { ...encoding, 'Cache-Control': 'no-cache' });
      expect(ahead.ahead).toBe(true);
      expect(now.ahead).toBe(false);
      expect(stamped(ahead.text)).toBe(stamped(now.text));
      seen.push(...ahead.body.features.map((f) => f.id));
      at = ahead;
      pages++;
    }
    const ids = (await server.db.query<{ id: number }>('SELECT id FROM parcels WHERE deleted_at IS NULL ORDER BY id')).map((r) => r.id);
    expect(pages).toBe(Math.ceil(ids.length / 40));
    expect(seen).toEqual(ids);
  });

  it('an edit between two page requests shows in the next page: the page made before it is not served', async () => {
    const { url, nextPages } = await ogcServer({});
    const first = await page(`${url}/ogc/collections/parcels/items?limit=5`, { 'Accept-Encoding': 'gzip' });
    await made(nextPages);
    const [edited] = await server.db.query<{ id: number; project_name: string }>(
      'SELECT id, project_name FROM parcels WHERE deleted_at IS NULL AND id > $1 ORDER BY id LIMIT 1', [first.body.features.at(-1)!.id]);
    await server.db.query("UPDATE parcels SET project_name = project_name || '（改）' WHERE id = $1", [edited!.id]);
    try {
      const second = await page(first.next!, { 'Accept-Encoding': 'gzip' });
      expect(second.ahead).toBe(false);
      expect(second.body.features[0]!.id).toBe(edited!.id);
      expect(second.body.features[0]!.properties.projectName).toBe(`${edited!.project_name}（改）`);
      // The page made before the edit is gone; the walk goes on ahead from the edited version.
      await made(nextPages);
      expect(nextPages.size.entries).toBe(1);
      expect((await page(second.next!, { 'Accept-Encoding': 'gzip' })).ahead).toBe(true);
    } finally {
      await server.db.query('UPDATE parcels SET project_name = $2 WHERE id = $1', [edited!.id, edited!.project_name]);
    }
  });

  it('a deletion between two page requests is not served from the page made before it', async () => {
    const { url, nextPages } = await ogcServer({});
    const first = await page(`${url}/ogc/collections/parcels/items?limit=5`);
    await made(nextPages);
    const [gone] = await server.db.query<{ id: number }>('SELECT id FROM parcels WHERE deleted_at IS NULL AND id > $1 ORDER BY id LIMIT 1', [first.body.features.at(-1)!.id]);
    await server.db.query('UPDATE parcels SET deleted_at = now() WHERE id = $1', [gone!.id]);
    try {
      const second = await page(first.next!);
      expect(second.ahead).toBe(false);
      expect(second.body.features.map((f) => f.id)).not.toContain(gone!.id);
      expect(second.body.features).toHaveLength(5);
    } finally {
      await server.db.query('UPDATE parcels SET deleted_at = NULL WHERE id = $1', [gone!.id]);
    }
  });

  it('stays bounded: a few answers and a few bytes, whatever walks run side by side', async () => {
    const { url, nextPages } = await ogcServer({ entries: 2, bytes: 64 * 1024, keepMs: 300 });
    // Three walks side by side (three CRSs): never more than two answers kept, never more than the bytes.
    const crs = ['http://www.opengis.net/def/crs/OGC/1.3/CRS84', 'http://www.opengis.net/def/crs/EPSG/0/4490', 'http://www.opengis.net/def/crs/EPSG/0/3857'];
    let next: (string | null)[] = crs.map((c) => `${url}/ogc/collections/parcels/items?limit=3&crs=${encodeURIComponent(c)}`);
    let served = 0;
    for (let step = 0; step < 8; step++) {
      next = await Promise.all(next.map(async (address) => {
        if (!address) return null;
        const p = await page(address, { 'Accept-Encoding': 'gzip' });
        if (p.ahead) served++;
        return p.next;
      }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(nextPages.size.entries).toBeLessThanOrEqual(2);
      expect(nextPages.size.bytes).toBeLessThanOrEqual(64 * 1024);
    }
    expect(served).toBeGreaterThan(0);
  });

  it('keeps a page made ahead a few seconds only, and does not keep a page too large', async () => {
    const brief = await ogcServer({ keepMs: 300 });
    const one = await page(`${brief.url}/ogc/collections/parcels/items?limit=3`, { 'Accept-Encoding': 'gzip' });
    await made(brief.nextPages);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await page(one.next!, { 'Accept-Encoding': 'gzip' })).ahead).toBe(false);
    // A page over a quarter of the bytes (uncompressed: no Accept-Encoding) is made but not kept.
    const small = await ogcServer({ bytes: 64 * 1024 });
    const large = await page(`${small.url}/ogc/collections/parcels/items?limit=200`, { 'Accept-Encoding': 'identity' });
    expect(large.text.length).toBeGreaterThan(16 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(small.nextPages.size).toEqual({ entries: 0, bytes: 0 });
    expect((await page(large.next!, { 'Accept-Encoding': 'identity' })).ahead).toBe(false);
  });
});
