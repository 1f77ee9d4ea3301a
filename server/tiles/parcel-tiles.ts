import { fromVectorTileJs, type VectorTileFeatureLike, type VectorTileLayerLike } from '@maplibre/vt-pbf';
import type Point from '@mapbox/point-geometry';
import {
  MERCATOR_HALF,
  PARCEL_LAYER,
  PARCEL_POINT_LAYER,
  POINT_BELOW_PX,
  POINT_CELL_PX,
  SIMPLIFY_PX,
  TILE_PIXELS,
  UNIT_LAYER,
  tileLevel,
} from '../../core/tiles/generalisation.ts';
import type { Db } from '../db/types.ts';
import { BUFFER, EXTENT, type TileId } from './tile.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';

export const LAYER = PARCEL_LAYER;

type Kind = Db['kind'];

/**
 * The tile's envelope, once: in 3857 for clipping, in 4326 (with the buffer) for the index, one display pixel in metres,
 * and for the embedded database the clip box and the affine transform into tile coordinates (y flipped: rows count down).
 */
const ENV = `env AS MATERIALIZED (
  SELECT e.g3857, ST_Transform(ST_Expand(e.g3857, m.margin), 4326) AS g4326, ST_Expand(e.g3857, m.margin) AS clip,
         m.size / ${TILE_PIXELS} AS px, -ST_XMin(e.g3857) AS tx, -ST_YMax(e.g3857) AS ty, ${EXTENT} / m.size AS scale
  FROM (SELECT ST_TileEnvelope($2, $3, $4) AS g3857) e
  CROSS JOIN LATERAL (SELECT ST_XMax(e.g3857) - ST_XMin(e.g3857) AS size, (ST_XMax(e.g3857) - ST_XMin(e.g3857)) * ${BUFFER / EXTENT} AS margin) m)`;

/** A 3857 geometry in tile coordinates: ST_AsMVTGeom on PostGIS; clipped, transformed and snapped on the embedded one. */
const inTile = (kind: Kind, g: string) =>
  kind === 'postgres'
    ? `ST_AsMVTGeom(${g}, env.g3857, ${EXTENT}, ${BUFFER}, true)`
    : `ST_AsGeoJSON(ST_SnapToGrid(ST_TransScale(ST_ClipByBox2D(${g}, env.clip), env.tx, env.ty, env.scale, -env.scale), 1), 0)`;

const FILTER = `p.deleted_at IS NULL AND p.geom IS NOT NULL AND ($1::int IS NULL OR ${inCampaign('p', '$1::int')})`;

/** What the styles and filters need at every zoom: colours, the ledger check, the unit filter (see below). */
const LEAN = `p.id, p.category, p.status,
  panhuo_area_ok(p.ledger_mu, p.area_mu, c.tolerance_relative, c.tolerance_absolute_mu) AS "areaOk"`;
/**
 * The units a parcel lies in as ",2,3," (MapLibre filters on a substring, not a list), from the stored shares `s`
 * joined to the parcel and grouped with it rather than a subquery per row.
 */
const UNIT_IDS = `COALESCE(',' || string_agg(s.unit_id::text, ',' ORDER BY s.unit_id) || ',', ',') AS "unitIds"`;
/** What the legible zooms add for hover and the selection's popup. */
const FULL = `${LEAN}, p.code, p.unit_id AS "unitId", p.campaign_id AS "campaignId",
  round(p.ledger_mu::numeric, 2)::float8 AS "ledgerMu", round(p.area_mu::numeric, 2)::float8 AS "areaMu"`;

/**
 * The parcels in the tile, each transformed once (MATERIALIZED: the planner may not inline the CTE and so compute
 * ST_Transform again for an outer filter), with the units they lie in.
 */
const hits = (columns: string) => `hits AS MATERIALIZED (
    SELECT ${columns}, ST_Transform(p.geom, 3857) AS g, p.ledger_mu AS rank, ${UNIT_IDS}
    FROM parcels p JOIN campaigns c ON c.id = p.campaign_id CROSS JOIN env
    LEFT JOIN parcel_unit_shares s ON s.parcel_id = p.id
    WHERE p.geom && env.g4326 AND ${FILTER}
    GROUP BY p.id, c.id)`;

interface LayerSql {
  name: string;
  /** Rows with `id`, `geom` (tile coordinates) and the properties as the other columns. */
  from: string;
}

function detailedSql(kind: Kind): { ctes: string; layers: LayerSql[] } {
  return {
    ctes: `${ENV}, ${hits(FULL)}`,
    layers: [
      {
        name: PARCEL_LAYER,
        from: `SELECT h.id, h.category, h.status, h."areaOk", h.code, h."unitId", h."campaignId", h."ledgerMu", h."areaMu",
                 h."unitIds", ${inTile(kind, 'h.g')} AS geom
               FROM hits h, env`,
      },
    ],
  };
}

/**
 * A parcel's box in Web Mercator metres from its stored box (lon/lat): x is linear in longitude and y monotonic in
 * latitude, so the corners map to exactly the box ST_Transform would give the whole outline — without transforming
 * the hundreds of thousands of outlines a low-zoom tile holds at a province's size, most of which become points.
 */
const MERCATOR_BOX = `SELECT ST_XMin(b) * ${MERCATOR_HALF / 180} AS mx0, ST_XMax(b) * ${MERCATOR_HALF / 180} AS mx1,
      ln(tan(pi() / 4 + radians(ST_YMin(b)) / 2)) * ${MERCATOR_HALF / Math.PI} AS my0,
      ln(tan(pi() / 4 + radians(ST_YMax(b)) / 2)) * ${MERCATOR_HALF / Math.PI} AS my1
    FROM (SELECT p.geom::box2d AS b) box`;

/**
 * Below the legible zooms: every parcel sized from its box (a narrow row: id, span, cell, rank), outlines of
 * POINT_BELOW_PX and more kept (transformed, simplified), the rest reduced to the largest parcel of each POINT_CELL_PX
 * cell — and only then the parcel, its campaign's tolerance and its stored unit shares read, for the features the tile
 * carries (at 1M parcels a z8 tile holds 535k parcels and carries 8k points).
 */
function generalisedSql(kind: Kind): { ctes: string; layers: LayerSql[] } {
  /** The picked rows `h` (ids, and the columns `carried` along) with the parcel's lean properties and its outline. */
  const withProperties = (picked: string, carried: string[]) => {
    const keep = carried.map((column) => `, h.${column}`).join('');
    return `SELECT ${LEAN}, ${UNIT_IDS}, p.geom${keep}
      FROM (${picked}) h JOIN parcels p ON p.id = h.id JOIN campaigns c ON c.id = p.campaign_id
      LEFT JOIN parcel_unit_shares s ON s.parcel_id = p.id
      GROUP BY p.id, c.id${keep}`;
  };
  const columns = `o.id, o.category, o.status, o."areaOk", o."unitIds"`;
  return {
    ctes: `${ENV},
  sized AS MATERIALIZED (
    SELECT p.id, p.ledger_mu AS rank, greatest(m.mx1 - m.mx0, m.my1 - m.my0) / env.px AS span_px,
           floor((m.mx0 + m.mx1) / 2 / (env.px * ${POINT_CELL_PX})) AS cx,
           floor((m.my0 + m.my1) / 2 / (env.px * ${POINT_CELL_PX})) AS cy
    FROM parcels p CROSS JOIN env CROSS JOIN LATERAL (${MERCATOR_BOX}) m
    WHERE p.geom && env.g4326 AND ${FILTER})`,
    layers: [
      {
        name: PARCEL_LAYER,
        from: `SELECT ${columns}, ${inTile(kind, `ST_SimplifyPreserveTopology(ST_Transform(o.geom, 3857), env.px * ${SIMPLIFY_PX})`)} AS geom
               FROM (${withProperties(`SELECT id FROM sized WHERE span_px >= ${POINT_BELOW_PX}`, [])}) o, env`,
      },
      {
        name: PARCEL_POINT_LAYER,
        from: `SELECT ${columns}, ${inTile(kind, `ST_SetSRID(ST_MakePoint((o.cx + 0.5) * env.px * ${POINT_CELL_PX}, (o.cy + 0.5) * env.px * ${POINT_CELL_PX}), 3857)`)} AS geom
               FROM (${withProperties(`SELECT DISTINCT ON (cx, cy) id, cx, cy FROM sized WHERE span_px < ${POINT_BELOW_PX} ORDER BY cx, cy, rank DESC, id`, ['cx', 'cy'])}) o, env`,
      },
    ],
  };
}

/**
 * Units with their figures: live parcels lying in each (by the stored shares) and their ledger mu counted by share, and
 * that mu per km² of the unit (ellipsoidal), which the map colours by — a density, as a choropleth should be.
 */
function unitsSql(kind: Kind): { ctes: string; layers: LayerSql[] } {
  return {
    ctes: `${ENV},
  shown AS MATERIALIZED (
    SELECT u.id, u.name, u.boundary, ST_Area(u.boundary::geography) / 1e6 AS km2 FROM units u, env
    WHERE u.boundary && env.g4326 AND u.kind <> 'city'
      AND ($1::int IS NULL OR EXISTS (SELECT 1 FROM campaign_units cu WHERE cu.unit_id = u.id AND cu.campaign_id = $1::int))),
  figures AS (
    SELECT s.unit_id, count(*)::int AS parcels, sum(s.share * p.ledger_mu) AS mu
    FROM shown JOIN parcel_unit_shares s ON s.unit_id = shown.id JOIN parcels p ON p.id = s.parcel_id
    WHERE p.deleted_at IS NULL AND ($1::int IS NULL OR ${inCampaign('p', '$1::int')}) GROUP BY s.unit_id)`,
    layers: [
      {
        name: UNIT_LAYER,
        from: `SELECT s.id, s.name, COALESCE(f.parcels, 0) AS parcels, round(COALESCE(f.mu, 0)::numeric, 2)::float8 AS "ledgerMu",
                 round((COALESCE(f.mu, 0) / NULLIF(s.km2, 0))::numeric, 3)::float8 AS "muPerKm2",
                 ${inTile(kind, `ST_SimplifyPreserveTopology(ST_Transform(s.boundary, 3857), env.px * ${SIMPLIFY_PX})`)} AS geom
               FROM shown s LEFT JOIN figures f ON f.unit_id = s.id, env`,
      },
    ],
  };
}

function levelSql(kind: Kind, z: number) {
  const level = tileLevel(z);
  return level === 'units' ? unitsSql(kind) : level === 'generalised' ? generalisedSql(kind) : detailedSql(kind);
}

/**
 * The whole tile as one statement on PostGIS (parameters: campaign or null, z, x, y): each layer encoded by ST_AsMVT
 * and the layers concatenated, as the MVT format allows. Exported for the bench, which runs it directly.
 */
export function postgisTileSql(z: number): string {
  const { ctes, layers } = levelSql('postgres', z);
  // Each layer's rows MATERIALIZED too: otherwise the planner pushes `geom IS NOT NULL` into the layer's query and
  // computes ST_AsMVTGeom twice per feature (seen in EXPLAIN).
  const rows = layers.map((l, i) => `layer${i} AS MATERIALIZED (${l.from})`);
  const encoded = layers.map((l, i) => `COALESCE((SELECT ST_AsMVT(l.*, '${l.name}', ${EXTENT}, 'geom', 'id') FROM layer${i} l WHERE l.geom IS NOT NULL), ''::bytea)`);
  return `WITH ${ctes}, ${rows.join(', ')} SELECT ${encoded.join(' || ')} AS tile`;
}

async function postgisTile(db: Db, tile: TileId, campaignId: number | null): Promise<Uint8Array> {
  const [row] = await db.query<{ tile: Uint8Array }>(postgisTileSql(tile.z), [campaignId, tile.z, tile.x, tile.y]);
  return row?.tile ?? new Uint8Array();
}

/**
 * The embedded database has no ST_AsMVT (PGlite's PostGIS lacks protobuf). The same SQL clips, transforms and snaps to
 * the tile grid and returns GeoJSON in tile coordinates; Node encodes.
 */
async function embeddedTile(db: Db, tile: TileId, campaignId: number | null): Promise<Uint8Array> {
  const { ctes, layers } = levelSql('pglite', tile.z);
  const rows = await db.query<{ layer: string; id: number; g: string | null; properties: Record<string, number | string | boolean> }>(
    `WITH ${ctes} ${layers.map((l) => `SELECT '${l.name}' AS layer, l.id, l.geom AS g, to_jsonb(l) - 'geom' - 'id' AS properties FROM (${l.from}) l`).join(' UNION ALL ')}`,
    [campaignId, tile.z, tile.x, tile.y],
  );
  const byLayer = new Map<string, VectorTileFeatureLike[]>();
  for (const { layer, id, g, properties } of rows) {
    if (g === null) continue;
    const geometry = JSON.parse(g) as { type: string; coordinates: unknown };
    const feature = geometry.type === 'Point' ? pointFeature(geometry.coordinates as number[]) : polygonFeature(geometry);
    if (!feature) continue;
    const features = byLayer.get(layer) ?? [];
    features.push({ ...feature, id, properties, extent: EXTENT });
    byLayer.set(layer, features);
  }
  const encoded: Record<string, VectorTileLayerLike> = {};
  for (const [name, features] of byLayer) encoded[name] = { version: 2, name, extent: EXTENT, length: features.length, feature: (i) => features[i]! };
  return fromVectorTileJs({ layers: encoded });
}

/** A point inside the tile and its buffer (ST_ClipByBox2D has already dropped those beyond). */
function pointFeature([x, y]: number[]): { type: 1; loadGeometry: () => Point[][] } | null {
  if (x === undefined || y === undefined) return null;
  const point = [[{ x, y } as Point]];
  return { type: 1, loadGeometry: () => point };
}

function polygonFeature(geometry: { type: string; coordinates: unknown }): { type: 3; loadGeometry: () => Point[][] } | null {
  const rings = polygonRings(geometry);
  return rings.length ? { type: 3, loadGeometry: () => rings } : null;
}

/**
 * Rings of a clipped, snapped geometry in tile coordinates, oriented as the vector tile spec wants (outer rings
 * clockwise in y-down tile space, holes counter-clockwise), dropping rings that snapping collapsed.
 */
function polygonRings(geometry: { type: string; coordinates: unknown }): Point[][] {
  const polygons: number[][][][] =
    geometry.type === 'Polygon' ? [geometry.coordinates as number[][][]]
    : geometry.type === 'MultiPolygon' ? (geometry.coordinates as number[][][][])
    : [];
  const rings: Point[][] = [];
  for (const polygon of polygons) {
    polygon.forEach((ring, index) => {
      if (ring.length < 4) return;
      let twice = 0;
      for (let i = 0; i < ring.length - 1; i++) twice += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
      if (twice === 0) return;
      const outer = index === 0;
      const points = ring.map(([x, y]) => ({ x: x!, y: y! }) as Point);
      rings.push((twice > 0) === outer ? points : points.reverse());
    });
  }
  return rings;
}

export function parcelTile(db: Db, tile: TileId, campaignId: number | null): Promise<Uint8Array> {
  return db.kind === 'postgres' ? postgisTile(db, tile, campaignId) : embeddedTile(db, tile, campaignId);
}
