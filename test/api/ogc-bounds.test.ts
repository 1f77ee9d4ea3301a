/**
 * OGC API – Features at its bounds: when numberMatched is given (exact, first pages, following edits, left out past
 * the count's cap and for the computed remainders), a read stopped in PostgreSQL at the request's deadline, a date that does not
 * exist in a CQL2 filter, OPTIONS on an item that is not there.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponse } from '../../server/http/errors.ts';
import { DEADLINES, deadlines } from '../../server/http/limits.ts';
import { ogcRoutes, type OgcOptions } from '../../server/ogc/index.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const get = async (path: string) => {
  const response = await fetch(server.url + path);
  return { status: response.status, body: (await response.json()) as any };
};
const liveParcels = async () => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcels WHERE deleted_at IS NULL'))[0]!.n;

/** The /ogc routes with bounds lowered, in process, answering errors as the server does (deadline: /ogc's own row, shortened). */
function lowered(options: Omit<OgcOptions, 'trustProxy'>, deadlineSeconds?: number) {
  const row = DEADLINES.find((d) => d.path.test('/ogc/collections/parcels/items'))!;
  const app = new Hono();
  if (deadlineSeconds !== undefined) app.use('*', deadlines([{ ...row, seconds: deadlineSeconds }]));
  app.route('/ogc', ogcRoutes(server.db, { trustProxy: false, ...options }));
  app.onError(errorResponse);
  return async (path: string) => {
    const response = await app.request(`http://panhuo.test${path}`);
    return { status: response.status, body: (await response.json()) as any };
  };
}

describe('numberMatched', () => {
  it('is exact on a first page, absent on the next ones, and follows an edit', async () => {
    const first = await get('/ogc/collections/parcels/items?limit=10');
    expect(first.body.numberMatched).toBe(await liveParcels());
    const next = first.body.links.find((l: any) => l.rel === 'next');
    const second = await get(new URL(next.href).pathname + new URL(next.href).search);
    expect(second.status).toBe(200);
    expect(second.body).not.toHaveProperty('numberMatched');
    expect(second.body.numberReturned).toBe(10);
    // Counted once per data version: a deletion is seen at once, not after some time.
    const [{ id }] = await server.db.query<{ id: number }>('SELECT id FROM parcels WHERE deleted_at IS NULL ORDER BY id LIMIT 1') as [{ id: number }];
    await server.db.query('UPDATE parcels SET deleted_at = now() WHERE id = $1', [id]);
    try {
      expect((await get('/ogc/collections/parcels/items?limit=10')).body.numberMatched).toBe(first.body.numberMatched - 1);
    } finally {
      await server.db.query('UPDATE parcels SET deleted_at = NULL WHERE id = $1', [id]);
    }
    expect((await get('/ogc/collections/parcels/items?limit=10')).body.numberMatched).toBe(first.body.numberMatched);
  });

  it('is left out past the count cap, and given exactly within it', async () => {
    const request = lowered({ countCap: 5 });
    const all = await request('/ogc/collections/parcels/items?limit=3');
    expect(all.status).toBe(200);
    expect(all.body).not.toHaveProperty('numberMatched');
    expect(all.body.numberReturned).toBe(3);
    const [{ code }] = await server.db.query<{ code: string }>('SELECT code FROM parcels WHERE deleted_at IS NULL ORDER BY id LIMIT 1') as [{ code: string }];
    const one = await request(`/ogc/collections/parcels/items?filter=${encodeURIComponent(`code = '${code}'`)}`);
    expect(one.body.numberMatched).toBe(1);
  });

  it('is not counted for the unsupplied remainders (each one a geometric difference), whose pages still come', async () => {
    const page = await get('/ogc/collections/unsupplied-remainders/items?limit=2');
    expect(page.status).toBe(200);
    expect(page.body).not.toHaveProperty('numberMatched');
    expect(page.body.numberReturned).toBe(page.body.features.length);
    expect(page.body.features.length).toBeGreaterThan(0);
  });
});

describe('the request deadline', () => {
  // The reads are plain reads (replica-eligible); the request's deadline stops their statement in PostgreSQL.
  it.skipIf(process.env.DATABASE_URL === undefined)('stops a read in PostgreSQL and answers 503 naming the limit and what to ask instead (PGlite cannot be interrupted)', async () => {
    const r = await lowered({}, 0.02)('/ogc/collections/unsupplied-remainders/items?limit=10000');
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('deadline');
    expect(r.body.error.message).toBe('要素查询处理超时（超过 0.02 秒），请缩小范围（bbox、filter）或减小 limit 后重试');
    // The statement was cancelled, not left to run for nobody; the pool still serves.
    const running = async () => (await server.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%ST_Difference%' AND state = 'active' AND pid <> pg_backend_pid()"))[0]!.n;
    await expect.poll(running, { timeout: 3_000 }).toBe(0);
    expect((await get('/ogc/collections/parcels/items?limit=1')).status).toBe(200);
  });
});

describe('bad dates and missing items', () => {
  it.each([
    ["approvalDate > DATE('2020-13-45')", '2020-13-45'],
    ["approvalDate = '2021-02-30'", '2021-02-30'],
    ["updatedAt > TIMESTAMP('2020-02-30T00:00:00Z')", '2020-02-30T00:00:00Z'],
    ["updatedAt > TIMESTAMP('2020-01-01T25:00:00Z')", '2020-01-01T25:00:00Z'],
  ])('refuses %s with a 400 naming filter and the date', async (filter, shown) => {
    const r = await get(`/ogc/collections/parcels/items?filter=${encodeURIComponent(filter)}`);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('参数 filter');
    expect(r.body.error.message).toContain(shown);
  });

  it('answers OPTIONS on a missing item 404 and on a present one with what may be done', async () => {
    const missing = await fetch(`${server.url}/ogc/collections/parcels/items/99999999`, { method: 'OPTIONS' });
    expect(missing.status).toBe(404);
    const [{ id }] = await server.db.query<{ id: number }>('SELECT id FROM parcels WHERE deleted_at IS NULL ORDER BY id LIMIT 1') as [{ id: number }];
    const present = await fetch(`${server.url}/ogc/collections/parcels/items/${id}`, { method: 'OPTIONS' });
    expect(present.status).toBe(204);
    // Anonymous (public reading): read only.
    expect(present.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });
});
