import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { checkLedgerArea } from '../../core/ledger-check.ts';
import { startTestServer } from '../support/server.ts';
import { POINT_BELOW_PX } from '../../core/tiles/generalisation.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const lonToX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const latToY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};
const xToLon = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const yToLat = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

async function tile(z: number, x: number, y: number, query = '') {
  const response = await fetch(`${server.url}/tiles/parcels/${z}/${x}/${y}.mvt${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
  return new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer())));
}

describe('GET /tiles/parcels/{z}/{x}/{y}.mvt', () => {
  it.each([12, 14])('at legible z%i holds the parcels the API finds in the tile, with the properties the map styles need', async (z) => {
    const sample = (await server.get('/api/parcels?campaign=1&limit=1')).body.features[0];
    const [lon, lat] = sample.geometry.coordinates[0][0][0];
    const [x, y] = [lonToX(lon, z), latToY(lat, z)];
    const vt = await tile(z, x, y);
    const layer = vt.layers.parcels!;
    expect(layer).toBeDefined();
    expect(vt.layers['parcel-points']).toBeUndefined();
    const bbox = [xToLon(x, z), yToLat(y + 1, z), xToLon(x + 1, z), yToLat(y, z)].join(',');
    const api = (await server.get(`/api/parcels?bbox=${bbox}&limit=5000`)).body;
    const ids = new Set<number>();
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      ids.add(Number(f.id));
      expect(f.type).toBe(3);
      expect(Object.keys(f.properties).sort()).toEqual(['areaMu', 'areaOk', 'campaignId', 'category', 'code', 'ledgerMu', 'status', 'unitId', 'unitIds']);
    }
    expect(ids.has(sample.id)).toBe(true);
    // Every parcel in the tile is in it; the tile also carries those within its 64/4096 buffer, and no others.
    for (const f of api.features) expect(ids.has(f.id)).toBe(true);
    const m = 64 / 4096;
    const buffered = [xToLon(x - m, z), yToLat(y + 1 + m, z), xToLon(x + 1 + m, z), yToLat(y - m, z)].join(',');
    const near = new Set((await server.get(`/api/parcels?bbox=${buffered}&limit=5000`)).body.features.map((f: any) => f.id));
    for (const id of ids) expect(near.has(id)).toBe(true);
  });

  it.each([8, 10])('at z%i generalises: parcels under POINT_BELOW_PX become points, one per 4 px cell, with the lean properties', async (z) => {
    const sample = (await server.get('/api/parcels?campaign=1&limit=1')).body.features[0];
    const [lon, lat] = sample.geometry.coordinates[0][0][0];
    const [x, y] = [lonToX(lon, z), latToY(lat, z)];
    const vt = await tile(z, x, y);
    const bbox = [xToLon(x, z), yToLat(y + 1, z), xToLon(x + 1, z), yToLat(y, z)].join(',');
    const api = (await server.get(`/api/parcels?bbox=${bbox}&limit=5000`)).body.features;
    // A display pixel at this zoom in degrees of longitude (512 px a tile); the parcel's span in pixels (lon and lat).
    const pxLon = 360 / 2 ** z / 512;
    const spanPx = (f: any) => {
      const pts = f.geometry.coordinates.flat(2) as number[][];
      const lons = pts.map((p) => p[0]!);
      const ys = pts.map((p) => latToY(p[1]!, z + 9) / 1);
      return Math.max((Math.max(...lons) - Math.min(...lons)) / pxLon, Math.max(...ys) - Math.min(...ys));
    };
    const polygons = vt.layers.parcels;
    const points = vt.layers['parcel-points']!;
    const polygonIds = new Set(Array.from({ length: polygons?.length ?? 0 }, (_, i) => Number(polygons!.feature(i).id)));
    const pointFeatures = Array.from({ length: points.length }, (_, i) => points.feature(i));
    const cells = new Set<string>();
    for (const f of pointFeatures) {
      expect(f.type).toBe(1);
      expect(Object.keys(f.properties).sort()).toEqual(['areaOk', 'category', 'status', 'unitIds']);
      const [p] = f.loadGeometry()[0]!;
      const cell = `${Math.floor(p!.x / 32)},${Math.floor(p!.y / 32)}`;
      expect(cells.has(cell)).toBe(false);
      cells.add(cell);
    }
    const pointIds = new Set(pointFeatures.map((f) => Number(f.id)));
    expect(pointIds.size).toBeGreaterThan(0);
    // A parcel clearly over the threshold is drawn as a polygon, one clearly under it is at most a point, never both.
    for (const f of api) {
      const span = spanPx(f);
      if (span > POINT_BELOW_PX + 1) expect(polygonIds.has(f.id)).toBe(true);
      if (span < POINT_BELOW_PX - 1) expect(polygonIds.has(f.id)).toBe(false);
      expect(polygonIds.has(f.id) && pointIds.has(f.id)).toBe(false);
    }
  });

  it('at z7 and below shows the units coloured by their figures, and no parcels', async () => {
    const sample = (await server.get('/api/parcels?campaign=1&limit=1')).body.features[0];
    const [lon, lat] = sample.geometry.coordinates[0][0][0];
    const z = 7;
    const vt = await tile(z, lonToX(lon, z), latToY(lat, z), '?campaign=1');
    expect(vt.layers.parcels).toBeUndefined();
    const units = vt.layers.units!;
    const campaign = (await server.get('/api/campaigns/1')).body;
    const progress = await server.db.query<{ unit_id: number; parcels: number; mu: number }>(
      `SELECT s.unit_id, count(*)::int AS parcels, sum(s.share * p.ledger_mu) AS mu FROM parcel_unit_shares s JOIN parcels p ON p.id = s.parcel_id
       JOIN campaign_parcels cp ON cp.parcel_id = p.id AND cp.campaign_id = 1 WHERE p.deleted_at IS NULL GROUP BY s.unit_id`,
    );
    let seen = 0;
    for (let i = 0; i < units.length; i++) {
      const f = units.feature(i);
      expect(f.type).toBe(3);
      const expected = progress.find((r) => r.unit_id === Number(f.id));
      expect(f.properties.parcels).toBe(expected?.parcels ?? 0);
      expect(f.properties.ledgerMu).toBeCloseTo(expected?.mu ?? 0, 1);
      expect(campaign.units.features.some((u: any) => u.properties.id === Number(f.id))).toBe(true);
      seen += (f.properties.parcels as number) > 0 ? 1 : 0;
    }
    expect(seen).toBeGreaterThan(3);
  });

  it('marks the area check the same way the API and the core rule do', async () => {
    const all = (await server.get('/api/parcels?campaign=1&limit=5000')).body.features;
    const bad = all.find((f: any) => !f.properties.areaCheck.ok);
    const [lon, lat] = bad.geometry.coordinates[0][0][0];
    const z = 13;
    const layer = (await tile(z, lonToX(lon, z), latToY(lat, z))).layers.parcels!;
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      const api = all.find((a: any) => a.id === Number(f.id)).properties;
      expect(f.properties.areaOk).toBe(checkLedgerArea(api.ledgerMu, api.areaMu.ellipsoidal, api.areaCheck.tolerance).ok);
      expect(f.properties.ledgerMu).toBeCloseTo(api.ledgerMu, 2);
    }
    expect(Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.areaOk)).toContain(false);
  });

  it('lists the units a parcel lies in, both of them for a parcel across a border', async () => {
    const [row] = await server.db.query<{ id: number }>('SELECT parcel_id AS id FROM parcel_unit_shares GROUP BY parcel_id HAVING count(*) = 2 LIMIT 1');
    const straddling = (await server.get(`/api/parcels/${row!.id}`)).body;
    expect(straddling.units).toHaveLength(2);
    const [lon, lat] = straddling.geometry.coordinates[0][0][0];
    const z = 14;
    const layer = (await tile(z, lonToX(lon, z), latToY(lat, z))).layers.parcels!;
    const f = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((g) => Number(g.id) === straddling.id)!;
    const expected = straddling.units.map((u: any) => u.unitId).sort((a: number, b: number) => a - b);
    expect(f.properties.unitIds).toBe(`,${expected.join(',')},`);
  });

  it('draws outer rings so that a parcel covers its own centre', async () => {
    const sample = (await server.get('/api/parcels?campaign=1&limit=1')).body.features[0];
    const z = 16;
    const ring = sample.geometry.coordinates[0][0];
    const lon = ring.reduce((s: number, p: number[]) => s + p[0]!, 0) / ring.length;
    const lat = ring.reduce((s: number, p: number[]) => s + p[1]!, 0) / ring.length;
    const layer = (await tile(z, lonToX(lon, z), latToY(lat, z))).layers.parcels!;
    const f = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((g) => Number(g.id) === sample.id)!;
    const outer = f.loadGeometry()[0]!;
    let twice = 0;
    for (let i = 0; i < outer.length - 1; i++) twice += outer[i]!.x * outer[i + 1]!.y - outer[i + 1]!.x * outer[i]!.y;
    // The vector tile spec: exterior rings have positive area in tile coordinates (clockwise with y pointing down).
    expect(twice).toBeGreaterThan(0);
  });

  it('is empty far from any parcel and filters by campaign', async () => {
    expect((await tile(10, lonToX(87.6, 10), latToY(43.8, 10))).layers.parcels).toBeUndefined();
    const sample = (await server.get('/api/parcels?campaign=1&limit=1')).body.features[0];
    const [lon, lat] = sample.geometry.coordinates[0][0][0];
    expect((await tile(10, lonToX(lon, 10), latToY(lat, 10), '?campaign=2')).layers.parcels).toBeUndefined();
  });

  it.each([
    ['23/0/0.mvt', 'z'],
    ['a/0/0.mvt', 'z'],
    ['2/4/0.mvt', 'x'],
    ['2/0/-1.mvt', 'y'],
    ['2/0/0.png', 'y'],
    ['2/0/0.mvt?campaign=x', 'campaign'],
  ])('rejects /tiles/parcels/%s with a 400 naming %s', async (path, name) => {
    const { status, body } = await server.get(`/tiles/parcels/${path}`);
    expect(status).toBe(400);
    expect(body.error.message).toContain(`参数 ${name}`);
  });
});
