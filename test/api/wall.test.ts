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
