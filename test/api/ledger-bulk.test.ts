import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPOSAL_METHODS } from '../../core/categories.ts';
import { clientWith, DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: Record<string, Client> = {};
/** Idle parcels lying wholly in 驿城区 (yicheng's unit), and one lying wholly in 开发区 (outside it). */
let yicheng: Array<{ id: number; version: number; category: string }>;
let outside: { id: number; code: string };

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'yicheng', 'leader']) clients[name] = await signIn(server.url, name, DEMO_PASSWORDS[name]!);
  clients.anonymous = clientWith(server.url, null, '');
  const whollyIn = (unit: string) => server.db.query<{ id: number; version: number; category: string; code: string }>(
    `SELECT p.id, p.version, p.category, p.code FROM parcels p JOIN units u ON u.id = p.unit_id
     WHERE u.name = $1 AND p.deleted_at IS NULL AND (SELECT count(*) FROM parcel_unit_shares s WHERE s.parcel_id = p.id) = 1
     ORDER BY p.id`, [unit]);
  yicheng = (await whollyIn('驿城区')).filter((p) => p.category === 'idle');
  outside = (await whollyIn('开发区'))[0]!;
  expect(yicheng.length).toBeGreaterThanOrEqual(8);
});
afterAll(() => server?.close());

const detail = async (id: number) => (await server.get(`/api/parcels/${id}`)).body;
const historyCount = async () => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcel_history'))[0]!.n;
const changeSetCount = async () => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM change_sets'))[0]!.n;
const method = DISPOSAL_METHODS.idle[0]!;

describe('POST /api/parcels/bulk', () => {
  it('changes every parcel as one change set, each history row linked to it, versions raised', async () => {
    const targets = yicheng.slice(0, 3);
    const before = await Promise.all(targets.map((p) => detail(p.id)));
    const r = await clients.yicheng!.request('POST', '/api/parcels/bulk', {
      ids: targets.map((p) => p.id),
      versions: Object.fromEntries(before.map((d) => [d.id, d.properties.version])),
      changes: { disposalMethod: method, responsiblePerson: '王测试', status: 'in_progress' },
    });
    expect(r.status).toBe(200);
    expect(r.body.changeSet).toMatchObject({ count: 3 });
    expect(r.body.changeSet.summary).toContain(method);

    const [set] = await server.db.query<{ actor: string; count: number }>('SELECT actor, count FROM change_sets WHERE id = $1', [r.body.changeSet.id]);
    expect(set).toEqual({ actor: 'yicheng', count: 3 });
    for (const [i, target] of targets.entries()) {
      const after = await detail(target.id);
      expect(after.properties).toMatchObject({ disposalMethod: method, responsiblePerson: '王测试', status: 'in_progress', version: before[i].properties.version + 1 });
      // Nothing else moved: the ledger area and the boundary are what they were.
      expect(after.properties.ledgerMu).toBe(before[i].properties.ledgerMu);
      expect(after.properties.areaMu.ellipsoidal).toBeCloseTo(before[i].properties.areaMu.ellipsoidal, 6);
      const latest = after.history[0];
      expect(latest).toMatchObject({ action: 'update', actor: 'yicheng', changeSet: { id: r.body.changeSet.id, count: 3 } });
      expect(latest.before.disposalMethod).toBe(before[i].properties.disposalMethod);
      expect(latest.after.disposalMethod).toBe(method);
    }
  });

  it('writes nothing when one parcel lies outside the editor\'s units (403 naming it)', async () => {
    const [history, sets] = [await historyCount(), await changeSetCount()];
    const target = yicheng[3]!;
    const r = await clients.yicheng!.request('POST', '/api/parcels/bulk', { ids: [target.id, outside.id], changes: { remarks: '不应写入' } });
    expect(r.status).toBe(403);
    expect(r.body.error.refused).toEqual([expect.objectContaining({ id: outside.id, code: outside.code, status: 403 })]);
    expect(r.body.error.message).toContain(outside.code);
    expect((await detail(target.id)).properties.remarks).not.toBe('不应写入');
    expect([await historyCount(), await changeSetCount()]).toEqual([history, sets]);
  });

  it('writes nothing when the method does not fit one parcel\'s category (400 naming it)', async () => {
    const history = await historyCount();
    const other = (await server.db.query<{ id: number; code: string }>(
      "SELECT id, code FROM parcels WHERE category = 'inefficient' AND deleted_at IS NULL ORDER BY id LIMIT 1"))[0]!;
    const r = await clients.admin!.request('POST', '/api/parcels/bulk', { ids: [yicheng[4]!.id, other.id], changes: { disposalMethod: method } });
    expect(r.status).toBe(400);
    expect(r.body.error.refused.map((x: any) => x.id)).toEqual([other.id]);
    expect(r.body.error.refused[0].reason).toContain('不适用于低效用地');
    expect((await detail(other.id)).properties.disposalMethod).not.toBe(method);
    expect(await historyCount()).toBe(history);
  });

  it('answers 409 on a stale version, and writes nothing', async () => {
    const [a, b] = [yicheng[5]!, yicheng[6]!];
    const current = (await detail(a.id)).properties.version;
    const history = await historyCount();
    const r = await clients.admin!.request('POST', '/api/parcels/bulk', {
      ids: [a.id, b.id], versions: { [a.id]: current + 5 }, changes: { responsiblePerson: '李' },
    });
    expect(r.status).toBe(409);
    expect(r.body.error.refused).toEqual([expect.objectContaining({ id: a.id, status: 409 })]);
    expect(await historyCount()).toBe(history);
  });

  it('refuses fields that may not be set in bulk, and viewers and visitors', async () => {
    const ids = [yicheng[7]!.id];
    expect((await clients.admin!.request('POST', '/api/parcels/bulk', { ids, changes: { code: 'X' } })).status).toBe(400);
    expect((await clients.admin!.request('POST', '/api/parcels/bulk', { ids, changes: {} })).status).toBe(400);
    expect((await clients.admin!.request('POST', '/api/parcels/bulk', { ids: [], changes: { remarks: 'x' } })).status).toBe(400);
    const viewer = await clients.leader!.request('POST', '/api/parcels/bulk', { ids, changes: { remarks: 'x' } });
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.message).toContain('不能修改');
    expect((await clients.anonymous!.request('POST', '/api/parcels/bulk', { ids, changes: { remarks: 'x' } })).status).toBe(401);
    expect((await detail(ids[0]!)).properties.remarks).not.toBe('x');
  });
});

describe('GET /api/ledger', () => {
  it('lists every live parcel of the campaign with its disposed mu, in pages', async () => {
    const first = (await server.get('/api/ledger?campaign=1&limit=50')).body;
    const [count] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcels WHERE campaign_id = 1 AND deleted_at IS NULL');
    expect(first.total).toBe(count!.n);
    expect(first.rows).toHaveLength(50);
    const withDisposals = (await server.db.query<{ parcel_id: number; mu: number }>(
      'SELECT parcel_id, sum(mu)::float8 AS mu FROM disposal_records GROUP BY parcel_id ORDER BY parcel_id LIMIT 1'))[0]!;
    const all = (await server.get(`/api/ledger?campaign=1&limit=5000`)).body.rows;
    expect(all.find((r: any) => r.id === withDisposals.parcel_id).disposedMu).toBeCloseTo(withDisposals.mu, 6);
    expect((await server.get('/api/ledger?campaign=abc')).status).toBe(400);
    expect((await server.get('/api/ledger?campaign=999')).status).toBe(404);
  });
});

describe('GET /api/ledger/export', () => {
  it('writes exactly the view: the rows filtered and sorted, grouped by unit, in the columns asked for', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { ledgerView } = await import('../../core/ledger/view.ts');
    const filters = { status: { kind: 'values', values: ['planned', 'in_progress'] } } as const;
    const url = `/api/ledger/export?campaign=1&columns=code,ledgerMu,disposedMu&sort=ledgerMu:desc&filters=${encodeURIComponent(JSON.stringify(filters))}`;
    const r = await server.get<ArrayBuffer>(url);
    expect(r.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.body);
    const sheet = book.getWorksheet('台账')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(String(values(1)[0])).toContain('台账');
    expect(String(values(2)[0])).toContain('面积单位：亩');
    expect(values(3)).toEqual(['序号', '地块编号', '台账面积（亩）', '已处置面积（亩）']);

    const rows = (await server.get(`/api/ledger?campaign=1&limit=5000`)).body.rows;
    const units = (await server.get('/api/campaigns/1')).body.units.features.map((u: any) => u.properties.name);
    const view = ledgerView(rows, { filters, sort: { key: 'ledgerMu', direction: 'desc' }, unitOrder: units });
    expect(view.total.count).toBeGreaterThan(5);
    const expected = view.groups.flatMap((g) => [[g.unitName, `${g.count} 宗`], ...g.rows.map((row) => [row.code])]);
    const written = [];
    for (let n = 4; n < 4 + expected.length; n++) {
      const [index, code, mu] = values(n);
      written.push(typeof index === 'number' ? [code] : [index, code]);
      if (typeof index === 'number') expect(mu).toBeCloseTo(rows.find((x: any) => x.code === code).ledgerMu, 2);
    }
    expect(written).toEqual(expected);
    expect(values(4 + expected.length).slice(0, 3)).toEqual(['合计', `${view.total.count} 宗`, Math.round(view.total.ledgerMu * 100) / 100]);
    expect((await server.get('/api/ledger/export?campaign=1&columns=code,geometry')).status).toBe(400);
  });
});

describe('GET /api/ledger: the units a parcel lies in', () => {
  it('lists them as parcel_unit_shares has them; filtered by a unit, the table finds what the map and the API find', async () => {
    const rows = (await server.get('/api/ledger?campaign=1&limit=5000')).body.rows;
    const shares = await server.db.query<{ id: number; names: string[] }>(
      `SELECT s.parcel_id AS id, array_agg(u.name ORDER BY u.name) AS names FROM parcel_unit_shares s JOIN units u ON u.id = s.unit_id GROUP BY s.parcel_id`);
    const byId = new Map(shares.map((s) => [s.id, s.names]));
    for (const row of rows) expect(row.inUnits).toEqual(byId.get(row.id) ?? []);
    expect(rows.some((r: any) => r.inUnits.length > 1)).toBe(true);

    const { filterRows } = await import('../../core/ledger/view.ts');
    const unit = (await server.get('/api/campaigns/1')).body.units.features.find((u: any) => u.properties.name === '确山县').properties;
    const api = (await server.get(`/api/parcels?campaign=1&unit=${unit.id}&limit=5000`)).body.features.map((f: any) => f.id).sort((a: number, b: number) => a - b);
    const table = filterRows(rows, { unitName: { kind: 'values', values: ['确山县'] } }).map((r) => r.id).sort((a, b) => a - b);
    expect(table.length).toBeGreaterThan(0);
    expect(table).toEqual(api);
  });
});
