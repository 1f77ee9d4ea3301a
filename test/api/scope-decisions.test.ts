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
type Progress = { totals: { overall: { disposedMu: number } }; units: Array<{ unitId: number; overall: { disposedMu: number; rank: number | null } }> };
const progress = async (id: number, date: string) => (await server.get<Progress>(`/api/campaigns/${id}/progress?date=${date}`)).body;

describe('scope decisions: 纳入 / 移出本次行动, listed and reversible', () => {
  it('excluding a parcel takes its disposals out of the campaign’s progress and ranks; revoking puts them back', async () => {
    // The parcel of 2021 with the most disposed mu inside the campaign's units (by share), independently in SQL.
    const [p] = await q<{ id: number; code: string; mu: number; unitId: number }>(
      `SELECT p.id, p.code, sum(d.mu * s.share)::float8 AS mu, min(s.unit_id) AS "unitId"
       FROM parcels p JOIN disposal_records d ON d.parcel_id = p.id JOIN parcel_unit_shares s ON s.parcel_id = p.id
       JOIN campaign_units cu ON cu.campaign_id = 1 AND cu.unit_id = s.unit_id
       WHERE p.campaign_id = 1 AND p.deleted_at IS NULL AND d.date <= '2021-12-20' GROUP BY p.id, p.code ORDER BY mu DESC LIMIT 1`);
    const before = await progress(1, '2021-12-20');
    const r = await admin.request('PUT', '/api/campaigns/1/scope-decisions', { parcelCode: p!.code, include: false, reason: '经核查为重复上图，移出本次行动' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ parcelId: p!.id, inScope: false, decision: { include: false, reason: '经核查为重复上图，移出本次行动', decidedBy: expect.stringContaining('admin') } });
    const after = await progress(1, '2021-12-20');
    expect(before.totals.overall.disposedMu - after.totals.overall.disposedMu).toBeCloseTo(p!.mu, 6);
    const unitBefore = before.units.find((u) => u.unitId === p!.unitId)!;
    const unitAfter = after.units.find((u) => u.unitId === p!.unitId)!;
    expect(unitAfter.overall.disposedMu).toBeLessThan(unitBefore.overall.disposedMu);
    const list = (await server.get('/api/campaigns/1/scope-decisions')).body;
    expect(list.decisions.map((d: { parcelId: number; include: boolean }) => [d.parcelId, d.include])).toEqual([[p!.id, false]]);
    expect(list.log[0]).toMatchObject({ parcelId: p!.id, action: 'exclude' });

    const back = await admin.request('POST', `/api/campaigns/1/scope-decisions/${p!.id}/revoke`, { reason: '误操作，恢复' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ inScope: true, reason: '登记于本次行动', decision: null });
    const restored = await progress(1, '2021-12-20');
    expect(restored.totals.overall.disposedMu).toBeCloseTo(before.totals.overall.disposedMu, 6);
    expect(restored.units.map((u) => u.overall.rank)).toEqual(before.units.map((u) => u.overall.rank));
    const log = (await server.get('/api/campaigns/1/scope-decisions')).body.log;
    expect(log.map((l: { action: string }) => l.action)).toEqual(['revoke', 'exclude']);
  });

  it('including a parcel the rules left out of 2022; revoking gives the rules’ own reason', async () => {
    const [c] = await q<{ id: number }>(`SELECT id FROM campaigns WHERE key = 'zhumadian-2022'`);
    const [p] = await q<{ id: number }>(
      `SELECT p.id FROM parcels p WHERE p.status = 'disposed' AND p.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM campaign_parcels cp WHERE cp.campaign_id = $1 AND cp.parcel_id = p.id) ORDER BY p.id LIMIT 1`, [c!.id]);
    const count = async () => (await server.get(`/api/campaigns/${c!.id}`)).body.parcelCount as number;
    const n = await count();
    const r = await admin.request('PUT', `/api/campaigns/${c!.id}/scope-decisions`, { parcelId: p!.id, include: true, reason: '省厅督察清单点名，须纳入' });
    expect(r.status).toBe(200);
    expect(r.body.reason).toContain('人工纳入');
    expect(await count()).toBe(n + 1);
    expect((await server.get(`/api/campaigns/${c!.id}/scope/${p!.id}`)).body).toMatchObject({ inScope: true, decision: { include: true } });
    const back = await admin.request('POST', `/api/campaigns/${c!.id}/scope-decisions/${p!.id}/revoke`, { reason: '督察已销号' });
    expect(back.body).toMatchObject({ inScope: false, decision: null });
    expect(back.body.reason).toContain('处置完毕');
    expect(await count()).toBe(n);
  });

  it('refuses what is not a decision, in Chinese, naming the field; admins only', async () => {
    const [p] = await q<{ id: number; code: string }>(`SELECT id, code FROM parcels WHERE campaign_id = 1 AND deleted_at IS NULL ORDER BY id LIMIT 1`);
    const cases: Array<[string, string, unknown, number, string]> = [
      ['PUT', '/api/campaigns/1/scope-decisions', { parcelId: p!.id, include: false }, 400, 'reason'],
      ['PUT', '/api/campaigns/1/scope-decisions', { parcelId: p!.id, include: false, reason: 'x'.repeat(501) }, 400, '500'],
      ['PUT', '/api/campaigns/1/scope-decisions', { parcelId: p!.id, include: 'yes', reason: '理由充分' }, 400, 'include'],
      ['PUT', '/api/campaigns/1/scope-decisions', { include: true, reason: '理由充分' }, 400, 'parcelCode'],
      ['PUT', '/api/campaigns/1/scope-decisions', { parcelCode: 'NO-SUCH-CODE', include: true, reason: '理由充分' }, 404, 'NO-SUCH-CODE'],
      // Anze's ledger is another bureau's: a Zhumadian parcel cannot count there.
      ['PUT', '/api/campaigns/2/scope-decisions', { parcelId: p!.id, include: true, reason: '理由充分' }, 400, '另一个台账'],
      ['POST', `/api/campaigns/1/scope-decisions/${p!.id}/revoke`, { reason: '没有可撤销的' }, 404, '无需撤销'],
      ['PUT', '/api/campaigns/999/scope-decisions', { parcelId: p!.id, include: true, reason: '理由充分' }, 404, '999'],
    ];
    for (const [method, path, body, status, mention] of cases) {
      const r = await admin.request(method, path, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.error.message, JSON.stringify(body)).toContain(mention);
    }
    const r = await editor.request('PUT', '/api/campaigns/1/scope-decisions', { parcelId: p!.id, include: false, reason: '理由充分' });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain('管理员');
    const [still] = await q<{ n: number }>('SELECT count(*)::int AS n FROM campaign_scope_decisions');
    expect(still!.n).toBe(0);
  });
});
