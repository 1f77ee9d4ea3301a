/**
 * The import preview tells the truth about the ledger: the units each parcel lies in and the mu outside them, overlaps
 * with live parcels and within the file, update offers for the same land, and a commit that waits for confirmations.
 * Fixtures are GeoJSON items built from the demo parcels' own boundaries read from the database (a copy shifted to
 * overlap, an exact copy, a copy moved to Hainan) and a square on the campaign's outer border. Every overlap and unit
 * figure is checked against an independent computation: the intersection by Turf, its area by GeographicLib (WGS84).
 */
import { intersect, featureCollection } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import * as geographiclib from 'geographiclib-geodesic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

const { Geodesic } = (geographiclib as unknown as { default?: typeof geographiclib }).default ?? geographiclib;
const WGS84 = Geodesic.WGS84;
const M2_PER_MU = 10000 / 15;

/** Ellipsoidal area of a (multi)polygon in mu by GeographicLib: outer rings minus holes. */
function geodesicMu(g: Polygon | MultiPolygon): number {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let m2 = 0;
  for (const rings of polygons) {
    rings.forEach((ring, k) => {
      const p = WGS84.Polygon(false);
      for (const [lon, lat] of ring.slice(0, -1)) p.AddPoint(lat!, lon!);
      const area = Math.abs(p.Compute(false, true).area ?? 0);
      m2 += k === 0 ? area : -area;
    });
  }
  return m2 / M2_PER_MU;
}

function intersectionMu(a: MultiPolygon, b: MultiPolygon): number {
  const cut = intersect(featureCollection([{ type: 'Feature', properties: {}, geometry: a }, { type: 'Feature', properties: {}, geometry: b }] as Feature<MultiPolygon>[]));
  return cut ? geodesicMu(cut.geometry) : 0;
}

const shift = (g: MultiPolygon, dLon: number, dLat: number): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(([lon, lat]) => [lon! + dLon, lat! + dLat]))),
});

const square = (lon: number, lat: number, halfDeg: number): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: [[[[lon - halfDeg, lat - halfDeg], [lon + halfDeg, lat - halfDeg], [lon + halfDeg, lat + halfDeg], [lon - halfDeg, lat + halfDeg], [lon - halfDeg, lat - halfDeg]]]],
});

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Client;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
});
afterAll(() => server?.close());

async function preview(features: Array<{ properties: Record<string, unknown>; geometry: MultiPolygon }>) {
  const form = new FormData();
  const file = JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', ...f })) });
  form.set('file', new Blob([file]), 'checks.geojson');
  form.set('campaignId', '1');
  form.set('category', 'expropriated_not_supplied');
  form.set('status', 'registered');
  const session = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORDS.admin }) });
  const headers = { cookie: session.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
  const r = await fetch(`${server.url}/api/imports/preview`, { method: 'POST', body: form, headers });
  const body = (await r.json()) as any;
  expect(r.status, JSON.stringify(body.error)).toBe(200);
  return body as { importId: string; items: any[] };
}

const commit = (importId: string, indexes: number[], confirm?: unknown) => admin.request('POST', '/api/imports/commit', { importId, indexes, ...(confirm ? { confirm } : {}) });

/** Demo parcels of campaign 1 lying wholly in one unit and overlapping no other parcel, largest first. */
async function demoParcels(n: number) {
  const rows = await server.db.query<{ id: number; code: string; json: string; supervision: string | null }>(
    `SELECT p.id, p.code, ST_AsGeoJSON(p.geom, 15) AS json, p.supervision_number AS supervision FROM parcels p
     WHERE p.campaign_id = 1 AND p.deleted_at IS NULL AND p.geom IS NOT NULL
       AND EXISTS (SELECT 1 FROM units u WHERE ST_Covers(u.boundary, p.geom))
       AND NOT EXISTS (SELECT 1 FROM parcels q WHERE q.id <> p.id AND q.deleted_at IS NULL AND q.geom && p.geom AND ST_Intersects(q.geom, p.geom))
     ORDER BY p.area_mu DESC LIMIT $1`,
    [n],
  );
  return rows.map((r) => ({ ...r, geometry: JSON.parse(r.json) as MultiPolygon }));
}

describe('the preview tells the truth about the ledger', () => {
  it('flags a copy overlapping a live parcel with the overlapping mu and % of each, and refuses the commit until it is confirmed', async () => {
    const [a] = await demoParcels(1);
    const lons = a!.geometry.coordinates.flat(2).map((p) => p[0]!);
    const moved = shift(a!.geometry, (Math.max(...lons) - Math.min(...lons)) * 0.3, 0);
    const p = await preview([{ properties: { 地块编号: 'CHK-SHIFT', 项目名称: '偏移的副本' }, geometry: moved }]);
    const [item] = p.items;
    const overlap = item.overlaps.find((o: any) => o.with === 'parcel' && o.parcelId === a!.id);
    expect(overlap, JSON.stringify(item.overlaps)).toBeDefined();
    const expected = intersectionMu(moved, a!.geometry);
    expect(expected).toBeGreaterThan(0.1);
    expect(Math.abs(overlap.mu - expected) / expected).toBeLessThan(0.005);
    expect(overlap.code).toBe(a!.code);
    expect(overlap.pctOfItem).toBeCloseTo((100 * expected) / geodesicMu(moved), 0);
    expect(overlap.pctOfOther).toBeCloseTo((100 * expected) / geodesicMu(a!.geometry), 0);
    expect(overlap.nearIdentical).toBe(false);
    expect(item).toMatchObject({ action: 'create', valid: true, needsConfirmation: ['overlap'] });
    expect(item.warnings.join()).toContain(`与台账地块 ${a!.code} 重叠`);
    // The units it lies in, with mu in each, add up to its area; nothing outside.
    expect(item.units.length).toBeGreaterThan(0);
    expect(item.units.reduce((s: number, u: any) => s + u.mu, 0)).toBeCloseTo(item.areaMu.ellipsoidal, 2);
    expect(item.outsideMu).toBeLessThan(0.01);

    const refused = await commit(p.importId, [item.index]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('unconfirmed');
    expect(refused.body.error.message).toContain(a!.code);
    expect(refused.body.error.message).toContain(`${overlap.mu.toFixed(2)} 亩`);
    expect((await server.db.query('SELECT 1 FROM parcels WHERE code = $1', ['CHK-SHIFT'])).length).toBe(0);

    const accepted = await commit(p.importId, [item.index], { overlaps: [item.index] });
    expect(accepted.status).toBe(201);
    expect(accepted.body.created).toHaveLength(1);

    // Now two live parcels overlap above the campaign's 0.1 mu: 重复上图 in 预警, with the same figure.
    const warnings = (await server.get('/api/campaigns/1/warnings?kind=duplicate_mapping')).body;
    const w = warnings.warnings.find((x: any) => x.parcelId === accepted.body.created[0]);
    expect(w, JSON.stringify(warnings.warnings)).toBeDefined();
    expect(w).toMatchObject({ kind: 'duplicate_mapping', facts: { otherParcelId: a!.id, otherCode: a!.code, thresholdMu: 0.1 } });
    expect(Math.abs(w.facts.overlapMu - expected) / expected).toBeLessThan(0.005);
    expect(w.detail).toContain(a!.code);
    expect(warnings.counts.byKind.duplicate_mapping).toBeGreaterThanOrEqual(1);
  });

  it('offers a near-identical boundary, or the same 电子监管号, as an update of that parcel; the person may create a second one instead', async () => {
    const [, b, c] = await demoParcels(3);
    // An exact copy under another code, and a copy nudged by ~1 cm: both are the same land.
    const p = await preview([
      { properties: { 地块编号: 'CHK-TWIN', 项目名称: '重复上图' }, geometry: b!.geometry },
      { properties: { 地块编号: 'CHK-SN', 项目名称: '监管号相同', 电子监管号: c!.supervision ?? undefined }, geometry: shift(c!.geometry, 0.0000001, 0) },
    ]);
    const [twin, bySn] = p.items;
    expect(twin).toMatchObject({ action: 'update', existing: { id: b!.id, code: b!.code }, match: { by: 'boundary', parcelId: b!.id }, valid: true });
    expect(twin.parcel.code).toBe(b!.code);
    expect(twin.createInstead.code).toBe('CHK-TWIN');
    expect(twin.overlaps[0]).toMatchObject({ parcelId: b!.id, nearIdentical: true });
    // Updating the parcel it matches is not an overlap to confirm.
    expect(twin.needsConfirmation).toEqual([]);
    if (c!.supervision) expect(bySn.match).toMatchObject({ by: 'supervisionNumber', parcelId: c!.id });
    else expect(bySn.match).toMatchObject({ by: 'boundary', parcelId: c!.id });

    // Creating a second parcel instead is a duplicate: refused until its overlap is confirmed too.
    const refused = await commit(p.importId, [twin.index], { create: [twin.index] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(b!.code);
    const before = (await server.get(`/api/parcels/${b!.id}`)).body.properties.version;
    const updated = await commit(p.importId, [twin.index, bySn.index]);
    expect(updated.status).toBe(201);
    expect(updated.body.updated.sort()).toEqual([b!.id, c!.id].sort());
    expect(updated.body.created).toEqual([]);
    expect((await server.get(`/api/parcels/${b!.id}`)).body.properties).toMatchObject({ code: b!.code, projectName: '重复上图', version: before + 1 });
  });

  it('flags overlaps between parcels of the same file, each with the other one and the mu', async () => {
    const [a] = await demoParcels(1);
    const [lon, lat] = a!.geometry.coordinates[0]![0]![0] as Position;
    // Two 0.002° squares well away from the parcel, overlapping each other by half.
    const one = square(lon! + 0.05, lat! + 0.05, 0.001);
    const two = shift(one, 0.001, 0);
    const p = await preview([
      { properties: { 地块编号: 'CHK-F1', 项目名称: '文件内一' }, geometry: one },
      { properties: { 地块编号: 'CHK-F2', 项目名称: '文件内二' }, geometry: two },
    ]);
    const expected = intersectionMu(one, two);
    const [i1, i2] = p.items;
    const o1 = i1.overlaps.find((o: any) => o.with === 'item');
    const o2 = i2.overlaps.find((o: any) => o.with === 'item');
    expect(o1).toMatchObject({ index: i2.index, code: 'CHK-F2' });
    expect(o2).toMatchObject({ index: i1.index, code: 'CHK-F1' });
    expect(Math.abs(o1.mu - expected) / expected).toBeLessThan(0.005);
    expect(o1.pctOfItem).toBeCloseTo(50, 0);
    expect(i1.needsConfirmation).toContain('overlap');
    // Only one of them chosen: nothing overlaps in the ledger, nothing to confirm.
    const refused = await commit(p.importId, [i1.index, i2.index]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('CHK-F2');
    expect((await commit(p.importId, [i1.index])).status).toBe(201);
  });

  it('catches a parcel in Hainan imported into the Zhumadian campaign: wholly outside, refused unless confirmed', async () => {
    const [a] = await demoParcels(1);
    const [lon, lat] = a!.geometry.coordinates[0]![0]![0] as Position;
    const hainan = shift(a!.geometry, 110.35 - lon!, 20.02 - lat!);
    const p = await preview([{ properties: { 地块编号: 'CHK-HAINAN', 项目名称: '海南的地块' }, geometry: hainan }]);
    const [item] = p.items;
    expect(item.units).toEqual([]);
    expect(Math.abs(item.outsideMu - geodesicMu(hainan)) / geodesicMu(hainan)).toBeLessThan(0.005);
    expect(item.needsConfirmation).toEqual(['outside']);
    expect(item.warnings.join()).toContain('不在本专项行动的任何单位内');
    const refused = await commit(p.importId, [item.index]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('CHK-HAINAN');
    expect(refused.body.error.message).toContain('不在本专项行动的任何单位内');
    expect((await commit(p.importId, [item.index], { outside: [item.index] })).status).toBe(201);
  });

  it('measures a parcel straddling the campaign border: mu in its unit and outside, each as GeographicLib has it', async () => {
    // A vertex of the campaign's outer border (the union of its units), and a 0.004° square centred on it.
    const [edge] = await server.db.query<{ json: string }>(
      `SELECT ST_AsGeoJSON(ST_PointN(ST_ExteriorRing(ST_GeometryN(g, 1)), 10)) AS json
       FROM (SELECT ST_Union(u.boundary) AS g FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = 1) x`,
    );
    const [lon, lat] = JSON.parse(edge!.json).coordinates as [number, number];
    const straddling = square(lon, lat, 0.002);
    const p = await preview([{ properties: { 地块编号: 'CHK-EDGE', 项目名称: '跨界地块' }, geometry: straddling }]);
    const [item] = p.items;
    expect(item.units.length).toBeGreaterThan(0);
    const units = await server.db.query<{ id: number; json: string }>('SELECT id, ST_AsGeoJSON(boundary, 15) AS json FROM units WHERE id = ANY($1::int[])', [item.units.map((u: any) => u.unitId)]);
    let inside = 0;
    for (const u of item.units) {
      const expected = intersectionMu(straddling, JSON.parse(units.find((r) => r.id === u.unitId)!.json));
      expect(Math.abs(u.mu - expected) / expected).toBeLessThan(0.005);
      inside += expected;
    }
    const outside = geodesicMu(straddling) - inside;
    expect(outside).toBeGreaterThan(0.5);
    expect(Math.abs(item.outsideMu - outside) / outside).toBeLessThan(0.005);
    expect(item.needsConfirmation).not.toContain('outside');
    expect(item.warnings.join()).toContain(`有 ${item.outsideMu.toFixed(2)} 亩在本专项行动各单位之外`);
  });

  it('takes the overlap threshold from the campaign setting (admins change it)', async () => {
    const [, , , d] = await demoParcels(4);
    // A 40 m square in the middle of the parcel: it overlaps that parcel alone, by its own area (a few mu).
    const [centre] = await server.db.query<{ json: string }>('SELECT ST_AsGeoJSON(ST_PointOnSurface(geom)) AS json FROM parcels WHERE id = $1', [d!.id]);
    const [lon, lat] = JSON.parse(centre!.json).coordinates as [number, number];
    const moved = square(lon, lat, 0.0002);
    const overlapMu = intersectionMu(moved, d!.geometry);
    expect(overlapMu).toBeGreaterThan(1);
    const editor = await signIn(server.url, 'yicheng', DEMO_PASSWORDS.yicheng!);
    expect((await editor.request('PUT', '/api/imports/settings/1', { overlapThresholdMu: 1 })).status).toBe(403);
    const bad = await admin.request('PUT', '/api/imports/settings/1', { overlapThresholdMu: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('overlapThresholdMu');
    expect((await admin.request('PUT', '/api/imports/settings/1', { overlapThresholdMu: overlapMu + 1 })).status).toBe(200);
    expect((await server.get('/api/campaigns/1')).body.overlapThresholdMu ?? (await server.get('/api/campaigns/1')).body.campaign?.overlapThresholdMu).toBeCloseTo(overlapMu + 1, 9);
    const p = await preview([{ properties: { 地块编号: 'CHK-BELOW', 项目名称: '阈值以下' }, geometry: moved }]);
    expect(p.items[0].overlaps.some((o: any) => o.parcelId === d!.id)).toBe(true);
    expect(p.items[0].needsConfirmation).toEqual([]);
    expect((await commit(p.importId, [p.items[0].index])).status).toBe(201);
    await admin.request('PUT', '/api/imports/settings/1', { overlapThresholdMu: 0.1 });
  });
});
