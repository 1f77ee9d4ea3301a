import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Client;
let editor: Client;
beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
  editor = await signIn(server.url, 'yicheng', DEMO_PASSWORDS.yicheng!);
});
afterAll(() => server?.close());

const q = <T>(sql: string, params: unknown[] = []) => server.db.query<T>(sql, params);
const c2022 = async () => (await q<{ id: number }>(`SELECT id FROM campaigns WHERE key = 'zhumadian-2022'`))[0]!.id;
const counts = async () => (await q<{ campaigns: number; version: string }>(`SELECT (SELECT count(*)::int FROM campaigns) AS campaigns, (SELECT version::text FROM data_version) AS version`))[0];

describe('新建年度行动: the proposal before creating', () => {
  it('previews 2023 from 2022 without writing: carried over vs newly qualifying, task bases by unit, milestones a year on', async () => {
    const id = await c2022();
    // A parcel of 2021 that was disposed there (so not in 2022's scope) declared idle again in 2022: it newly qualifies.
    const [n] = await q<{ id: number }>(
      `SELECT p.id FROM parcels p WHERE p.category = 'idle' AND p.status = 'disposed' AND p.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM campaign_parcels cp WHERE cp.campaign_id = $1 AND cp.parcel_id = p.id) ORDER BY p.id LIMIT 1`, [id]);
    await q('DELETE FROM disposal_records WHERE parcel_id = $1', [n!.id]);
    await q(`INSERT INTO parcel_events (parcel_id, kind, date, details, source, actor) VALUES
      ($1, 'supplied', '2018-03-01', '{"method":"出让"}', 'person', '测试'), ($1, 'declared_idle', '2022-08-01', '{}', 'person', '测试')`, [n!.id]);
    // One carried-over parcel disposed in full during 2022: it leaves.
    const [gone] = await q<{ id: number; mu: number }>(
      `SELECT p.id, p.ledger_mu AS mu FROM campaign_parcels cp JOIN parcels p ON p.id = cp.parcel_id
       WHERE cp.campaign_id = $1 AND p.category = 'expropriated_not_supplied' AND NOT EXISTS (SELECT 1 FROM disposal_records d WHERE d.parcel_id = p.id) ORDER BY p.id LIMIT 1`, [id]);
    await q(`INSERT INTO disposal_records (parcel_id, date, mu, method) VALUES ($1, '2022-09-01', $2, '供应（出让）')`, [gone!.id, gone!.mu]);

    const before = await counts();
    const r = await admin.request('POST', `/api/campaign-setup/${id}/next-year/preview`, { baseDate: '2022-12-31', assignedRate: 0.5 });
    expect(r.status).toBe(200);
    expect(await counts()).toEqual(before);
    const p = r.body;
    expect(p.definition).toMatchObject({ key: 'zhumadian-2023', startDate: '2023-05-07', endDate: '2023-12-20' });
    const previous = (await server.get(`/api/campaigns/${id}`)).body;
    expect(p.definition.milestones.map((m: { date: string }) => m.date)).toEqual(previous.milestones.map((m: { date: string }) => m.date.replace('2022', '2023')));
    expect(p.units).toHaveLength(13);
    expect(p.existing).toBeNull();

    // Independently: 2022's scope less the parcel disposed, plus the newly idle one.
    const [carried] = await q<{ n: number; mu: number }>(
      `SELECT count(*)::int AS n, sum(p.ledger_mu - COALESCE((SELECT sum(mu) FROM disposal_records d WHERE d.parcel_id = p.id AND d.date <= '2022-12-31'), 0))::float8 AS mu
       FROM campaign_parcels cp JOIN parcels p ON p.id = cp.parcel_id WHERE cp.campaign_id = $1 AND p.id <> $2 AND p.deleted_at IS NULL`, [id, gone!.id]);
    expect(p.scope.carriedOver.parcels).toBe(carried!.n);
    expect(p.scope.carriedOver.mu).toBeCloseTo(carried!.mu, 1);
    expect(p.scope.newlyQualifying.parcels).toBe(1);
    expect(p.scope.leaving.parcels).toBe(1);
    const idle = p.taskBases.filter((t: { taskType: string }) => t.taskType === 'idle');
    const newMu = idle.reduce((s: number, t: { remainingMu: number; carriedMu: number }) => s + t.remainingMu - t.carriedMu, 0);
    expect(newMu).toBeCloseTo(p.scope.newlyQualifying.mu, 1);
    for (const t of p.taskBases) expect(t.taskMu).toBe(Math.round(t.remainingMu * 0.5));
    expect(p.previousTasks.length).toBeGreaterThan(0);
  });

  it('creates it with the person’s milestones and the province’s tasks; the preview then names it as existing', async () => {
    const id = await c2022();
    const preview = (await admin.request('POST', `/api/campaign-setup/${id}/next-year/preview`, { baseDate: '2022-12-31' })).body;
    const milestones = [{ date: '2023-09-15', targetPct: 60, label: '攻坚' }, { date: '2023-12-01', targetPct: 100 }];
    const first = preview.taskBases[0];
    const tasks = [{ unitId: first.unitId, taskType: first.taskType, taskMu: 1234 }];
    const r = await admin.request('POST', `/api/campaign-setup/${id}/next-year`, { baseDate: '2022-12-31', milestones, tasks });
    expect(r.status).toBe(201);
    const created = (await server.get(`/api/campaigns/${r.body.campaignId}`)).body;
    expect(created.milestones.map((m: { date: string; targetPct: number }) => [m.date, m.targetPct])).toEqual([['2023-09-15', 60], ['2023-12-01', 100]]);
    const stored = created.tasks.find((t: { unitId: number; taskType: string }) => t.unitId === first.unitId && t.taskType === first.taskType);
    expect(stored.taskMu).toBe(1234);
    // Units and types not edited keep the proposed task.
    const other = preview.taskBases[1];
    expect(created.tasks.find((t: { unitId: number; taskType: string }) => t.unitId === other.unitId && t.taskType === other.taskType).taskMu).toBe(other.taskMu);
    expect(r.body.inScope).toBe(preview.scope.carriedOver.parcels + preview.scope.newlyQualifying.parcels);
    const again = (await admin.request('POST', `/api/campaign-setup/${id}/next-year/preview`, { baseDate: '2022-12-31' })).body;
    expect(again.existing).toEqual({ id: r.body.campaignId, name: created.name });
  });

  it('refuses bad edits with reasons in Chinese, and anyone but an admin', async () => {
    const id = await c2022();
    const cases: Array<[unknown, string]> = [
      [{ baseDate: '2022-02-30' }, 'baseDate'],
      [{ baseDate: '2022-12-31', assignedRate: 2 }, 'assignedRate'],
      [{ baseDate: '2022-12-31', tasks: [{ unitId: 999999, taskType: 'idle', taskMu: 1 }] }, '999999'],
      [{ baseDate: '2022-12-31', tasks: [{ unitId: 1, taskType: 'idle', taskMu: -1 }] }, 'taskMu'],
      [{ baseDate: '2022-12-31', tasks: 'x' }, 'tasks'],
      [{ baseDate: '2022-12-31', milestones: [{ date: '2030-01-01', targetPct: 50 }] }, '日期'],
      [{ baseDate: '2022-12-31', milestones: [{ date: '2023-09-01', targetPct: 150 }] }, '100'],
    ];
    for (const [body, mention] of cases) {
      const r = await admin.request('POST', `/api/campaign-setup/${id}/next-year`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.message, JSON.stringify(body)).toContain(mention);
    }
    const r = await editor.request('POST', `/api/campaign-setup/${id}/next-year/preview`, { baseDate: '2022-12-31' });
    expect(r.status).toBe(403);
  });
});
