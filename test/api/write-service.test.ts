/**
 * Every way into the ledger writes through the one parcel-write service (server/parcels/service): each path records
 * history in the service's one snapshot shape, and stores a parcel with a boundary in the unit holding the largest
 * ellipsoidal share of it — whatever unit the client names. The oracle for the unit is PostGIS asked directly here
 * (ST_Area of the intersection on the spheroid, per campaign unit), not the shares table the service reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MultiPolygon } from 'geojson';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';
import { writeParcels } from '../../server/parcels/service/index.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: Record<string, Client> = {};
let units: Record<string, number>;
/** Squares of about 400 m straddling 驿城区's border with another unit, each share 20–80 %, touching nothing stored. */
let straddling: MultiPolygon[];

/** The keys of a history snapshot as the service writes it: the ledger fields, unitId, geometry, deleted. */
const SNAPSHOT_KEYS = ['unitId', 'geometry', 'deleted', 'code', 'projectName', 'ledgerMu'];

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'yicheng', 'kaifaqu']) clients[name] = await signIn(server.url, name, DEMO_PASSWORDS[name]!);
  const rows = await server.db.query<{ id: number; name: string }>('SELECT u.id, u.name FROM units u JOIN campaign_units cu ON cu.unit_id = u.id WHERE cu.campaign_id = 1');
  units = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  const candidates = await server.db.query<{ x: number; y: number }>(
    `WITH pts AS (SELECT d.geom AS pt, row_number() OVER () AS n FROM units u, ST_DumpPoints(u.boundary) d WHERE u.name = '驿城区'),
     sq AS (SELECT n, ST_X(pt) AS x, ST_Y(pt) AS y, ST_MakeEnvelope(ST_X(pt) - 0.002, ST_Y(pt) - 0.002, ST_X(pt) + 0.002, ST_Y(pt) + 0.002, 4326) AS g FROM pts WHERE n % 20 = 0),
     shares AS (SELECT sq.n, ST_Area(ST_Intersection(u.boundary, sq.g)::geography) / ST_Area(sq.g::geography) AS share
                FROM sq JOIN campaign_units cu ON cu.campaign_id = 1 JOIN units u ON u.id = cu.unit_id AND ST_Intersects(u.boundary, sq.g))
     SELECT sq.x, sq.y FROM sq
     WHERE (SELECT count(*) FROM shares s WHERE s.n = sq.n AND s.share BETWEEN 0.2 AND 0.8) = 2
       AND (SELECT sum(share) FROM shares s WHERE s.n = sq.n) > 0.99
       AND NOT EXISTS (SELECT 1 FROM parcels p WHERE ST_Intersects(p.geom, sq.g))
       AND NOT EXISTS (SELECT 1 FROM supply_records r WHERE ST_Intersects(r.geom, sq.g))
       AND NOT EXISTS (SELECT 1 FROM approval_batches b WHERE ST_Intersects(b.geom, sq.g))
     ORDER BY sq.n`,
  );
  const apart: Array<{ x: number; y: number }> = [];
  for (const c of candidates) if (apart.every((a) => Math.abs(a.x - c.x) > 0.005 || Math.abs(a.y - c.y) > 0.005)) apart.push(c);
  straddling = apart.map(({ x, y }) => ({
    type: 'MultiPolygon',
    coordinates: [[[[x - 0.002, y - 0.002], [x + 0.002, y - 0.002], [x + 0.002, y + 0.002], [x - 0.002, y + 0.002], [x - 0.002, y - 0.002]]]],
  }));
  expect(straddling.length).toBeGreaterThanOrEqual(6);
}, 120_000);
afterAll(() => server?.close());

/** PostGIS asked directly: the campaign's units a boundary lies in, largest ellipsoidal area first. */
async function unitsByArea(geometry: MultiPolygon): Promise<number[]> {
  const rows = await server.db.query<{ id: number }>(
    `WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g)
     SELECT u.id FROM g, campaign_units cu JOIN units u ON u.id = cu.unit_id
     WHERE cu.campaign_id = 1 AND ST_Intersects(u.boundary, g.g)
     ORDER BY ST_Area(ST_Intersection(u.boundary, g.g)::geography) DESC`,
    [JSON.stringify(geometry)],
  );
  return rows.map((r) => r.id);
}

const detail = async (id: number) => (await server.get(`/api/parcels/${id}`)).body;
const storedUnit = async (id: number) => (await server.db.query<{ unitId: number | null }>('SELECT unit_id AS "unitId" FROM parcels WHERE id = $1', [id]))[0]!.unitId;
let taken = 0;
const nextSquare = () => straddling[taken++]!;

/** A parcel lying wholly in 驿城区 (one unit share), as the API gives it. */
async function yichengParcel(skip: number) {
  const [row] = await server.db.query<{ id: number }>(
    `SELECT p.id FROM parcels p WHERE p.unit_id = $1 AND p.deleted_at IS NULL AND (SELECT count(*) FROM parcel_unit_shares s WHERE s.parcel_id = p.id) = 1
     ORDER BY p.id OFFSET $2 LIMIT 1`, [units['驿城区'], skip]);
  return detail(row!.id);
}
const contentOf = (feature: any) => ({ ...feature.properties, geometry: feature.geometry });

/** The history entry a path wrote: the service's snapshot, and its after equal to the parcel as read back. */
async function expectHistory(id: number, action: string, actor: string) {
  const parcel = await detail(id);
  const [latest] = parcel.history;
  expect(latest).toMatchObject({ action, actor });
  for (const key of SNAPSHOT_KEYS) expect(latest.after).toHaveProperty(key);
  expect(latest.after.unitId).toBe(parcel.properties.unitId);
  expect(latest.after.geometry).toEqual(parcel.geometry);
  expect(latest.after.code).toBe(parcel.properties.code);
  return latest;
}

describe('each write path goes through the service: history, and the unit from the boundary', () => {
  it('create: the unit with the largest share, not the one the client names', async () => {
    const geometry = nextSquare();
    const [largest, smaller] = await unitsByArea(geometry);
    const template = await yichengParcel(0);
    const r = await clients.admin!.request('POST', '/api/parcels', { ...contentOf(template), campaignId: 1, code: 'WS-CREATE', geometry, unitId: smaller });
    expect(r.status).toBe(201);
    expect(r.body.properties.unitId).toBe(largest);
    const entry = await expectHistory(r.body.id, 'create', 'admin');
    expect(entry.before).toBeNull();
  });

  it('change: a new boundary moves the parcel to the unit holding most of it', async () => {
    const target = await yichengParcel(1);
    const geometry = nextSquare();
    const [largest] = await unitsByArea(geometry);
    const r = await clients.admin!.request('PUT', `/api/parcels/${target.id}`, { ...contentOf(target), geometry, unitId: units['驿城区'] });
    expect(r.status).toBe(200);
    expect(await storedUnit(target.id)).toBe(largest);
    const entry = await expectHistory(target.id, 'update', 'admin');
    expect(entry.before.unitId).toBe(units['驿城区']);
    expect(entry.before.geometry).toEqual(target.geometry);
  });

  it('restore: the old boundary brings back the unit it lies in', async () => {
    const target = await yichengParcel(2);
    const moved = await clients.admin!.request('PUT', `/api/parcels/${target.id}`, { ...contentOf(target), geometry: nextSquare() });
    expect(moved.status).toBe(200);
    const created = (await detail(target.id)).history.find((h: any) => h.action === 'create');
    const r = await clients.admin!.request('POST', `/api/parcels/${target.id}/restore`, { version: 2, historyId: created.id });
    expect(r.status).toBe(200);
    expect(await storedUnit(target.id)).toBe((await unitsByArea(target.geometry))[0]);
    const entry = await expectHistory(target.id, 'restore', 'admin');
    expect(entry.after.geometry).toEqual(target.geometry);
  });

  it('delete and undelete: history of each, the unit unchanged', async () => {
    const target = await yichengParcel(3);
    expect((await clients.yicheng!.request('DELETE', `/api/parcels/${target.id}?version=1`)).status).toBe(204);
    const [deleted] = await server.db.query<{ after: any; action: string; actor: string }>(
      'SELECT after, action, actor FROM parcel_history WHERE parcel_id = $1 ORDER BY id DESC LIMIT 1', [target.id]);
    expect(deleted).toMatchObject({ action: 'delete', actor: 'yicheng', after: { deleted: true, unitId: units['驿城区'] } });
    const r = await clients.admin!.request('POST', `/api/parcels/${target.id}/undelete`, { version: 2 });
    expect(r.status).toBe(200);
    const entry = await expectHistory(target.id, 'restore', 'admin');
    expect([entry.before.deleted, entry.after.deleted]).toEqual([true, false]);
    expect(entry.after.unitId).toBe(units['驿城区']);
  });

  it('import commit: created and updated parcels get the unit of their boundary, with import history', async () => {
    const existing = await yichengParcel(4);
    const [fresh, replaced] = [nextSquare(), nextSquare()];
    const file = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { 地块编号: 'WS-IMP-1', 项目名称: '写入服务导入测试', 台账面积: 200 }, geometry: fresh },
        { type: 'Feature', properties: { 地块编号: existing.properties.code }, geometry: replaced },
      ],
    };
    const p = await importPreview('admin', 'ws.geojson', JSON.stringify(file));
    expect(p.status).toBe(200);
    const r = await clients.admin!.request('POST', '/api/imports/commit', { importId: p.body.importId, indexes: p.body.items.map((i: any) => i.index) });
    expect(r.status).toBe(201);
    expect(r.body.updated).toEqual([existing.id]);
    expect(await storedUnit(r.body.created[0])).toBe((await unitsByArea(fresh))[0]);
    expect(await storedUnit(existing.id)).toBe((await unitsByArea(replaced))[0]);
    await expectHistory(r.body.created[0], 'import', 'admin');
    const entry = await expectHistory(existing.id, 'import', 'admin');
    // What the file did not mention is kept.
    expect(entry.after.projectName).toBe(existing.properties.projectName);
  });

  it('批供比对 conversion: the remainder parcel is stored in the unit holding most of it', async () => {
    const geometry = nextSquare();
    const batch = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { 批次名称: '写入服务测试批次', 批准文号: '豫政土〔2019〕7号', 批准日期: '2019-03-01' }, geometry }] };
    const up = await upload('admin', '/api/campaigns/1/approval-batches', 'batch.geojson', JSON.stringify(batch));
    expect(up.status).toBe(201);
    const r = await clients.admin!.request('POST', `/api/campaigns/1/approval-overlay/${up.body.ids[0]}/convert`, {});
    expect(r.status).toBe(201);
    const [part] = r.body.parcels;
    expect(part.unitId).toBe((await unitsByArea(geometry))[0]);
    expect(await storedUnit(part.id)).toBe(part.unitId);
    await expectHistory(part.id, 'create', 'admin');
  });

  it('the demo loader: each demo parcel created with its history, in the unit holding most of it', async () => {
    const rows = await server.db.query<{ unitId: number | null; expected: number | null; created: number; keys: string[] }>(
      `SELECT p.unit_id AS "unitId",
              (SELECT u.id FROM campaign_units cu JOIN units u ON u.id = cu.unit_id
               WHERE cu.campaign_id = p.campaign_id AND ST_Intersects(u.boundary, p.geom)
               ORDER BY ST_Area(ST_Intersection(u.boundary, p.geom)::geography) DESC LIMIT 1) AS expected,
              (SELECT count(*)::int FROM parcel_history h WHERE h.parcel_id = p.id AND h.action = 'create' AND h.actor = '演示数据' AND h.before IS NULL) AS created,
              (SELECT array_agg(k ORDER BY k) FROM parcel_history h, jsonb_object_keys(h.after) k WHERE h.parcel_id = p.id AND h.action = 'create') AS keys
       FROM parcels p WHERE p.is_demo`);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.filter((r) => r.unitId !== r.expected || r.created !== 1)).toEqual([]);
    for (const key of SNAPSHOT_KEYS) expect(rows[0]!.keys).toContain(key);
  });

  it('bulk edit: one change set, a history row per parcel, units as their boundaries give', async () => {
    const targets = [await yichengParcel(5), await yichengParcel(6)];
    const r = await clients.yicheng!.request('POST', '/api/parcels/bulk', { ids: targets.map((t) => t.id), changes: { responsiblePerson: '写入服务' } });
    expect(r.status).toBe(200);
    for (const t of targets) {
      const entry = await expectHistory(t.id, 'update', 'yicheng');
      expect(entry.changeSet).toMatchObject({ id: r.body.changeSet.id, count: 2 });
      expect(entry.after.responsiblePerson).toBe('写入服务');
      expect(await storedUnit(t.id)).toBe((await unitsByArea(t.geometry))[0]);
    }
  });
});

describe('an editor cannot choose the unit', () => {
  it('sending unitId of another unit with the boundary kept leaves the parcel in its unit', async () => {
    const target = await yichengParcel(7);
    const r = await clients.yicheng!.request('PUT', `/api/parcels/${target.id}`, { ...contentOf(target), unitId: units['开发区'] });
    expect(r.status).toBe(200);
    expect(r.body.properties.unitId).toBe(units['驿城区']);
    expect(await storedUnit(target.id)).toBe(units['驿城区']);
  });

  it('a parcel without a boundary cannot be moved into another unit by an editor (403), only within theirs', async () => {
    const template = await yichengParcel(8);
    const created = await clients.yicheng!.request('POST', '/api/parcels', { ...contentOf(template), campaignId: 1, code: 'WS-NOGEOM', geometry: null, unitId: units['驿城区'] });
    expect(created.status).toBe(201);
    expect(created.body.properties.unitId).toBe(units['驿城区']);
    const moved = await clients.yicheng!.request('PUT', `/api/parcels/${created.body.id}`, { ...created.body.properties, geometry: null, unitId: units['开发区'] });
    expect(moved.status).toBe(403);
    expect(moved.body.error.message).toContain('修改后超出您负责的单位范围');
    expect(await storedUnit(created.body.id)).toBe(units['驿城区']);
    const intoOther = await clients.yicheng!.request('POST', '/api/parcels', { ...contentOf(template), campaignId: 1, code: 'WS-NOGEOM-2', geometry: null, unitId: units['开发区'] });
    expect(intoOther.status).toBe(403);
    // An admin may.
    const byAdmin = await clients.admin!.request('PUT', `/api/parcels/${created.body.id}`, { ...created.body.properties, geometry: null, unitId: units['开发区'] });
    expect(byAdmin.status).toBe(200);
    expect(await storedUnit(created.body.id)).toBe(units['开发区']);
  });
});

describe('plausible bad writes are 4xx, naming what is wrong, and write nothing', () => {
  const counts = async () => (await server.db.query<{ parcels: number; history: number; version: number }>(
    'SELECT (SELECT count(*)::int FROM parcels) AS parcels, (SELECT count(*)::int FROM parcel_history) AS history, (SELECT sum(version)::int FROM parcels) AS version'))[0];

  it('renaming a parcel to an existing code: 409 naming the other parcel', async () => {
    const [a, b] = [await yichengParcel(9), await yichengParcel(10)];
    const before = await counts();
    const r = await clients.admin!.request('PUT', `/api/parcels/${a.id}`, { ...contentOf(a), code: b.properties.code });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('duplicate_code');
    expect(r.body.error.message).toContain(b.properties.code);
    expect(r.body.error.message).toContain(String(b.id));
    expect(r.body.error.other).toMatchObject({ id: b.id, projectName: b.properties.projectName });
    expect(await counts()).toEqual(before);
  });

  it('one code for two campaigns of one ledger in one write: 409 naming the clash, nothing written', async () => {
    const template = await yichengParcel(12);
    const [next] = await server.db.query<{ id: number }>(`SELECT id FROM campaigns WHERE key = 'zhumadian-2022'`);
    const before = await counts();
    const body = { ...contentOf(template), code: 'WS-TWO-CAMPAIGNS', geometry: null, unitId: units['驿城区'] };
    const write = server.db.transaction((tx) => writeParcels(tx, { actor: { username: 'admin', role: 'admin', unitIds: [] } }, [
      { op: 'create', campaignId: 1, body, label: '第一宗' },
      { op: 'create', campaignId: next!.id, body, label: '第二宗' },
    ]));
    const refused = await write.then(() => null, (e: { status: number; message: string }) => e);
    expect(refused?.status).toBe(409);
    expect(refused?.message).toContain('本次写入中重复（与第一宗）');
    expect(await counts()).toEqual(before);
  });

  it('an unknown unitId, or one of another campaign, or out of range: 400 naming unitId', async () => {
    const template = await yichengParcel(11);
    const [anze] = await server.db.query<{ id: number }>('SELECT unit_id AS id FROM campaign_units WHERE campaign_id = 2 LIMIT 1');
    const before = await counts();
    for (const unitId of [999999, anze!.id, 2 ** 31, -1, 'x']) {
      const r = await clients.admin!.request('POST', '/api/parcels', { ...contentOf(template), campaignId: 1, code: `WS-UNIT-${String(unitId)}`, geometry: null, unitId });
      expect(r.status, String(unitId)).toBe(400);
      expect(r.body.error.message, String(unitId)).toContain('unitId');
      expect(r.body.error.problems[0].field).toBe('unitId');
    }
    const change = await clients.admin!.request('PUT', `/api/parcels/${template.id}`, { ...contentOf(template), geometry: null, unitId: 999999 });
    expect(change.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('a boundary nested 5,000 deep: 400, on create and change', async () => {
    const target = await yichengParcel(12);
    const { geometry: _g, ...fields } = contentOf(target);
    // Written by hand: JSON.stringify itself overflows the stack on such a value.
    const deep = `{"type":"Polygon","coordinates":${'['.repeat(5000)}114,33${']'.repeat(5000)}}`;
    const withDeep = (extra: Record<string, unknown>) => `${JSON.stringify({ ...fields, ...extra }).slice(0, -1)},"geometry":${deep}}`;
    const before = await counts();
    for (const [method, path, body] of [['PUT', `/api/parcels/${target.id}`, withDeep({})], ['POST', '/api/parcels', withDeep({ campaignId: 1, code: 'WS-DEEP' })]] as const) {
      const r = await clients.admin!.request(method, path, body, { 'content-type': 'application/json' });
      expect(r.status, method).toBe(400);
      expect(r.body.error.message, method).toContain('嵌套');
    }
    expect(await counts()).toEqual(before);
  });

  it('an id of 2^31 in a bulk edit: 400', async () => {
    const before = await counts();
    for (const body of [{ ids: [2 ** 31], changes: { remarks: 'x' } }, { ids: [1], versions: { [2 ** 31]: 1 }, changes: { remarks: 'x' } }, { ids: [1], versions: { 1: 2 ** 31 }, changes: { remarks: 'x' } }]) {
      const r = await clients.admin!.request('POST', '/api/parcels/bulk', body);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/ids|versions/);
    }
    const deep = await clients.admin!.request('POST', '/api/parcels/bulk', `{"ids":[1],"changes":{"remarks":${'['.repeat(5000)}"x"${']'.repeat(5000)}}}`, { 'content-type': 'application/json' });
    expect(deep.status).toBe(400);
    expect(deep.body.error.message).toMatch(/remarks|嵌套过深/);
    expect(await counts()).toEqual(before);
  });
});

/** Multipart upload with a fresh sign-in, so cookie and CSRF token stay paired. */
async function upload(who: string, path: string, name: string, content: BlobPart, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set('file', new Blob([content]), name);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const session = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: who, password: DEMO_PASSWORDS[who] }) });
  const headers = { cookie: session.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
  const r = await fetch(`${server.url}${path}`, { method: 'POST', body: form, headers });
  return { status: r.status, body: (await r.json()) as any };
}

const importPreview = (who: string, name: string, content: BlobPart) =>
  upload(who, '/api/imports/preview', name, content, { campaignId: '1', category: 'expropriated_not_supplied', status: 'registered' });
