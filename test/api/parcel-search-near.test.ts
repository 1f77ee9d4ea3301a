import * as turf from '@turf/turf';
import type { Feature, MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let all: Feature<MultiPolygon, any>[];
/** Unit names each parcel lies in by boundary (as progress counts them). */
let shareUnits: Map<number, string[]>;

beforeAll(async () => {
  server = await startTestServer();
  all = (await server.get('/api/parcels?campaign=1&limit=5000')).body.features;
  const rows = await server.db.query<{ parcelId: number; name: string }>(
    'SELECT s.parcel_id AS "parcelId", u.name FROM parcel_unit_shares s JOIN units u ON u.id = s.unit_id');
  shareUnits = new Map();
  for (const r of rows) shareUnits.set(r.parcelId, [...(shareUnits.get(r.parcelId) ?? []), r.name]);
});
afterAll(() => server?.close());

const search = async (query: string) => {
  const r = await server.get(`/api/parcels?campaign=1&${query}${query.includes('limit=') ? '' : '&limit=5000'}`);
  expect(r.status).toBe(200);
  return r.body.features as Feature<MultiPolygon, any>[];
};
const idsOf = (features: Feature[]) => features.map((f) => f.id).sort((a, b) => Number(a) - Number(b));
/** What a search for `q` should find, worked out here from the full list. */
const expected = (q: string) => {
  const needle = q.toLowerCase();
  const has = (v: unknown) => typeof v === 'string' && v.toLowerCase().includes(needle);
  return idsOf(all.filter((f) => {
    const p = f.properties;
    return [p.code, p.projectName, p.supervisionNumber, p.landUser, p.approvalBatch, p.unitName, ...(shareUnits.get(Number(f.id)) ?? [])].some(has);
  }));
};
/** Distance in metres from a point to a parcel, 0 inside: Turf, on the sphere. */
const sphericalM = (point: [number, number], f: Feature<MultiPolygon>) =>
  Math.min(...f.geometry.coordinates.map((poly) => turf.pointToPolygonDistance(turf.point(point), turf.polygon(poly), { units: 'meters' })).map((d) => Math.max(0, d)));

describe('searching parcels from the field', () => {
  it('finds by part of the land user’s name', async () => {
    const withUser = all.find((f) => typeof f.properties.landUser === 'string' && f.properties.landUser.length >= 4)!;
    const q = withUser.properties.landUser.slice(1, 4);
    const found = await search(`q=${encodeURIComponent(q)}`);
    expect(found.some((f) => f.id === withUser.id)).toBe(true);
    expect(idsOf(found)).toEqual(expected(q));
  });

  it('finds by part of the approval batch', async () => {
    const batch = all.find((f) => typeof f.properties.approvalBatch === 'string')!.properties.approvalBatch as string;
    const q = batch.slice(4, 12);
    const found = await search(`q=${encodeURIComponent(q)}`);
    expect(found.length).toBeGreaterThan(0);
    expect(idsOf(found)).toEqual(expected(q));
    // Only the batch carries such text: every hit is one by its batch.
    expect(found.every((f) => f.properties.approvalBatch?.includes(q))).toBe(true);
  });

  it('finds by place: the unit’s name, in part, stored or by boundary', async () => {
    // Demo project names start with their unit's name; this one does not, so only its unit can find it.
    const stored = all.find((f) => f.properties.unitName === '驿城区')!;
    await server.db.query(`UPDATE parcels SET project_name = '无名项目' WHERE id = $1`, [stored.id]);
    stored.properties.projectName = '无名项目';
    const found = await search(`q=${encodeURIComponent('驿城')}`);
    expect(found.map((f) => f.id)).toContain(stored.id);
    expect(idsOf(found)).toEqual(expected('驿城'));
    // A parcel stored in one unit but reaching into another is found by the other's name too.
    const straddling = all.find((f) => (shareUnits.get(Number(f.id)) ?? []).some((u) => u !== f.properties.unitName && !f.properties.projectName.includes(u)))!;
    const other = shareUnits.get(Number(straddling.id))!.find((u) => u !== straddling.properties.unitName)!;
    const byOther = await search(`q=${encodeURIComponent(other.slice(0, 2))}`);
    expect(byOther.map((f) => f.id)).toContain(straddling.id);
    expect(idsOf(byOther)).toEqual(expected(other.slice(0, 2)));
  });

  it('still matches codes without regard to case', async () => {
    const code = all[7]!.properties.code as string;
    const found = await search(`q=${encodeURIComponent(code.toLowerCase())}`);
    expect(found.map((f) => f.id)).toContain(all[7]!.id);
  });
});

describe('near=lon,lat', () => {
  it('orders parcels by geodesic distance, nearest first, each with distanceM', async () => {
    const point: [number, number] = [114.05, 32.99];
    const found = await search(`near=${point.join(',')}`);
    expect(found).toHaveLength(all.length);
    const distances = found.map((f) => f.properties.distanceM as number);
    for (let i = 1; i < distances.length; i++) expect(distances[i]!).toBeGreaterThanOrEqual(distances[i - 1]!);
    // The nearest parcel, found independently with Turf over every parcel; the sphere differs from the ellipsoid by < 0.5%.
    const byTurf = all.map((f) => ({ id: f.id, m: sphericalM(point, f) })).sort((a, b) => a.m - b.m);
    expect(byTurf[0]!.m).toBeGreaterThan(0);
    expect(Math.abs(distances[0]! / byTurf[0]!.m - 1)).toBeLessThan(0.005);
    expect(found[0]!.id).toBe(byTurf[0]!.id);
    // Decimetres, no more.
    expect(distances.every((d) => Math.round(d * 10) === d * 10)).toBe(true);
  });

  it('gives 0 m for the parcel the point lies in, and lists it first', async () => {
    const target = all[42]!;
    const inside = turf.pointOnFeature(target).geometry.coordinates;
    const found = await search(`near=${inside.join(',')}&limit=5`);
    expect(found).toHaveLength(5);
    expect(found[0]!.id).toBe(target.id);
    expect(found[0]!.properties.distanceM).toBe(0);
    expect(found[1]!.properties.distanceM).toBeGreaterThan(0);
  });

  it('combines with the search text: matching parcels only, nearest first', async () => {
    const point = turf.pointOnFeature(all[3]!).geometry.coordinates;
    const found = await search(`q=${encodeURIComponent('驿城')}&near=${point.join(',')}`);
    expect(idsOf(found)).toEqual(expected('驿城'));
    const distances = found.map((f) => f.properties.distanceM as number);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it('adds no distance without near (the list is as before: by code)', async () => {
    const found = await search('limit=20');
    expect(found.every((f) => !('distanceM' in f.properties))).toBe(true);
    const codes = found.map((f) => f.properties.code as string);
    expect(codes).toEqual([...codes].sort());
  });

  it.each(['114', 'abc,33', '33,114', '200,30', '114,33,5', ','])('refuses near=%s with a Chinese 400', async (near) => {
    const r = await server.get(`/api/parcels?campaign=1&near=${encodeURIComponent(near)}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_parameter');
    expect(r.body.error.message).toMatch(/^参数 near 有误：/);
  });
});
