import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Client;
beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
});
afterAll(() => server?.close());

const q = <T>(sql: string, params: unknown[] = []) => server.db.query<T>(sql, params);
const ids = async (sql: string, params: unknown[] = []) => (await q<{ id: number }>(sql, params)).map((r) => r.id).sort((a, b) => a - b);

describe('the standing ledger: one ledger, many campaigns', () => {
  it('the demo’s 2022 campaign counts what 2021 left: every parcel not disposed or struck off by 2021-12-31', async () => {
    const [c2022] = await q<{ id: number; previous: number; baseDate: string }>(
      `SELECT c.id, s.previous_campaign_id AS previous, s.base_date AS "baseDate" FROM campaigns c JOIN campaign_scopes s ON s.campaign_id = c.id WHERE c.key = 'zhumadian-2022'`);
    expect(c2022).toMatchObject({ previous: 1, baseDate: '2021-12-31' });
    // The ledger records' own statuses (all demo disposals are in 2021) are the independent answer.
    const expected = await ids(`SELECT id FROM parcels WHERE ledger_unit_id = (SELECT level_unit_id FROM campaigns WHERE id = 1)
                                AND deleted_at IS NULL AND status NOT IN ('disposed', 'struck_off')`);
    expect(await ids('SELECT parcel_id AS id FROM campaign_parcels WHERE campaign_id = $1', [c2022!.id])).toEqual(expected);
    expect(expected.length).toBeGreaterThan(100);
    const campaign = (await server.get(`/api/campaigns/${c2022!.id}?counts=1`)).body;
    expect(campaign).toMatchObject({ startDate: '2022-05-07', endDate: '2022-12-20' });
    // 2021's disposals are 2021's: the new year starts from nothing disposed.
    const progress = (await server.get(`/api/campaigns/${c2022!.id}/progress?date=2022-12-20`)).body;
    expect(progress.totals.overall.disposedMu).toBe(0);
    expect(progress.totals.overall.taskMu).toBeGreaterThan(0);
  });

  it('新建年度行动 by hand: not what was disposed, not a withdrawn approval, plus land that newly became idle; 2021 does not move', async () => {
    await q(`DELETE FROM campaigns WHERE key = 'zhumadian-2022'`);
    const before2021 = (await server.get('/api/campaigns/1/progress?date=2021-12-20')).body;
    // W: an undisposed 批而未征 parcel whose approval was withdrawn on 2021-11-01.
    const [w] = await q<{ id: number }>(`SELECT id FROM parcels WHERE category = 'approved_not_expropriated' AND status = 'registered' AND deleted_at IS NULL ORDER BY id LIMIT 1`);
    await q(`INSERT INTO parcel_events (parcel_id, kind, date, source, actor) VALUES ($1, 'approved', '2012-04-01', 'person', '测试'), ($1, 'approval_withdrawn', '2021-11-01', 'person', '测试')`, [w!.id]);
    // N: land supplied in 2018 that was declared idle on 2021-11-15 — not in any category on 2021's base date.
    const [n] = await q<{ id: number; ledgerMu: number }>(
      `SELECT id, ledger_mu AS "ledgerMu" FROM parcels WHERE category = 'idle' AND status = 'disposed' AND deleted_at IS NULL ORDER BY id LIMIT 1`);
    await q('DELETE FROM disposal_records WHERE parcel_id = $1', [n!.id]);
    await q(`INSERT INTO parcel_events (parcel_id, kind, date, details, source, actor) VALUES
      ($1, 'supplied', '2018-03-01', '{"method":"出让"}', 'person', '测试'), ($1, 'declared_idle', '2021-11-15', '{}', 'monitoring', '部监测监管系统')`, [n!.id]);
    const oracle = await ids(`SELECT id FROM parcels WHERE ledger_unit_id = (SELECT level_unit_id FROM campaigns WHERE id = 1)
                              AND deleted_at IS NULL AND status NOT IN ('disposed', 'struck_off')`);
    const expected = [...oracle.filter((id) => id !== w!.id), n!.id].sort((a, b) => a - b);
    const after2021Edits = (await server.get('/api/campaigns/1/progress?date=2021-12-20')).body;

    const r = await admin.request('POST', '/api/campaign-setup/1/next-year', { baseDate: '2021-12-31', assignedRate: 0.5 });
    expect(r.status).toBe(201);
    expect(await ids('SELECT parcel_id AS id FROM campaign_parcels WHERE campaign_id = $1', [r.body.campaignId])).toEqual(expected);
    const [reasonN] = await q<{ reason: string }>('SELECT reason FROM campaign_parcels WHERE campaign_id = $1 AND parcel_id = $2', [r.body.campaignId, n!.id]);
    expect(reasonN!.reason).toContain('供后闲置');
    // The idle task base is every in-scope idle parcel's remaining mu by its shares in the units (SQL, independently).
    const [idle] = await q<{ mu: number }>(
      `SELECT sum((p.ledger_mu - COALESCE((SELECT sum(mu) FROM disposal_records d WHERE d.parcel_id = p.id AND d.date <= '2021-12-31'), 0)) * s.share)::float8 AS mu
       FROM campaign_parcels cp JOIN parcels p ON p.id = cp.parcel_id JOIN parcel_unit_shares s ON s.parcel_id = p.id
       JOIN campaign_units cu ON cu.campaign_id = cp.campaign_id AND cu.unit_id = s.unit_id
       WHERE cp.campaign_id = $1 AND (p.category = 'idle' OR p.id = $2)`, [r.body.campaignId, n!.id]);
    const idleBases = r.body.taskBases.filter((t: { taskType: string }) => t.taskType === 'idle');
    expect(idleBases.reduce((s: number, t: { remainingMu: number }) => s + t.remainingMu, 0)).toBeCloseTo(idle!.mu, 0);
    for (const t of r.body.taskBases) expect(t.taskMu).toBe(Math.round(t.remainingMu * 0.5));
    // 2021's figures do not move when next year is created.
    // (Sums may differ in the last bit: the planner may add the same rows in another order.)
    const figures = (p: { units: Array<{ unitId: number; tasks: Record<string, { disposedMu: number; taskMu: number | null; rank: number | null }> }> }) =>
      p.units.map((u) => [u.unitId, Object.entries(u.tasks).map(([t, f]) => [t, f.disposedMu.toFixed(6), f.taskMu, f.rank])]);
    expect(figures((await server.get('/api/campaigns/1/progress?date=2021-12-20')).body)).toEqual(figures(after2021Edits));
    expect(before2021.totals.overall.taskMu).toBe(after2021Edits.totals.overall.taskMu);
  });

  it('codes are unique in the ledger, across its campaigns; creating the same year twice is refused', async () => {
    const [existing] = await q<{ code: string }>(`SELECT code FROM parcels WHERE campaign_id = 1 AND deleted_at IS NULL AND geom IS NOT NULL ORDER BY id LIMIT 1`);
    const [c] = await q<{ id: number }>(`SELECT id FROM campaigns WHERE level_unit_id = (SELECT level_unit_id FROM campaigns WHERE id = 1) AND id <> 1 ORDER BY id DESC LIMIT 1`);
    const dup = await admin.request('POST', '/api/parcels', { campaignId: c!.id, code: existing!.code, projectName: '重复编号测试', category: 'idle', status: 'registered', ledgerMu: 1 });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain(existing!.code);
    const again = await admin.request('POST', '/api/campaign-setup/1/next-year', { baseDate: '2021-12-31' });
    expect(again.status).toBe(409);
    const bad = await admin.request('POST', '/api/campaign-setup/1/next-year', { baseDate: '2021-13-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('baseDate');
  });
});
