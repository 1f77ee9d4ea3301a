import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areasMu } from '../../core/area/index.ts';
import { CATEGORIES, STATUSES } from '../../core/categories.ts';
import { checkLedgerArea } from '../../core/ledger-check.ts';
import { DEMO_PASSWORDS, signIn } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('GET /api/parcels/facets', () => {
  // The oracle: the list's own totals, one request per button, as the desk counted before.
  const total = async (q: string) => (await server.get(`/api/parcels?limit=1&${q}`)).body.total as number;
  it.each([
    ['campaign=1', null, null, null],
    ['campaign=1', 3, null, null],
    ['campaign=1', null, ['idle', 'inefficient'], null],
    ['campaign=1', 5, ['expropriated_not_supplied'], ['disposed', 'struck_off']],
    ['campaign=3', null, null, ['registered', 'planned']],
  ] as const)('%s unit %s category %s status %s: each button as the list counts it', async (campaign, unit, categories, statuses) => {
    const unitQ = unit === null ? '' : `&unit=${unit}`;
    const catQ = categories ? `&category=${categories.join(',')}` : '';
    const statusQ = statuses ? `&status=${statuses.join(',')}` : '';
    const { status, body } = await server.get(`/api/parcels/facets?${campaign}${unitQ}${catQ}${statusQ}`);
    expect(status).toBe(200);
    expect(body.total).toBe(await total(campaign));
    expect(body.shown).toBe(await total(`${campaign}${unitQ}${catQ}${statusQ}`));
    for (const c of CATEGORIES) expect([c, body.categories[c]]).toEqual([c, await total(`${campaign}${unitQ}&category=${c}${statusQ}`)]);
    for (const s of STATUSES) expect([s, body.statuses[s]]).toEqual([s, await total(`${campaign}${unitQ}${catQ}&status=${s}`)]);
    expect(body.shown).toBeGreaterThan(0);
  });

  // A second oracle that shares no code with the list: the campaign's live parcels counted here, by hand-written SQL.
  const byCategory = async (campaign: number) =>
    Object.fromEntries(
      (
        await server.db.query<{ category: string; n: number }>(
          `SELECT p.category, count(*)::int AS n FROM parcels p JOIN campaign_parcels cp ON cp.parcel_id = p.id AND cp.campaign_id = $1
           WHERE p.deleted_at IS NULL GROUP BY 1`,
          [campaign],
        )
      ).map((row) => [row.category, row.n]),
    );

  it('counts as the campaign scope holds, and follows a deletion at once (the answer is kept only until the data changes)', async () => {
    const before = (await server.get('/api/parcels/facets?campaign=1')).body;
    const counted = await byCategory(1);
    for (const c of CATEGORIES) expect([c, before.categories[c]]).toEqual([c, counted[c] ?? 0]);
    expect(before.total).toBe(Object.values(counted).reduce((a, b) => a + b, 0));
    expect((await server.get('/api/parcels/facets?campaign=1')).body).toEqual(before);

    const [victim] = await server.db.query<{ id: number; category: string; version: number }>(
      `SELECT p.id, p.category, p.version FROM parcels p JOIN campaign_parcels cp ON cp.parcel_id = p.id AND cp.campaign_id = 1
       WHERE p.deleted_at IS NULL ORDER BY p.id DESC LIMIT 1`,
    );
    const admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
    expect((await admin.request('DELETE', `/api/parcels/${victim!.id}?version=${victim!.version}`)).status).toBe(204);
    const after = (await server.get('/api/parcels/facets?campaign=1')).body;
    expect(after.total).toBe(before.total - 1);
    expect(after.categories[victim!.category]).toBe(before.categories[victim!.category] - 1);
    expect((await server.get('/api/campaigns/1')).body.parcelCount).toBe(before.total - 1);
    const list = (await server.get('/api/campaigns')).body.campaigns.find((c: any) => c.id === 1);
    expect(list.parcelCount).toBe(before.total - 1);
    expect((await admin.request('POST', `/api/parcels/${victim!.id}/undelete`, { version: victim!.version + 1 })).status).toBe(200);
    expect((await server.get('/api/parcels/facets?campaign=1')).body).toEqual(before);
    expect((await server.get('/api/campaigns/1')).body.parcelCount).toBe(before.total);
  });

  it('refuses an unknown category with a 400 naming category', async () => {
    const { status, body } = await server.get('/api/parcels/facets?campaign=1&category=nonsense');
    expect(status).toBe(400);
    expect(body.error.message).toContain('category');
  });
});

describe('GET /api/parcels', () => {
  it('returns a FeatureCollection with the three areas and the ledger check', async () => {
    const { status, body } = await server.get('/api/parcels?campaign=1&limit=50');
    expect(status).toBe(200);
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(50);
    for (const f of body.features) {
      const p = f.properties;
      const local = areasMu(f.geometry);
      // PostGIS (geography on the spheroid; ST_Transform to the zone) agrees with our own geodesic and GK maths.
      expect(p.areaMu.ellipsoidal / local.ellipsoidal - 1).toBeLessThan(1e-6);
      expect(Math.abs(p.areaMu.plane / local.plane - 1)).toBeLessThan(1e-6);
      expect(p.areaMu.spherical).toBeCloseTo(local.spherical, 6);
      expect(p.areaMu.gaussKrugerZone).toBe(38);
      expect(p.areaCheck).toEqual(checkLedgerArea(p.ledgerMu, p.areaMu.ellipsoidal, { relative: 0.01, absoluteMu: 0.5 }));
    }
  });

  it('has parcels whose ledger mu deliberately disagree with their boundary, and most that agree', async () => {
    const { body } = await server.get('/api/parcels?campaign=1&limit=5000');
    const bad = body.features.filter((f: any) => !f.properties.areaCheck.ok);
    expect(bad.length).toBeGreaterThan(5);
    expect(bad.length / body.features.length).toBeLessThan(0.2);
    expect(body.total).toBe(body.features.length);
  });

  it('filters by category, status and unit', async () => {
    const idle = await server.get('/api/parcels?campaign=1&category=idle&limit=5000');
    expect(idle.body.total).toBeGreaterThan(0);
    expect(idle.body.features.every((f: any) => f.properties.category === 'idle')).toBe(true);
    const two = await server.get('/api/parcels?campaign=1&category=idle,inefficient&status=disposed,struck_off&limit=5000');
    expect(two.body.features.every((f: any) => ['idle', 'inefficient'].includes(f.properties.category) && ['disposed', 'struck_off'].includes(f.properties.status))).toBe(true);
    const campaign = await server.get('/api/campaigns/1');
    const kaifaqu = campaign.body.units.features.find((f: any) => f.properties.name === '开发区').id;
    const inUnit = await server.get(`/api/parcels?unit=${kaifaqu}&limit=5000`);
    expect(inUnit.body.total).toBeGreaterThan(0);
    // By boundary: a parcel across the border with 驿城区 is listed in the zone even if stored in 驿城区, and vice versa.
    const ids = new Set(inUnit.body.features.map((f: any) => f.id));
    for (const f of inUnit.body.features.filter((f: any) => f.properties.unitId !== kaifaqu)) expect(ids.has(f.id)).toBe(true);
  });

  it('filters by bbox', async () => {
    const { body } = await server.get('/api/parcels?bbox=113.9,32.85,114.1,33.05&limit=5000');
    expect(body.total).toBeGreaterThan(0);
    for (const f of body.features) {
      const coords = f.geometry.coordinates.flat(2) as number[][];
      expect(coords.some(([lon, lat]) => lon! >= 113.9 && lon! <= 114.1 && lat! >= 32.85 && lat! <= 33.05)).toBe(true);
    }
  });

  it('searches code, project name and supervision number; SQL in q is just text', async () => {
    const all = await server.get('/api/parcels?campaign=1&category=idle&limit=1');
    const sample = all.body.features[0].properties;
    const bySupervision = await server.get(`/api/parcels?q=${encodeURIComponent(sample.supervisionNumber.slice(-9))}`);
    expect(bySupervision.body.features.map((f: any) => f.id)).toContain(sample.id);
    const byCode = await server.get(`/api/parcels?q=${encodeURIComponent(sample.code)}`);
    expect(byCode.body.features[0].id).toBe(sample.id);
    for (const q of ["'; DROP TABLE parcels; --", "' OR '1'='1", '%', '_', '\\']) {
      const r = await server.get(`/api/parcels?q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(0);
    }
    const still = await server.get('/api/parcels?campaign=1&limit=1');
    expect(still.body.total).toBeGreaterThan(300);
  });

  it.each([
    ['bbox=1,2,3', 'bbox'],
    ['bbox=a,b,c,d', 'bbox'],
    ['bbox=114,33,113,34', 'bbox'],
    ['bbox=33,114,34,115', 'bbox'],
    ['category=farmland', 'category'],
    ['status=done', 'status'],
    ['limit=0', 'limit'],
    ['limit=100000', 'limit'],
    ['limit=ten', 'limit'],
    ['campaign=-1', 'campaign'],
    ['unit=1.5', 'unit'],
    [`q=${'地'.repeat(101)}`, 'q'],
  ])('rejects %s with a 400 naming the parameter', async (query, name) => {
    const { status, body } = await server.get(`/api/parcels?${query}`);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_parameter');
    expect(body.error.message).toContain(`参数 ${name}`);
  });
});

describe('GET /api/parcels/:id', () => {
  it('returns the whole ledger record, its disposals, units and history', async () => {
    const list = await server.get('/api/parcels?campaign=1&status=disposed&limit=1');
    const id = list.body.features[0].id;
    const { status, body } = await server.get(`/api/parcels/${id}`);
    expect(status).toBe(200);
    expect(body.properties.code).toBe(list.body.features[0].properties.code);
    expect(body.properties.approvalNumber).toMatch(/^豫政土〔\d{4}〕\d+号$/);
    expect(body.disposals.length).toBeGreaterThan(0);
    expect(body.disposedMu).toBeCloseTo(body.disposals.reduce((s: number, d: any) => s + d.mu, 0), 9);
    expect(body.history[0]).toMatchObject({ action: 'create', version: 1 });
    expect(body.units.reduce((s: number, u: any) => s + u.share, 0)).toBeCloseTo(1, 6);
  });

  it('answers 404 for an unknown parcel and 400 for a malformed id', async () => {
    expect((await server.get('/api/parcels/987654')).status).toBe(404);
    const bad = await server.get('/api/parcels/1;DROP');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('参数 id');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const { status, body } = await server.get('/api/nothing-here');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});
