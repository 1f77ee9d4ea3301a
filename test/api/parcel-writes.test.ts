import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MultiPolygon } from 'geojson';
import { clientWith, DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: Record<string, Client> = {};
let yichengId: number;
let yichengParcels: any[];

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'yicheng', 'kaifaqu', 'field', 'leader']) clients[name] = await signIn(server.url, name, DEMO_PASSWORDS[name]!);
  clients.anonymous = clientWith(server.url, null, '');
  const campaign = (await server.get('/api/campaigns/1')).body;
  yichengId = campaign.units.features.find((f: any) => f.properties.name === '驿城区').id;
  // Parcels lying wholly in 驿城区 (one unit share), stored there.
  const rows = await server.db.query<{ id: number }>(
    `SELECT p.id FROM parcels p WHERE p.unit_id = $1 AND (SELECT count(*) FROM parcel_unit_shares s WHERE s.parcel_id = p.id) = 1 ORDER BY p.id`, [yichengId]);
  yichengParcels = rows.map((r) => r.id);
});
afterAll(() => server?.close());

const parcel = async (id: number) => (await server.get(`/api/parcels/${id}`)).body;
/** The writable content of a parcel as the API returned it, ready to send back. */
const contentOf = (feature: any) => ({ ...feature.properties, geometry: feature.geometry });
const counts = async () => (await server.db.query<{ parcels: number; history: number }>(
  'SELECT (SELECT count(*)::int FROM parcels) AS parcels, (SELECT count(*)::int FROM parcel_history) AS history'))[0];
let next = 0;
const takeParcel = () => yichengParcels[next++]!;

describe('who may change which parcel', () => {
  const cases: Array<[string, 'own' | 'other', number]> = [
    ['admin', 'own', 200], ['yicheng', 'own', 200], ['kaifaqu', 'other', 403], ['field', 'own', 403], ['leader', 'own', 403], ['anonymous', 'own', 401],
  ];

  it.each(cases)('%s changing a 驿城区 parcel (%s unit) gets %i', async (who, _unit, status) => {
    const target = await parcel(takeParcel());
    const r = await clients[who]!.request('PUT', `/api/parcels/${target.id}`, { ...contentOf(target), remarks: `改于测试（${who}）` });
    expect(r.status).toBe(status);
    if (status !== 200) expect(r.body.error.message.length).toBeGreaterThan(4);
    expect((await parcel(target.id)).properties.version).toBe(status === 200 ? 2 : 1);
  });

  it.each(cases)('%s deleting a 驿城区 parcel (%s unit) gets %i', async (who, _unit, status) => {
    const target = await parcel(takeParcel());
    const r = await clients[who]!.request('DELETE', `/api/parcels/${target.id}?version=1`);
    expect(r.status).toBe(status === 200 ? 204 : status);
    expect((await server.get(`/api/parcels/${target.id}`)).status).toBe(status === 200 ? 404 : 200);
  });

  it.each(cases)('%s creating a parcel inside 驿城区 (%s unit) gets %i', async (who, _unit, status) => {
    const template = await parcel(yichengParcels[yichengParcels.length - 1]!);
    const r = await clients[who]!.request('POST', '/api/parcels', { ...contentOf(template), campaignId: 1, code: `NEW-${who}`, unitId: null });
    expect(r.status).toBe(status === 200 ? 201 : status);
    if (status === 200) {
      expect(r.body.properties).toMatchObject({ code: `NEW-${who}`, unitId: yichengId, version: 1 });
      expect((await parcel(r.body.id)).history[0]).toMatchObject({ action: 'create', actor: who });
    }
  });

  it.each(cases)('%s restoring an old version of a 驿城区 parcel (%s unit) gets %i', async (who, _unit, status) => {
    const target = await parcel(takeParcel());
    const edited = await clients.admin!.request('PUT', `/api/parcels/${target.id}`, { ...contentOf(target), remarks: '先改一次' });
    expect(edited.status).toBe(200);
    const createdEntry = (await parcel(target.id)).history.find((h: any) => h.action === 'create');
    const r = await clients[who]!.request('POST', `/api/parcels/${target.id}/restore`, { version: 2, historyId: createdEntry.id });
    expect(r.status).toBe(status);
    expect((await parcel(target.id)).properties.remarks).toBe(status === 200 ? target.properties.remarks : '先改一次');
  });

  it.each([['admin', 200], ['yicheng', 403], ['kaifaqu', 403], ['field', 403], ['leader', 403], ['anonymous', 401]] as const)(
    '%s undeleting a deleted parcel gets %i', async (who, status) => {
      const target = await parcel(takeParcel());
      expect((await clients.admin!.request('DELETE', `/api/parcels/${target.id}?version=1`)).status).toBe(204);
      const r = await clients[who]!.request('POST', `/api/parcels/${target.id}/undelete`, { version: 2 });
      expect(r.status).toBe(status);
      expect((await server.get(`/api/parcels/${target.id}`)).status).toBe(status === 200 ? 200 : 404);
    },
  );

  it('an editor may not move a parcel out of their units, nor touch one reaching into another unit', async () => {
    const target = await parcel(takeParcel());
    const moved: MultiPolygon = { type: 'MultiPolygon', coordinates: target.geometry.coordinates.map((p: number[][][]) => p.map((r) => r.map(([x, y]) => [x! + 1.2, y!]))) };
    const r = await clients.yicheng!.request('PUT', `/api/parcels/${target.id}`, { ...contentOf(target), geometry: moved });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('修改后超出您负责的单位范围（驿城区）');
    const [straddling] = await server.db.query<{ id: number }>('SELECT parcel_id AS id FROM parcel_unit_shares GROUP BY parcel_id HAVING count(*) = 2 LIMIT 1');
    const across = await parcel(straddling!.id);
    const r2 = await clients.yicheng!.request('PUT', `/api/parcels/${across.id}`, { ...contentOf(across), remarks: 'x' });
    expect(r2.status).toBe(403);
    expect(r2.body.error.message).toContain('修改前');
  });
});

describe('saving', () => {
  it('of two concurrent saves of one version, exactly one wins and the other gets 409 with the current record', async () => {
    const target = await parcel(takeParcel());
    const before = await counts();
    const [a, b] = await Promise.all([
      clients.admin!.request('PUT', `/api/parcels/${target.id}`, { ...contentOf(target), remarks: '管理员的修改' }),
      clients.yicheng!.request('PUT', `/api/parcels/${target.id}`, { ...contentOf(target), remarks: '编辑的修改' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    expect(loser.body.error.code).toBe('version_conflict');
    expect(loser.body.error.current.properties.remarks).toBe(winner.body.properties.remarks);
    const after = await parcel(target.id);
    expect(after.properties).toMatchObject({ version: 2, remarks: winner.body.properties.remarks });
    expect((await counts()).history).toBe(before!.history + 1);
    // The loser saves again on the current version and nothing is lost.
    const retry = await (loser === a ? clients.admin! : clients.yicheng!).request('PUT', `/api/parcels/${target.id}`, { ...contentOf(after), remarks: `${after.properties.remarks}；补充` });
    expect(retry.status).toBe(200);
    expect(retry.body.properties.version).toBe(3);
  });

  it('records every change with before and after, and restores an old version as a change of its own', async () => {
    const target = await parcel(takeParcel());
    const shrunk: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: target.geometry.coordinates.map((p: number[][][]) => {
        const ring = p[0]!;
        const cx = ring.reduce((s, q) => s + q[0]!, 0) / ring.length;
        const cy = ring.reduce((s, q) => s + q[1]!, 0) / ring.length;
        return [ring.map(([x, y]) => [cx + (x! - cx) * 0.5, cy + (y! - cy) * 0.5])];
      }),
    };
    const edited = await clients.yicheng!.request('PUT', `/api/parcels/${target.id}`, { ...contentOf(target), geometry: shrunk });
    expect(edited.status).toBe(200);
    expect(edited.body.properties.areaMu.ellipsoidal).toBeCloseTo(target.properties.areaMu.ellipsoidal / 4, 0);
    expect(edited.body.properties.areaCheck.ok).toBe(false);
    const history = (await parcel(target.id)).history;
    expect(history.map((h: any) => h.action)).toEqual(['update', 'create']);
    expect(history[0].before.geometry).toEqual(target.geometry);
    const restore = await clients.yicheng!.request('POST', `/api/parcels/${target.id}/restore`, { version: 2, historyId: history[1].id });
    expect(restore.status).toBe(200);
    expect(restore.body.properties.areaMu.ellipsoidal).toBeCloseTo(target.properties.areaMu.ellipsoidal, 6);
    expect(restore.body.properties.version).toBe(3);
    expect((await parcel(target.id)).history.map((h: any) => h.action)).toEqual(['restore', 'update', 'create']);
  });

  it('keeps the boundary when a change sends none, and reads back exactly what it saved', async () => {
    const target = await parcel(takeParcel());
    const { geometry: _omit, ...attributesOnly } = contentOf(target);
    const r = await clients.yicheng!.request('PUT', `/api/parcels/${target.id}`, { ...attributesOnly, remarks: '只改属性' });
    expect(r.status).toBe(200);
    expect(r.body.geometry).toEqual(target.geometry);
    const history = (await parcel(target.id)).history;
    expect(history[0].before.geometry).toEqual(history[0].after.geometry);
    expect(history[0].after.geometry).toEqual(target.geometry);
  });

  it('lists deleted parcels for admins only, with the version an undelete needs', async () => {
    const target = await parcel(takeParcel());
    expect((await clients.yicheng!.request('DELETE', `/api/parcels/${target.id}?version=1`)).status).toBe(204);
    const list = await clients.admin!.request('GET', '/api/parcels/deleted?campaign=1');
    expect(list.status).toBe(200);
    expect(list.body.parcels.find((p: any) => p.id === target.id)).toMatchObject({ code: target.properties.code, version: 2, deletedBy: 'yicheng' });
    expect((await clients.yicheng!.request('GET', '/api/parcels/deleted')).status).toBe(403);
    expect((await clients.anonymous!.request('GET', '/api/parcels/deleted')).status).toBe(403);
  });

  it('deletes softly; only an admin brings a parcel back', async () => {
    const target = await parcel(takeParcel());
    expect((await clients.yicheng!.request('DELETE', `/api/parcels/${target.id}?version=1`)).status).toBe(204);
    expect((await server.get(`/api/parcels/${target.id}`)).status).toBe(404);
    const [row] = await server.db.query<{ deleted: boolean }>('SELECT deleted_at IS NOT NULL AS deleted FROM parcels WHERE id = $1', [target.id]);
    expect(row!.deleted).toBe(true);
    const byEditor = await clients.yicheng!.request('POST', `/api/parcels/${target.id}/undelete`, { version: 2 });
    expect(byEditor.status).toBe(403);
    const byAdmin = await clients.admin!.request('POST', `/api/parcels/${target.id}/undelete`, { version: 2 });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.properties.version).toBe(3);
    expect((await parcel(target.id)).history.map((h: any) => h.action)).toEqual(['restore', 'delete', 'create']);
  });
});

describe('bad input is refused with a 4xx, and nothing is written', () => {
  const bowTie = { type: 'Polygon', coordinates: [[[114.0, 32.9], [114.01, 32.91], [114.01, 32.9], [114.0, 32.91], [114.0, 32.9]]] };
  const cases: Array<[string, (c: any) => unknown, number, string]> = [
    ['a self-intersecting boundary', (c) => ({ ...c, geometry: bowTie }), 400, '自相交'],
    ['swapped longitude and latitude', (c) => ({ ...c, geometry: { type: 'Polygon', coordinates: [c.geometry.coordinates[0][0].map(([x, y]: number[]) => [y, x])] } }), 400, '经纬度写反'],
    ['an unclosed ring', (c) => ({ ...c, geometry: { type: 'Polygon', coordinates: [c.geometry.coordinates[0][0].slice(0, -1)] } }), 400, '闭合'],
    ['a ring of two points', (c) => ({ ...c, geometry: { type: 'Polygon', coordinates: [[[114, 32.9], [114.01, 32.9]]] } }), 400, '至少需要 4 个坐标点'],
    ['text coordinates', (c) => ({ ...c, geometry: { type: 'Polygon', coordinates: [[['114', '32.9'], [114.01, 32.9], [114.01, 32.91], ['114', '32.9']]] } }), 400, '坐标须为数字'],
    ['a point for a boundary', (c) => ({ ...c, geometry: { type: 'Point', coordinates: [114, 32.9] } }), 400, '须为面'],
    ['a negative ledger area', (c) => ({ ...c, ledgerMu: -3 }), 400, '台账面积'],
    ['ledger area as text', (c) => ({ ...c, ledgerMu: '120' }), 400, '台账面积'],
    ['an impossible date', (c) => ({ ...c, supplyDate: '2021-02-30' }), 400, '不是有效日期'],
    ['a malformed supervision number', (c) => ({ ...c, supervisionNumber: '41170220B1' }), 400, '电子监管号'],
    ['a disposal method of another category', (c) => ({ ...c, category: 'idle', disposalMethod: '撤销批文' }), 400, '不适用于供后闲置'],
    ['an unknown category', (c) => ({ ...c, category: 'farmland' }), 400, '类别'],
    ['a missing version', (c) => ({ ...c, version: undefined }), 400, '版本号'],
    ['a stale version', (c) => ({ ...c, version: 99 }), 409, '已被他人修改'],
    ['an array body', () => [1, 2], 400, 'JSON 对象'],
  ];

  it.each(cases)('%s', async (_name, mutate, status, text) => {
    const target = await parcel(yichengParcels[yichengParcels.length - 2]!);
    const before = await counts();
    const r = await clients.admin!.request('PUT', `/api/parcels/${target.id}`, mutate(contentOf(target)));
    expect(r.status).toBe(status);
    expect(r.body.error.message).toContain(text);
    expect(await counts()).toEqual(before);
    expect((await parcel(target.id)).properties.version).toBe(target.properties.version);
  });

  it('malformed JSON and a duplicate code on create', async () => {
    const before = await counts();
    expect((await clients.admin!.request('POST', '/api/parcels', '{"code": "x",')).status).toBe(400);
    const template = await parcel(yichengParcels[0]!);
    const dup = await clients.admin!.request('POST', '/api/parcels', { ...contentOf(template), campaignId: 1 });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('已存在');
    expect((await clients.admin!.request('POST', '/api/parcels', { ...contentOf(template), campaignId: 77, code: 'Z' })).status).toBe(404);
    expect(await counts()).toEqual(before);
  });
});
