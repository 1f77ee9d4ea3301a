/**
 * OGC API – Features with GDAL as the client (Debian's gdal-bin, its OAPIF driver and its GeoJSON reader): what
 * QGIS does underneath. GDAL, not our own code, pages through the collection and reads the features, so a paging or
 * encoding mistake of ours cannot agree with itself.
 */
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELDS } from '../../core/fields/registry.ts';
import { gdalDir, type GdalDir } from '../support/gdal.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let dir: GdalDir;

beforeAll(async () => {
  server = await startTestServer();
  dir = await gdalDir();
});
afterAll(async () => {
  await dir?.remove();
  await server?.close();
});

const CAMPAIGN = 1;

describe('GDAL reads /ogc', () => {
  it('ogrinfo OAPIF: lists the four collections', async () => {
    const out = await dir.ogrinfo('-ro', '-q', `OAPIF:${server.url}/ogc`);
    for (const id of ['parcels', 'units', 'approval-batches', 'unsupplied-remainders']) expect(out).toMatch(new RegExp(`^\\d+: ${id}\\b`, 'm'));
  });

  it('ogr2ogr copies every parcel of the demo campaign at limit 50, each attribute equal to the database', async () => {
    await dir.ogr2ogr('-f', 'GeoJSON', 'parcels.geojson', `OAPIF:${server.url}/ogc/collections/parcels?campaign=${CAMPAIGN}`, '-oo', 'PAGE_SIZE=50', '-preserve_fid', 'parcels');
    const copied = JSON.parse(new TextDecoder().decode(await dir.read('parcels.geojson'))) as { features: Array<{ id: number; properties: Record<string, unknown>; geometry: { coordinates: number[][][][] } | null }> };
    const rows = await server.db.query<Record<string, unknown> & { id: number; geometry: string | null }>(
      `SELECT p.id, ${FIELDS.map((f) => `p.${f.sql} AS "${f.key}"`).join(', ')}, p.version, ST_AsGeoJSON(p.geom, 9) AS geometry
       FROM parcels p WHERE p.deleted_at IS NULL AND EXISTS (SELECT 1 FROM campaign_parcels cp WHERE cp.parcel_id = p.id AND cp.campaign_id = $1) ORDER BY p.id`,
      [CAMPAIGN],
    );
    expect(rows.length).toBeGreaterThan(100); // several pages of 50
    expect(copied.features.length).toBe(rows.length);
    const byId = new Map(copied.features.map((f) => [f.id, f]));
    for (const row of rows) {
      const feature = byId.get(row.id);
      expect(feature, `parcel ${row.id}`).toBeDefined();
      for (const f of FIELDS) {
        const value = row[f.key];
        const got = feature!.properties[f.key];
        // GDAL writes an empty list as no value; a date column keeps its text.
        if (Array.isArray(value)) expect(got ?? [], `${row.id}.${f.key}`).toEqual(value);
        else expect(got ?? null, `${row.id}.${f.key}`).toEqual(value);
      }
      expect(feature!.properties.version).toBe(row.version);
      const expected = row.geometry ? (JSON.parse(row.geometry) as { coordinates: number[][][][] }).coordinates : null;
      // GDAL writes what it read (9 decimals, ≈ 0.1 mm): within a nanodegree of the database.
      expect(feature!.geometry === null).toBe(expected === null);
      expected?.forEach((polygon, i) => polygon.forEach((ring, j) => ring.forEach((position, k) => {
        const got = feature!.geometry!.coordinates[i]![j]![k]!;
        expect(Math.abs(got[0]! - position[0]!) + Math.abs(got[1]! - position[1]!)).toBeLessThan(1e-9);
      })));
    }
  });

  it('a CQL2 filter and a bbox give the counts SQL gives', async () => {
    const filter = "category = 'idle' AND ledgerMu > 50";
    const bbox = [113.9, 32.9, 114.2, 33.1];
    const url = `${server.url}/ogc/collections/parcels/items?limit=10000&filter=${encodeURIComponent(filter)}&bbox=${bbox.join(',')}`;
    await dir.ogr2ogr('-f', 'GeoJSON', 'filtered.geojson', url);
    const count = (JSON.parse(new TextDecoder().decode(await dir.read('filtered.geojson'))) as { features: unknown[] }).features.length;
    const [sql] = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM parcels WHERE deleted_at IS NULL AND category = 'idle' AND ledger_mu > 50
       AND ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))`, bbox);
    expect(sql!.n).toBeGreaterThan(0);
    expect(count).toBe(sql!.n);
  });

  it('crs=EPSG:4547 gives CGCS2000 Gauss–Krüger (CM 114°E, northing first) within 1 mm of proj4', async () => {
    const url = `${server.url}/ogc/collections/parcels/items?limit=20&crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4547')}`;
    await dir.ogr2ogr('-f', 'GeoJSON', 'gauss.geojson', url);
    const projected = JSON.parse(new TextDecoder().decode(await dir.read('gauss.geojson'))) as { features: Array<{ id: number; geometry: { coordinates: number[][][][] } }> };
    expect(projected.features.length).toBe(20);
    const zone38 = '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
    let compared = 0;
    for (const f of projected.features) {
      const [row] = await server.db.query<{ g: string }>('SELECT ST_AsGeoJSON(geom, 15) AS g FROM parcels WHERE id = $1', [f.id]);
      const lonLat = (JSON.parse(row!.g) as { coordinates: number[][][][] }).coordinates;
      lonLat.forEach((polygon, i) => polygon.forEach((ring, j) => ring.forEach(([lon, lat], k) => {
        const [easting, northing] = proj4('WGS84', zone38, [lon!, lat!]);
        const [x, y] = f.geometry.coordinates[i]![j]![k]!;
        expect(Math.abs(x! - northing!)).toBeLessThan(0.001);
        expect(Math.abs(y! - easting!)).toBeLessThan(0.001);
        compared++;
      })));
    }
    expect(compared).toBeGreaterThan(80);
  });
});

