import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina, type IsoDate } from '../../core/dates.ts';
import { inLifeOrder } from '../../core/parcel-life/events.ts';
import { eventsFromLedger, type LedgerFacts } from '../../core/parcel-life/from-fields.ts';
import { standingOn } from '../../core/parcel-life/standing.ts';
import { previewUpload } from '../support/import-preview.ts';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: Record<string, Client> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'yicheng', 'kaifaqu']) clients[name] = await signIn(server.url, name, DEMO_PASSWORDS[name]!);
});
afterAll(() => server?.close());

const today = todayInChina();
type Row = { id: number; version: number; code: string; category: string; status: string; ledgerMu: number };

/** A live parcel of 驿城区 only (its editor may change it) in a category, from the database itself. */
async function yichengParcel(category: string, extra = 'true'): Promise<Row> {
  const [p] = await server.db.query<Row>(
    `SELECT p.id, p.version, p.code, p.category, p.status, p.ledger_mu AS "ledgerMu" FROM parcels p JOIN units u ON u.id = p.unit_id
     WHERE u.name = '驿城区' AND p.category = $1 AND p.deleted_at IS NULL AND ${extra}
       AND (SELECT count(*) FROM parcel_unit_shares s WHERE s.parcel_id = p.id) = 1
       AND NOT EXISTS (SELECT 1 FROM parcel_events e WHERE e.parcel_id = p.id AND e.source <> 'ledger')
     ORDER BY p.id LIMIT 1`, [category]);
  expect(p, `a 驿城区 parcel of ${category}`).toBeDefined();
  return p!;
}
const life = async (id: number, date: string = today) => (await server.get(`/api/parcels/${id}/life?date=${date}`)).body;
const stored = (id: number) => server.db.query<{ kind: string; date: string; source: string; actor: string; note: string | null; deleted: boolean }>(
  `SELECT kind, date, source, actor, note, deleted_at IS NOT NULL AS deleted FROM parcel_events WHERE parcel_id = $1 ORDER BY recorded_at, id`, [id]);
const record = async (id: number) => (await server.get(`/api/parcels/${id}`)).body.properties as Row & Record<string, unknown>;

describe('a change of category is a recorded event', () => {
  it('every demo parcel’s life is stored as its ledger record implies, and stands today in the category its record shows', async () => {
    const parcels = await server.db.query<LedgerFacts & { id: number; ledgerMu: number; start: IsoDate; last: IsoDate | null }>(
      `SELECT p.id, p.category, p.status, p.ledger_mu AS "ledgerMu", p.approval_date AS "approvalDate", p.approval_number AS "approvalNumber",
              p.approved_mu AS "approvedMu", p.supply_method AS "supplyMethod", p.supply_date AS "supplyDate", p.supervision_number AS "supervisionNumber",
              p.supply_price_wan AS "supplyPriceWan", p.agreed_start_date AS "agreedStartDate", p.disposal_method AS "disposalMethod", c.start_date AS start,
              (SELECT max(date) FROM disposal_records d WHERE d.parcel_id = p.id) AS last
       FROM parcels p JOIN campaigns c ON c.id = p.campaign_id WHERE p.is_demo ORDER BY p.id`);
    expect(parcels.length).toBeGreaterThan(400);
    const events = await server.db.query<{ parcelId: number; kind: string; date: string; details: Record<string, unknown>; source: string }>(
      `SELECT parcel_id AS "parcelId", kind, date, details, source FROM parcel_events WHERE deleted_at IS NULL ORDER BY recorded_at, id`);
    for (const p of parcels) {
      const mine = events.filter((e) => e.parcelId === p.id);
      expect(mine.every((e) => e.source === 'ledger')).toBe(true);
      // Stored in the order they took effect (by date; same-day events as the rule lists them).
      const expected = inLifeOrder(eventsFromLedger(p, p.start, p.last).map((e, seq) => ({ ...e, seq }))).map(({ seq: _seq, ...e }) => e);
      expect(mine.map(({ kind, date, details }) => ({ kind, date, ...details }))).toEqual(expected);
    }
    const sample = parcels.filter((_, i) => i % 40 === 0);
    for (const p of sample) expect((await life(p.id)).standing).toMatchObject({ phase: 'unused', category: p.category });
  });

  it('an edit from 征而未供 to 供后闲置 records 供应 and 认定闲置 today, by the person; the old events stay', async () => {
    const p = await yichengParcel('expropriated_not_supplied');
    const before = await stored(p.id);
    const r = await clients.yicheng!.request('PUT', `/api/parcels/${p.id}`, { ...(await record(p.id)), category: 'idle', supplyMethod: '出让', supplyDate: '2023-06-01', disposalMethod: null, version: p.version });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = await stored(p.id);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length)).toMatchObject([
      { kind: 'supplied', date: '2023-06-01', source: 'person', actor: 'yicheng' },
      { kind: 'declared_idle', date: today, source: 'person', actor: 'yicheng', note: '台账类别由“征而未供”改为“供后闲置”' },
    ]);
    expect((await life(p.id)).standing).toMatchObject({ phase: 'unused', category: 'idle', since: today });
    expect((await life(p.id, '2021-09-30' as IsoDate)).standing.category).toBe('expropriated_not_supplied');
  });

  it('an edit back to an earlier category corrects the record: registered again, noted as a correction', async () => {
    const p = await yichengParcel('idle');
    const r = await clients.yicheng!.request('PUT', `/api/parcels/${p.id}`, { ...(await record(p.id)), category: 'approved_not_expropriated', disposalMethod: null, version: p.version });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await stored(p.id)).at(-1)).toMatchObject({ kind: 'registered', date: today, note: expect.stringContaining('更正') });
    expect((await life(p.id)).standing.category).toBe('approved_not_expropriated');
  });

  it('an edit of other fields records nothing', async () => {
    const p = await yichengParcel('inefficient');
    const n = (await stored(p.id)).length;
    expect((await clients.admin!.request('PUT', `/api/parcels/${p.id}`, { ...(await record(p.id)), remarks: '现场核实', version: p.version })).status).toBe(200);
    expect((await stored(p.id)).length).toBe(n);
  });

  it('an import records the events of its parcels as imported (导入)', async () => {
    const file = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { 地块编号: 'EV-IMP-1', 项目名称: '事项导入', 台账面积: 5, 批准日期: '2015-01-01' },
      geometry: { type: 'Polygon', coordinates: [[[114.02, 32.98], [114.0225, 32.98], [114.0225, 32.9815], [114.02, 32.9815], [114.02, 32.98]]] } }] });
    const pv = await previewUpload(server.url, 'admin', 'ev.geojson', file);
    expect(pv.status, JSON.stringify(pv.body)).toBe(200);
    const commit = await clients.admin!.request('POST', '/api/imports/commit', { importId: pv.body.importId, indexes: pv.body.items.map((i: { index: number }) => i.index), confirm: { outside: [0], overlaps: [0], create: [0] } });
    expect(commit.status, JSON.stringify(commit.body)).toBe(201);
    const id = commit.body.created[0] as number;
    expect((await stored(id)).map((e) => [e.kind, e.date, e.source, e.actor])).toEqual([['approved', '2015-01-01', 'import', 'admin'], ['registered', '2021-05-07', 'import', 'admin']]);
  });
});

describe('POST /api/parcels/:id/events', () => {
  it('a person adds 认定闲置 on a date: the life and the ledger record follow, the record’s version moves', async () => {
    const p = await yichengParcel('inefficient');
    const r = await clients.yicheng!.request('POST', `/api/parcels/${p.id}/events`, { kind: 'declared_idle', date: '2022-03-15', note: '复核认定' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const now = await record(p.id);
    expect(now.category).toBe('idle');
    expect(now.version).toBe(p.version + 1);
    const l = await life(p.id);
    expect(l.events.find((e: { eventId: number }) => e.eventId === r.body.eventId)).toMatchObject({ kind: 'declared_idle', date: '2022-03-15', source: 'person', actor: 'yicheng', note: '复核认定' });
    expect((await life(p.id, '2022-03-14' as IsoDate)).standing.category).toBe('inefficient');
    expect((await life(p.id, '2022-03-15' as IsoDate)).standing.category).toBe('idle');
    // The write of the record follows the event: it recorded no event of its own.
    expect((await stored(p.id)).filter((e) => e.source === 'person')).toHaveLength(1);
  });

  it('a 供应 with its 电子监管号 and price fills the record’s supply fields; a disposal goes to the disposal records', async () => {
    const p = await yichengParcel('expropriated_not_supplied');
    const sup = await clients.admin!.request('POST', `/api/parcels/${p.id}/events`, { kind: 'supplied', date: '2023-05-06', method: '出让', supervisionNumber: '4117022023B00001', priceWan: 1200 });
    expect(sup.status, JSON.stringify(sup.body)).toBe(201);
    expect(await record(p.id)).toMatchObject({ supplyDate: '2023-05-06', supplyMethod: '出让', supervisionNumber: '4117022023B00001', supplyPriceWan: 1200, category: 'expropriated_not_supplied' });
    expect((await life(p.id)).standing.phase).toBe('supplied');

    const q = await yichengParcel('idle', 'p.ledger_mu - COALESCE((SELECT sum(mu) FROM disposal_records d WHERE d.parcel_id = p.id), 0) > 1');
    const d = await clients.yicheng!.request('POST', `/api/parcels/${q.id}/events`, { kind: 'disposal', date: '2021-10-08', mu: 0.5, method: '动工开发' });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    expect(d.body.disposal).toMatchObject({ date: '2021-10-08', mu: 0.5, method: '动工开发' });
    expect((await life(q.id)).events.some((e: { kind: string; disposalId: number }) => e.kind === 'disposal' && e.disposalId === d.body.disposal.id)).toBe(true);
  });

  it('refuses bad input with a Chinese 400 naming the field, other units’ editors with 403, and writes nothing', async () => {
    const p = await yichengParcel('idle');
    const n = (await stored(p.id)).length;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'grown', date: '2021-01-01' }, '事项类型（kind）'],
      [{ kind: 'started', date: '2021-02-30' }, '实际开工日期（date）'],
      [{ kind: 'started', date: '2999-01-01' }, '晚于今天'],
      [{ kind: 'supplied', date: '2021-01-01', method: '拍卖' }, '供应方式（method）'],
      [{ kind: 'supplied', date: '2021-01-01', method: '出让', supervisionNumber: '12345' }, '电子监管号（supervisionNumber）'],
      [{ kind: 'agreed_start', date: '2021-01-01' }, '约定开工时间（agreedStartDate）'],
      [{ kind: 'started', date: '2021-01-01', note: 'x'.repeat(501) }, '说明（note）'],
      [{ kind: 'disposal', date: '2021-01-01', mu: 1e5, method: '动工开发' }, '超出台账面积'],
    ];
    for (const [body, field] of cases) {
      const r = await clients.yicheng!.request('POST', `/api/parcels/${p.id}/events`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.message).toContain(field);
    }
    const outside = await clients.kaifaqu!.request('POST', `/api/parcels/${p.id}/events`, { kind: 'started', date: '2021-01-01' });
    expect(outside.status).toBe(403);
    expect((await stored(p.id)).length).toBe(n);
    expect((await clients.yicheng!.request('POST', '/api/parcels/99999999/events', { kind: 'started', date: '2021-01-01' })).status).toBe(404);
  });

  it('a person corrects or deletes their own event with a reason; the old one is kept, retired; not someone else’s', async () => {
    const p = await yichengParcel('idle');
    const added = await clients.yicheng!.request('POST', `/api/parcels/${p.id}/events`, { kind: 'declared_inefficient', date: '2022-01-10' });
    expect(added.status).toBe(201);
    expect((await clients.yicheng!.request('PUT', `/api/parcels/${p.id}/events/${added.body.eventId}`, { kind: 'declared_inefficient', date: '2022-02-10' })).status).toBe(400);
    const fixed = await clients.yicheng!.request('PUT', `/api/parcels/${p.id}/events/${added.body.eventId}`, { kind: 'declared_inefficient', date: '2022-02-10', reason: '认定书日期录错' });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect((await life(p.id, '2022-01-31' as IsoDate)).standing.category).toBe('idle');
    expect((await life(p.id, '2022-02-10' as IsoDate)).standing.category).toBe('inefficient');
    const [old] = await server.db.query<{ deleted_by: string; delete_reason: string }>('SELECT deleted_by, delete_reason FROM parcel_events WHERE id = $1', [added.body.eventId]);
    expect(old).toEqual({ deleted_by: 'yicheng', delete_reason: '更正：认定书日期录错' });

    const [ledgerEvent] = await server.db.query<{ id: number }>(`SELECT id::int FROM parcel_events WHERE parcel_id = $1 AND source = 'ledger' AND deleted_at IS NULL LIMIT 1`, [p.id]);
    const notMine = await clients.yicheng!.request('DELETE', `/api/parcels/${p.id}/events/${ledgerEvent!.id}`, { reason: '试试' });
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.message).toContain('只能删除或更正自己登记的事项');

    const gone = await clients.yicheng!.request('DELETE', `/api/parcels/${p.id}/events/${fixed.body.eventId}`, { reason: '复核后撤回认定' });
    expect(gone.status).toBe(204);
    expect((await life(p.id)).standing.category).toBe('idle');
    expect((await record(p.id)).category).toBe('idle');
    expect((await clients.yicheng!.request('DELETE', `/api/parcels/${p.id}/events/${fixed.body.eventId}`, { reason: '再删' })).status).toBe(404);
  });
});

describe('the category shown follows from the events', () => {
  it('after all these edits, each parcel’s record stands today as its events say', async () => {
    const rows = await server.db.query<{ id: number; category: string }>(`SELECT DISTINCT p.id, p.category FROM parcels p JOIN parcel_events e ON e.parcel_id = p.id WHERE e.source = 'person'`);
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) {
      const l = await life(r.id);
      if (l.standing.phase === 'unused') expect(l.standing.category).toBe(r.category);
      expect(standingOn(l.events, today, l.ledgerMu).category).toBe(l.standing.category);
    }
  });
});
