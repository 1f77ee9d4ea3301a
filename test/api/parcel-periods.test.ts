/**
 * The kept periods of parcels' lives (parcel_periods, what 台账截至 reads) are what core's rule (standingPeriods) gives
 * over the lives as stored, after every kind of write that changes a life: create, an edit of a life field or of the
 * ledger mu, an event added, corrected and retired, a disposal recorded and removed, the monitoring export, a bulk
 * edit, delete and undelete. The oracle reads each life fresh (livesOf: the stored events and disposal records) and
 * applies the rule; and the ledger on a date through the API is checked against standingOn over every life.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPOSAL_METHODS, taskTypeOf, type Category } from '../../core/categories.ts';
import { todayInChina, type IsoDate } from '../../core/dates.ts';
import { standingOn, standingPeriods } from '../../core/parcel-life/standing.ts';
import { recordMonitoredEvents } from '../../server/monitoring/events.ts';
import { livesOf } from '../../server/parcel-life/queries.ts';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Client;
beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
});
afterAll(() => server?.close());

type Kept = { from: IsoDate | null; until: IsoDate | null; phase: string; category: string | null; status: string | null };

/** The periods kept for each parcel, against core's rule over its life read fresh from what is stored. */
async function expectKept(ids: readonly number[]) {
  const kept = await server.db.query<Kept & { parcelId: number }>(
    `SELECT parcel_id AS "parcelId", valid_from AS from, valid_to AS until, phase, category, status FROM parcel_periods
     WHERE parcel_id = ANY($1::int[]) ORDER BY parcel_id, valid_from NULLS FIRST`, [[...ids]]);
  const lives = await livesOf(server.db, ids);
  expect(lives.size).toBe(new Set(ids).size);
  for (const id of ids) {
    const life = lives.get(id)!;
    expect(life.fromLedger, `parcel ${id}: its life is stored`).toBe(false);
    const mine = kept.filter((k) => k.parcelId === id).map(({ parcelId: _id, ...k }) => k);
    expect(mine, `parcel ${id}`).toEqual(standingPeriods(life.events, life.ledgerMu));
  }
}

const parcel = async (id: number) => (await server.get(`/api/parcels/${id}`)).body.properties as Record<string, unknown> & { version: number; category: Category; ledgerMu: number };
const ok = (r: { status: number; body: unknown }, status = 200) => expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(status);
/** A live parcel of campaign 1 in a category, not yet touched by this file. */
const used = new Set<number>();
async function demoParcel(category: Category): Promise<number> {
  const rows = await server.db.query<{ id: number }>(
    `SELECT id FROM parcels WHERE campaign_id = 1 AND category = $1 AND status = 'registered' AND deleted_at IS NULL ORDER BY id`, [category]);
  const id = rows.map((r) => r.id).find((i) => !used.has(i));
  expect(id, `a registered ${category} parcel`).toBeDefined();
  used.add(id!);
  return id!;
}

describe('the kept periods follow every write of a life', () => {
  it('after the migration and the demo load, every parcel’s periods are the rule’s', async () => {
    const all = await server.db.query<{ id: number }>('SELECT id FROM parcels ORDER BY id');
    expect(all.length).toBeGreaterThan(400);
    await expectKept(all.map((p) => p.id));
  });

  it('create, edit of a life field and of the ledger mu, delete and undelete', async () => {
    const unitId = (await server.db.query<{ id: number }>(`SELECT id FROM units WHERE name = '驿城区'`))[0]!.id;
    const created = await admin.request('POST', '/api/parcels', {
      campaignId: 1, code: 'PERIODS-1', projectName: '时段测试', category: 'expropriated_not_supplied', status: 'registered', ledgerMu: 4,
      approvalDate: '2019-04-01', unitId,
    });
    ok(created, 201);
    const id = created.body.id as number;
    await expectKept([id]);

    const idle = await admin.request('PUT', `/api/parcels/${id}`, { ...(await parcel(id)), category: 'idle', supplyMethod: '出让', supplyDate: '2020-06-01', disposalMethod: null });
    ok(idle);
    await expectKept([id]);
    expect((await server.db.query('SELECT 1 FROM parcel_periods WHERE parcel_id = $1 AND category = $2', [id, 'idle'])).length).toBe(1);

    // A disposal of 3 mu, then the ledger mu cut to 3: the same disposal now disposes of the whole parcel.
    ok(await admin.request('POST', `/api/parcels/${id}/disposals`, { date: todayInChina(), mu: 3, method: DISPOSAL_METHODS.idle[0] }), 201);
    await expectKept([id]);
    ok(await admin.request('PUT', `/api/parcels/${id}`, { ...(await parcel(id)), ledgerMu: 3 }));
    await expectKept([id]);
    expect((await server.db.query<{ status: string }>('SELECT status FROM parcel_periods WHERE parcel_id = $1 AND valid_to IS NULL', [id]))[0]?.status).toBe('disposed');

    ok(await admin.request('DELETE', `/api/parcels/${id}?version=${(await parcel(id)).version}`), 204);
    await expectKept([id]);
    const version = (await server.db.query<{ version: number }>('SELECT version FROM parcels WHERE id = $1', [id]))[0]!.version;
    ok(await admin.request('POST', `/api/parcels/${id}/undelete`, { version }));
    await expectKept([id]);
  });

  it('an event added, corrected and retired; a disposal recorded and removed', async () => {
    const id = await demoParcel('inefficient');
    const added = await admin.request('POST', `/api/parcels/${id}/events`, { kind: 'declared_idle', date: '2021-06-15' });
    ok(added, 201);
    await expectKept([id]);
    const corrected = await admin.request('PUT', `/api/parcels/${id}/events/${added.body.eventId}`, { kind: 'declared_idle', date: '2021-08-15', reason: '日期有误' });
    ok(corrected);
    await expectKept([id]);
    ok(await admin.request('DELETE', `/api/parcels/${id}/events/${corrected.body.eventId}`, { reason: '认定撤回' }), 204);
    await expectKept([id]);

    const other = await demoParcel('approved_not_expropriated');
    const { category, ledgerMu } = await parcel(other);
    const disposal = await admin.request('POST', `/api/parcels/${other}/disposals`, { date: '2021-07-01', mu: Math.min(1, ledgerMu), method: DISPOSAL_METHODS[taskTypeOf(category)][0] });
    ok(disposal, 201);
    await expectKept([other]);
    expect((await server.db.query('SELECT 1 FROM parcel_periods WHERE parcel_id = $1 AND valid_from = $2', [other, '2021-07-01'])).length).toBe(1);
    ok(await admin.request('DELETE', `/api/parcels/${other}/disposals/${disposal.body.disposal.id}`), 204);
    await expectKept([other]);
  });

  it('a bulk edit and the monitoring export', async () => {
    const ids = [await demoParcel('expropriated_not_supplied'), await demoParcel('expropriated_not_supplied')];
    const versions = Object.fromEntries(await Promise.all(ids.map(async (i) => [i, (await parcel(i)).version])));
    ok(await admin.request('POST', '/api/parcels/bulk', { ids, versions, changes: { status: 'planned' } }));
    await expectKept(ids);
    expect((await server.db.query('SELECT 1 FROM parcel_periods WHERE parcel_id = ANY($1::int[]) AND valid_to IS NULL AND status = $2', [ids, 'planned'])).length).toBe(2);

    const id = await demoParcel('expropriated_not_supplied');
    await server.db.query(`UPDATE parcels SET supervision_number = '4117022021B09876' WHERE id = $1`, [id]);
    const user = { id: 0, username: 'admin', displayName: '管理员', role: 'admin' as const, unitIds: [], csrfToken: '' };
    const recorded = await server.db.transaction((tx) => recordMonitoredEvents(tx, user, [
      { row: 2, supervisionNumber: '4117022021B09876', projectName: null, areaMu: null, dates: { supplied: '2021-05-20' as IsoDate, started: '2021-07-01' as IsoDate } },
    ], [{ id, supervisionNumber: '4117022021B09876' }]));
    expect(recorded).toBe(2);
    await expectKept([id]);
    expect((await server.db.query<{ phase: string }>('SELECT phase FROM parcel_periods WHERE parcel_id = $1 AND valid_to IS NULL', [id]))[0]?.phase).toBe('supplied');
  });

  it('the ledger on a date, read from the periods, is standingOn over every life', async () => {
    const ids = (await server.db.query<{ id: number }>(
      `SELECT p.id FROM parcels p JOIN campaign_parcels cp ON cp.parcel_id = p.id AND cp.campaign_id = 1 WHERE p.deleted_at IS NULL`)).map((r) => r.id);
    const lives = await livesOf(server.db, ids);
    for (const date of ['2020-12-31', '2021-06-15', '2021-09-30', todayInChina()] as IsoDate[]) {
      const r = await server.get(`/api/ledger?campaign=1&asOf=${date}&limit=5000`);
      ok(r);
      const expected = ids.flatMap((id) => {
        const life = lives.get(id)!;
        const s = standingOn(life.events, date, life.ledgerMu);
        const disposedMu = life.events.reduce((sum, e) => (e.kind === 'disposal' && e.date <= date ? sum + e.mu : sum), 0);
        return s.phase === 'unused' ? [{ id, category: s.category, status: s.status, disposedMu }] : [];
      }).sort((a, b) => a.id - b.id);
      expect(r.body.total, date).toBe(expected.length);
      const got = (r.body.rows as Array<{ id: number; category: string; status: string; disposedMu: number }>).map(({ id, category, status, disposedMu }) => ({ id, category, status, disposedMu }));
      expect(got.map((g) => ({ ...g, disposedMu: Math.round(g.disposedMu * 1e6) })), date)
        .toEqual(expected.map((e) => ({ ...e, disposedMu: Math.round(e.disposedMu * 1e6) })));
    }
    // Paged by id like the plain ledger: the second page of 50 continues the first.
    const [first, second] = await Promise.all([0, 50].map((offset) => server.get(`/api/ledger?campaign=1&asOf=2021-09-30&limit=50&offset=${offset}`)));
    const ids100 = [...first!.body.rows, ...second!.body.rows].map((r: { id: number }) => r.id);
    expect(ids100).toEqual([...ids100].sort((a, b) => a - b));
    expect(new Set(ids100).size).toBe(100);
  });
});
