import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../core/dates.ts';
import { keepPeriods } from '../../server/parcel-life/periods.ts';
import { recordLedgerLives } from '../../server/parcel-life/record.ts';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Client;
beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
});
afterAll(() => server?.close());

type Row = { id: number; code: string; category: string; status: string; disposedMu: number };
const ledger = async (asOf?: string) => {
  const r = await server.get(`/api/ledger?campaign=1${asOf ? `&asOf=${asOf}` : ''}`);
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
  return r.body as { total: number; asOf: string | null; rows: Row[] };
};

describe('台账截至: the ledger as it stood on a date', () => {
  it('shows each parcel’s category on the day, hides land approved later, and counts only the disposals up to then', async () => {
    // A parcel approved in 2024, registered today through the API; one declared idle on 2022-03-15 by a person.
    const created = await admin.request('POST', '/api/parcels', {
      campaignId: 1, code: 'ASOF-NEW-1', projectName: '截至测试', category: 'approved_not_expropriated', status: 'registered', ledgerMu: 3,
      approvalDate: '2024-04-01', unitId: (await server.db.query<{ id: number }>(`SELECT id FROM units WHERE name = '驿城区'`))[0]!.id,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const [ineff] = await server.db.query<{ id: number }>(`SELECT id FROM parcels WHERE category = 'inefficient' AND deleted_at IS NULL ORDER BY id LIMIT 1`);
    expect((await admin.request('POST', `/api/parcels/${ineff!.id}/events`, { kind: 'declared_idle', date: '2022-03-15' })).status).toBe(201);

    const now = await ledger();
    const [before, on, early] = [await ledger('2022-03-14'), await ledger('2022-03-15'), await ledger('2021-09-30')];
    expect(early.asOf).toBe('2021-09-30');
    const find = (l: { rows: Row[] }, id: number) => l.rows.find((r) => r.id === id);
    expect(find(now, created.body.id)).toBeDefined();
    expect(find(early, created.body.id)).toBeUndefined();
    expect(find(before, ineff!.id)?.category).toBe('inefficient');
    expect(find(on, ineff!.id)?.category).toBe('idle');
    expect(find(now, ineff!.id)?.category).toBe('idle');

    // Disposals: Σ of each parcel's records dated up to the day, as the database sums them.
    const sums = new Map((await server.db.query<{ id: number; mu: number }>(
      `SELECT parcel_id AS id, sum(mu)::float8 AS mu FROM disposal_records WHERE date <= '2021-09-30' GROUP BY parcel_id`)).map((r) => [r.id, r.mu]));
    expect(early.rows.filter((r) => Math.abs((sums.get(r.id) ?? 0) - r.disposedMu) > 1e-9)).toEqual([]);
    expect(early.rows.reduce((s, r) => s + r.disposedMu, 0)).toBeLessThan(now.rows.reduce((s, r) => s + r.disposedMu, 0));
    // Statuses as they stood: nothing disposed on 2021-09-30 that was disposed later only.
    const statusOf = new Map(now.rows.map((r) => [r.id, r.status]));
    expect(early.rows.some((r) => r.status !== statusOf.get(r.id))).toBe(true);

    // Nothing is kept between requests: a disposal recorded since (here by plain SQL) counts in the same date's ledger at once.
    const open = early.rows.find((r) => r.status === 'registered')!;
    await server.db.query(`INSERT INTO disposal_records (parcel_id, date, mu, method) VALUES ($1, '2021-09-01', 0.5, '列入储备')`, [open.id]);
    expect(find(await ledger('2021-09-30'), open.id)?.disposedMu).toBeCloseTo(open.disposedMu + 0.5, 9);

    const bad = await server.get('/api/ledger?campaign=1&asOf=2021-13-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('asOf');
    const xlsx = await fetch(`${server.url}/api/ledger/export?campaign=1&asOf=2021-09-30`);
    expect(xlsx.status).toBe(200);
    expect(decodeURIComponent(xlsx.headers.get('content-disposition') ?? '')).toContain('台账-2021-09-30.xlsx');
  });

  it('stays fast at 10,000 parcels (measured, printed)', async () => {
    const [{ n }] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcels WHERE campaign_id = 1');
    const copies = Math.ceil((10_000 - n) / n);
    const inserted = await server.db.query<{ id: number }>(
      `INSERT INTO parcels (campaign_id, unit_id, geom, code, project_name, category, status, ledger_mu, approval_date, supply_date, supply_method, agreed_start_date, disposal_method)
       SELECT p.campaign_id, p.unit_id, p.geom, p.code || '-C' || k, p.project_name, p.category, p.status, p.ledger_mu, p.approval_date, p.supply_date, p.supply_method, p.agreed_start_date, p.disposal_method
       FROM parcels p CROSS JOIN generate_series(1, $1::int) k WHERE p.campaign_id = 1 AND p.deleted_at IS NULL RETURNING id`, [copies]);
    // Copied by plain SQL, so their lives and periods are stored here as the write service would.
    await server.db.transaction(async (tx) => {
      await recordLedgerLives(tx, inserted.map((r) => r.id), { source: 'ledger', actor: '测试' });
      await keepPeriods(tx, inserted.map((r) => r.id));
    });
    if (server.db.kind === 'pglite') await server.db.exec('ANALYZE');
    const time = async (asOf?: string) => {
      const t0 = performance.now();
      const l = await ledger(asOf);
      return { ms: performance.now() - t0, rows: l.total };
    };
    await time('2021-09-30');
    const current = await time();
    const asOf = await time('2021-09-30');
    const today = await time(todayInChina());
    console.log(`台账截至 at ${current.rows} parcels (${server.db.kind}): now ${current.ms.toFixed(0)} ms; as of 2021-09-30 ${asOf.ms.toFixed(0)} ms (${asOf.rows} rows); as of today ${today.ms.toFixed(0)} ms`);
    expect(current.rows).toBeGreaterThanOrEqual(10_000);
    expect(today.rows).toBe(current.rows);
    // Against the plain ledger on the same machine at the same time (a shared machine's load moves both alike).
    expect(asOf.ms).toBeLessThan(Math.max(3_000, current.ms * 6));
  }, 600_000);
});
