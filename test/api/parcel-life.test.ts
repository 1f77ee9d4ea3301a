import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

/** A demo idle parcel disposed of in more than one step, with a supply date, from the database itself. */
async function idleParcelDisposedInSteps() {
  const [p] = await server.db.query<{ id: number; ledgerMu: number; supplyDate: string; first: string; last: string; total: number }>(
    `SELECT p.id, p.ledger_mu AS "ledgerMu", p.supply_date AS "supplyDate", min(d.date) AS first, max(d.date) AS last, sum(d.mu)::float8 AS total
     FROM parcels p JOIN disposal_records d ON d.parcel_id = p.id
     WHERE p.category = 'idle' AND p.status = 'disposed' AND p.supply_date IS NOT NULL
     GROUP BY p.id HAVING count(*) > 1 AND min(d.date) < max(d.date) ORDER BY p.id LIMIT 1`);
  expect(p).toBeDefined();
  return p!;
}

describe('a parcel’s life on the API', () => {
  it('stores a life as read from the ledger record, and stands as the record says on any date', async () => {
    const p = await idleParcelDisposedInSteps();
    const life = (await server.get(`/api/parcels/${p.id}/life?date=2021-12-31`)).body;
    expect(life.fromLedger).toBe(false);
    expect(new Set(life.events.map((e: { kind: string; source: string }) => (e.kind === 'disposal' ? 'disposal' : e.source)))).toEqual(new Set(['ledger', 'disposal']));
    expect(life.events.map((e: { kind: string }) => e.kind)).toContain('supplied');
    expect(life.events.find((e: { kind: string }) => e.kind === 'supplied').date).toBe(p.supplyDate);
    expect(life.standing).toMatchObject({ phase: 'unused', category: 'idle', status: 'disposed', problems: [] });
    expect(life.standing.disposedMu).toBeCloseTo(p.total, 6);
    expect(life.periods.at(-1)).toMatchObject({ category: 'idle', until: null });
    expect(life.periods.map((x: { phase: string }) => x.phase)).toContain('supplied');

    const dayBeforeFirst = new Date(Date.parse(`${p.first}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect((await server.get(`/api/parcels/${p.id}/life?date=${dayBeforeFirst}`)).body.standing).toMatchObject({ status: 'registered', disposedMu: 0 });
    expect((await server.get(`/api/parcels/${p.id}/life?date=${p.first}`)).body.standing.status).toBe('in_progress');
    const beforeSupply = new Date(Date.parse(`${p.supplyDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect((await server.get(`/api/parcels/${p.id}/life?date=${beforeSupply}`)).body.standing.phase).not.toBe('supplied');
  });

  it('orders stored events with disposals by when they were recorded, and names who recorded them', async () => {
    const p = await idleParcelDisposedInSteps();
    await server.db.query(`UPDATE parcel_events SET deleted_at = now(), deleted_by = '测试', delete_reason = '由下列事项取代' WHERE parcel_id = $1`, [p.id]);
    await server.db.query(`INSERT INTO parcel_events (parcel_id, kind, date, details, source, actor) VALUES
      ($1, 'approved', '2012-03-01', '{}', 'person', '陈工'), ($1, 'supplied', '2015-06-01', '{"method":"出让"}', 'person', '陈工'),
      ($1, 'declared_idle', '2018-01-01', '{}', 'monitoring', '部监测监管系统')`, [p.id]);
    const life = (await server.get(`/api/parcels/${p.id}/life?date=2017-12-31`)).body;
    expect(life.fromLedger).toBe(false);
    expect(life.standing).toMatchObject({ phase: 'supplied', category: null });
    expect(life.events.find((e: { kind: string }) => e.kind === 'declared_idle')).toMatchObject({ label: '认定闲置', source: 'monitoring', actor: '部监测监管系统' });
    expect((await server.get(`/api/parcels/${p.id}/life?date=2021-12-31`)).body.standing).toMatchObject({ category: 'idle', status: 'disposed' });
  });

  it('answers 404 for an unknown parcel and 400 for a bad date', async () => {
    expect((await server.get('/api/parcels/999999/life')).status).toBe(404);
    const bad = await server.get('/api/parcels/1/life?date=2021-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('date');
  });
});
