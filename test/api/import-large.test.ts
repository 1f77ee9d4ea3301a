/**
 * A 10,000-parcel import, previewed and committed over the real server: the commit writes every parcel (set-based,
 * through the parcel-write service) with its history, each in the unit its boundary lies in. The file is a grid of
 * squares made here, each lying wholly inside one unit of the campaign (PostGIS picks the cells and says which unit
 * holds each: that is the oracle) and touching no stored parcel. Timings are the bench's business (npm run bench).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

const COUNT = 10_000;
/** Cells of 0.006° (about 600 m), squares of 0.002° (about 200 m) at their corner: no two squares touch. */
const STEP = 0.006;
const SIDE = 0.002;

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Client;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
}, 120_000);
afterAll(() => server?.close());

describe('a 10,000-parcel import', () => {
  it('commits every parcel, each with its history and in the unit holding it', async () => {
    const cells = await server.db.query<{ x: number; y: number; unitId: number }>(
      `WITH area AS (SELECT ST_Extent(u.boundary) AS box FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = 1),
       grid AS (SELECT ST_XMin(box) + i * $1::float8 AS x, ST_YMin(box) + j * $1::float8 AS y FROM area,
                generate_series(0, ceil((ST_XMax(box) - ST_XMin(box)) / $1::float8)::int) i, generate_series(0, ceil((ST_YMax(box) - ST_YMin(box)) / $1::float8)::int) j),
       squares AS (SELECT x, y, ST_MakeEnvelope(x, y, x + $2::float8, y + $2::float8, 4326) AS g FROM grid)
       SELECT s.x, s.y, u.id AS "unitId" FROM squares s
       JOIN campaign_units cu ON cu.campaign_id = 1 JOIN units u ON u.id = cu.unit_id AND ST_Covers(u.boundary, s.g)
       WHERE NOT EXISTS (SELECT 1 FROM parcels p WHERE p.geom && s.g AND ST_Intersects(p.geom, s.g))
       ORDER BY md5(s.x::text || ',' || s.y::text) LIMIT $3`,
      [STEP, SIDE, COUNT],
    );
    expect(cells).toHaveLength(COUNT);
    const unitOf = new Map(cells.map((c, i) => [`BIG-${i}`, c.unitId]));
    const file = {
      type: 'FeatureCollection',
      features: cells.map(({ x, y }, i) => ({
        type: 'Feature',
        properties: { 地块编号: `BIG-${i}`, 项目名称: `大批导入测试地块${i}` },
        geometry: { type: 'Polygon', coordinates: [[[x, y], [x + SIDE, y], [x + SIDE, y + SIDE], [x, y + SIDE], [x, y]]] },
      })),
    };
    const before = (await server.db.query<{ parcels: number; history: number }>(
      'SELECT (SELECT count(*)::int FROM parcels) AS parcels, (SELECT count(*)::int FROM parcel_history) AS history'))[0]!;

    const form = new FormData();
    form.set('file', new Blob([JSON.stringify(file)]), 'big.geojson');
    form.set('campaignId', '1');
    form.set('category', 'approved_not_expropriated');
    form.set('status', 'registered');
    const preview = await fetch(`${server.url}/api/imports/preview`, { method: 'POST', body: form, headers: await sessionHeaders() });
    const p = (await preview.json()) as any;
    expect(preview.status, JSON.stringify(p.error)).toBe(200);
    expect(p.summary).toMatchObject({ total: COUNT, valid: COUNT, create: COUNT });

    const r = await admin.request('POST', '/api/imports/commit', { importId: p.importId, indexes: p.items.map((i: any) => i.index) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.created).toHaveLength(COUNT);

    const after = (await server.db.query<{ parcels: number; history: number }>(
      'SELECT (SELECT count(*)::int FROM parcels) AS parcels, (SELECT count(*)::int FROM parcel_history) AS history'))[0]!;
    expect(after.parcels - before.parcels).toBe(COUNT);
    expect(after.history - before.history).toBe(COUNT);

    // Every parcel against the oracle, and a sample read back through the API.
    const stored = await server.db.query<{ code: string; unitId: number | null; shares: number; history: number }>(
      `SELECT p.code, p.unit_id AS "unitId", (SELECT count(*)::int FROM parcel_unit_shares s WHERE s.parcel_id = p.id) AS shares,
              (SELECT count(*)::int FROM parcel_history h WHERE h.parcel_id = p.id AND h.action = 'import') AS history
       FROM parcels p WHERE p.id = ANY($1::int[])`, [r.body.created]);
    expect(stored).toHaveLength(COUNT);
    const wrong = stored.filter((s) => s.unitId !== unitOf.get(s.code) || s.shares !== 1 || s.history !== 1);
    expect(wrong).toEqual([]);
    for (const id of r.body.created.filter((_: number, i: number) => i % 1000 === 0)) {
      const parcel = (await server.get(`/api/parcels/${id}`)).body;
      expect(parcel.properties.unitId).toBe(unitOf.get(parcel.properties.code));
      expect(parcel.units.map((u: any) => u.unitId)).toEqual([unitOf.get(parcel.properties.code)]);
      expect(parcel.history[0]).toMatchObject({ action: 'import', actor: 'admin' });
    }
  }, 600_000);
});

async function sessionHeaders() {
  const session = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORDS.admin }) });
  return { cookie: session.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
}
