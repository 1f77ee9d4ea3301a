import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let yicheng: Client;
let admin: Client;
let leader: Client;
let inYicheng: any;
let inKaifaqu: any;

beforeAll(async () => {
  server = await startTestServer();
  [yicheng, admin, leader] = await Promise.all(['yicheng', 'admin', 'leader'].map((u) => signIn(server.url, u, DEMO_PASSWORDS[u]!)));
  const byUnit = async (code: string) => {
    const [row] = await server.db.query<{ id: number }>(
      `SELECT p.id FROM parcels p JOIN units u ON u.id = p.unit_id WHERE u.code = $1 AND (SELECT count(*) FROM parcel_unit_shares s WHERE s.parcel_id = p.id) = 1 ORDER BY p.id LIMIT 1`, [code]);
    return (await server.get(`/api/parcels/${row!.id}`)).body;
  };
  inYicheng = await byUnit('411702');
  inKaifaqu = await byUnit('411700-kaifaqu');
});
afterAll(() => server?.close());

describe('POST /api/parcels/check', () => {
  it('reports the overlap with an existing parcel in mu, and not with the parcel itself', async () => {
    const r = await yicheng.request('POST', '/api/parcels/check', { campaignId: 1, geometry: inYicheng.geometry });
    expect(r.status).toBe(200);
    expect(r.body.problems).toEqual([]);
    expect(r.body.areaMu.ellipsoidal).toBeCloseTo(inYicheng.properties.areaMu.ellipsoidal, 6);
    const self = r.body.overlaps.find((o: any) => o.id === inYicheng.id);
    expect(self.overlapMu).toBeCloseTo(inYicheng.properties.areaMu.ellipsoidal, 3);
    const excluded = await yicheng.request('POST', '/api/parcels/check', { campaignId: 1, geometry: inYicheng.geometry, parcelId: inYicheng.id });
    expect(excluded.body.overlaps.map((o: any) => o.id)).not.toContain(inYicheng.id);
  });

  it("says whether the boundary lies within the signed-in editor's units", async () => {
    const check = async (client: Client, geometry: unknown) => (await client.request('POST', '/api/parcels/check', { campaignId: 1, geometry })).body.withinUserUnits;
    expect(await check(yicheng, inYicheng.geometry)).toBe(true);
    expect(await check(yicheng, inKaifaqu.geometry)).toBe(false);
    expect(await check(admin, inKaifaqu.geometry)).toBe(true);
    expect(await check(leader, inKaifaqu.geometry)).toBeNull();
  });

  it("outside the editor's units: names the units reached into and the ellipsoidal mu outside, as PostGIS measures it", async () => {
    const r = (await yicheng.request('POST', '/api/parcels/check', { campaignId: 1, geometry: inKaifaqu.geometry })).body;
    expect(r.withinUserUnits).toBe(false);
    expect(r.outsideUserUnits.allowedNames).toBe('驿城区');
    // Wholly in another unit: all of it is outside, and all of it lies in that unit.
    expect(r.outsideUserUnits.outsideMu).toBeCloseTo(inKaifaqu.properties.areaMu.ellipsoidal, 3);
    expect(r.outsideUserUnits.units).toEqual([{ id: inKaifaqu.properties.unitId, name: inKaifaqu.properties.unitName, mu: expect.any(Number) }]);
    expect(r.outsideUserUnits.units[0].mu).toBeCloseTo(inKaifaqu.properties.areaMu.ellipsoidal, 3);
    // Inside, nothing is said; an admin is never limited.
    expect((await yicheng.request('POST', '/api/parcels/check', { campaignId: 1, geometry: inYicheng.geometry })).body.outsideUserUnits).toBeNull();
    expect((await admin.request('POST', '/api/parcels/check', { campaignId: 1, geometry: inKaifaqu.geometry })).body.outsideUserUnits).toBeNull();
  });

  it("the save's refusal says 新建 for a new parcel outside the editor's units, with the mu outside", async () => {
    const { id: _id, ...fields } = inKaifaqu.properties;
    const r = await yicheng.request('POST', '/api/parcels', { ...fields, geometry: inKaifaqu.geometry, campaignId: 1, code: 'OUTSIDE-NEW', unitId: null });
    expect(r.status).toBe(403);
    const outsideMu = (await yicheng.request('POST', '/api/parcels/check', { campaignId: 1, geometry: inKaifaqu.geometry })).body.outsideUserUnits.outsideMu;
    expect(r.body.error.message).toBe(`新建地块超出您负责的单位范围（驿城区），超出 ${outsideMu.toFixed(2)} 亩，不能保存`);
    expect(await server.db.query(`SELECT id FROM parcels WHERE code = 'OUTSIDE-NEW'`)).toEqual([]);
  });

  it('reports boundary problems without touching the database', async () => {
    const bowTie = { type: 'Polygon', coordinates: [[[114.0, 32.9], [114.01, 32.91], [114.01, 32.9], [114.0, 32.91], [114.0, 32.9]]] };
    const r = await yicheng.request('POST', '/api/parcels/check', { campaignId: 1, geometry: bowTie });
    expect(r.status).toBe(200);
    expect(r.body.problems.map((p: any) => p.code)).toEqual(['self_intersection']);
    expect((await yicheng.request('POST', '/api/parcels/check', { campaignId: 'x', geometry: bowTie })).status).toBe(400);
  });
});
