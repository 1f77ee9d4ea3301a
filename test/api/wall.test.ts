import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('GET /api/campaigns/:id/disposals/latest', () => {
  it('lists the newest disposals up to the date, newest first, with their units and a point to mark', async () => {
    const { body } = await server.get('/api/campaigns/1/disposals/latest?date=2021-09-30&limit=50');
    expect(body.date).toBe('2021-09-30');
    expect(body.disposals).toHaveLength(50);
    const dates = body.disposals.map((d: any) => d.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    const [newest] = await server.db.query<{ date: string }>(
      `SELECT to_char(max(d.date), 'YYYY-MM-DD') AS date FROM disposal_records d JOIN parcels p ON p.id = d.parcel_id
       WHERE p.campaign_id = 1 AND p.deleted_at IS NULL AND d.date <= '2021-09-30'`,
    );
    expect(dates[0]).toBe(newest!.date);
    for (const d of body.disposals) {
      expect(d.units.length).toBeGreaterThan(0);
      const [inside] = await server.db.query<{ ok: boolean }>('SELECT ST_Covers(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) AS ok FROM parcels WHERE id = $3', [
        d.point[0],
        d.point[1],
        d.parcelId,
      ]);
      expect(inside!.ok).toBe(true);
    }
  });

  it('narrows to a report week with since, and refuses a bad limit', async () => {
    const { body } = await server.get('/api/campaigns/1/disposals/latest?date=2021-08-13&since=2021-08-07&limit=500');
    const [count] = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM disposal_records d JOIN parcels p ON p.id = d.parcel_id
       WHERE p.campaign_id = 1 AND p.deleted_at IS NULL AND d.date BETWEEN '2021-08-07' AND '2021-08-13'`,
    );
    expect(count!.n).toBeGreaterThan(0);
    expect(body.disposals).toHaveLength(count!.n);
    expect(body.disposals.every((d: any) => d.date >= '2021-08-07' && d.date <= '2021-08-13')).toBe(true);
    const bad = await server.get('/api/campaigns/1/disposals/latest?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('limit');
  });

  it('names the stored unit for a campaign whose units have no boundary (Anze)', async () => {
    const [unit] = await server.db.query<{ id: number; name: string }>("SELECT u.id, u.name FROM units u JOIN campaign_units cu ON cu.unit_id = u.id WHERE cu.campaign_id = 2 LIMIT 1");
    const [parcel] = await server.db.query<{ id: number }>(
      `INSERT INTO parcels (campaign_id, code, project_name, category, status, unit_id, ledger_mu) VALUES (2, 'AZ-T-1', '安泽测试地块', 'idle', 'disposed', $1, 12) RETURNING id`,
      [unit!.id],
    );
    await server.db.query(`INSERT INTO disposal_records (parcel_id, date, mu, method) VALUES ($1, '2023-06-01', 12, '动工开发')`, [parcel!.id]);
    const { body } = await server.get('/api/campaigns/2/disposals/latest?date=2023-06-30');
    expect(body.disposals).toEqual([expect.objectContaining({ parcelId: parcel!.id, units: [unit!.name], point: null, mu: 12 })]);
  });
});

describe('GET /api/campaigns/:id/milestone-verdicts', () => {
  it('judges the milestones due by the date on the units at each milestone date; later ones are listed, not judged', async () => {
    const { status, body } = await server.get('/api/campaigns/1/milestone-verdicts?date=2021-10-15');
    expect(status).toBe(200);
    expect(body.milestones.map((m: any) => [m.date, m.targetPct, m.due])).toEqual([
      ['2021-09-30', 70, true],
      ['2021-11-30', 100, false],
    ]);
    expect(body.milestones[1].tasks).toBeNull();
    // Worked out here from the units' figures on 9-30, straight from the database: task per unit (overall = sum of
    // its types) and the disposals from the campaign's start to 9-30, shared by boundary.
    const tasks = await server.db.query<{ unitId: number; name: string; taskMu: number }>(
      `SELECT t.unit_id AS "unitId", u.name, sum(t.task_mu)::float8 AS "taskMu" FROM tasks t JOIN units u ON u.id = t.unit_id
       WHERE t.campaign_id = 1 AND t.task_mu IS NOT NULL GROUP BY t.unit_id, u.name`,
    );
    const disposed = await server.db.query<{ unitId: number; mu: number }>(
      `SELECT s.unit_id AS "unitId", sum(d.mu * s.share)::float8 AS mu FROM disposal_records d
       JOIN parcels p ON p.id = d.parcel_id AND p.deleted_at IS NULL JOIN parcel_unit_shares s ON s.parcel_id = p.id
       JOIN campaign_parcels cp ON cp.parcel_id = p.id AND cp.campaign_id = 1
       WHERE d.date BETWEEN '2021-05-07' AND '2021-09-30' GROUP BY s.unit_id`,
    );
    const short = tasks
      .map((t) => ({ name: t.name, short: 0.7 * t.taskMu - (disposed.find((d) => d.unitId === t.unitId)?.mu ?? 0) }))
      .filter((t) => t.short >= 0.05)
      .sort((a, b) => b.short - a.short);
    const overall = body.milestones[0].tasks.overall;
    expect(overall.judged).toBe(tasks.length);
    expect(overall.reached).toHaveLength(tasks.length - short.length);
    expect(overall.missed.map((m: any) => m.name)).toEqual(short.map((s) => s.name));
    overall.missed.forEach((m: any, i: number) => expect(m.shortMu).toBeCloseTo(short[i]!.short, 6));
    expect(Object.keys(body.milestones[0].tasks).sort()).toEqual(['approved_not_supplied', 'idle', 'inefficient', 'overall']);
  });

  it('refuses a date outside the campaign and an unknown campaign', async () => {
    const bad = await server.get('/api/campaigns/1/milestone-verdicts?date=2030-01-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('date');
    const missing = await server.get('/api/campaigns/99/milestone-verdicts');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('99');
  });
});
