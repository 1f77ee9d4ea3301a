import { fromVectorTileJs, type VectorTileFeatureLike } from '@maplibre/vt-pbf';
import type Point from '@mapbox/point-geometry';
import type { Db } from '../db/types.ts';
import { BUFFER, EXTENT, tileBounds, type TileId } from './tile.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';

/** What the map styles need of each parcel: category and status colours, the ledger check, the unit filter. */
const PROPERTIES = `
  p.id, p.code, p.category, p.status, p.unit_id AS "unitId", p.campaign_id AS "campaignId",
  round(p.ledger_mu::numeric, 2)::float8 AS "ledgerMu", round(p.area_mu::numeric, 2)::float8 AS "areaMu",
  panhuo_area_ok(p.ledger_mu, p.area_mu, c.tolerance_relative, c.tolerance_absolute_mu) AS "areaOk",
  -- The units the parcel lies in, as ",2,3,": MapLibre can filter on a substring, not on a list.
  COALESCE((SELECT ',' || string_agg(s.unit_id::text, ',' ORDER BY s.unit_id) || ',' FROM parcel_unit_shares s WHERE s.parcel_id = p.id), ',') AS "unitIds"`;

const FILTER = `p.deleted_at IS NULL AND p.geom IS NOT NULL AND ($1::int IS NULL OR ${inCampaign('p', '$1::int')})`;

export const LAYER = 'parcels';

/**
 * The tile SQL Martin and pg_tileserv use, for real PostGIS: transform, clip and quantise with ST_AsMVTGeom and
 * encode with ST_AsMVT, all in the database.
 */
export const MVT_SQL = `
  WITH env AS (SELECT ST_TileEnvelope($2, $3, $4) AS g3857, ST_Transform(ST_TileEnvelope($2, $3, $4, margin => ${BUFFER / EXTENT}), 4326) AS g4326),
  features AS (
    SELECT ST_AsMVTGeom(ST_Transform(p.geom, 3857), env.g3857, ${EXTENT}, ${BUFFER}, true) AS geom, ${PROPERTIES}
    FROM parcels p JOIN campaigns c ON c.id = p.campaign_id, env
    WHERE p.geom && env.g4326 AND ${FILTER})
  SELECT ST_AsMVT(features.*, '${LAYER}', ${EXTENT}, 'geom', 'id') AS tile FROM features WHERE geom IS NOT NULL`;

async function postgisTile(db: Db, tile: TileId, campaignId: number | null): Promise<Uint8Array> {
  const [row] = await db.query<{ tile: Uint8Array }>(MVT_SQL, [campaignId, tile.z, tile.x, tile.y]);
  return row?.tile ?? new Uint8Array();
}

/**
 * The embedded database has no ST_AsMVT (PGlite's PostGIS lacks protobuf). The same work is split: PostGIS
 * transforms, clips and snaps to the tile grid (flipping y, as tiles count rows downward); Node encodes.
 */
async function embeddedTile(db: Db, tile: TileId, campaignId: number | null): Promise<Uint8Array> {
  const b = tileBounds(tile);
  const scale = EXTENT / b.size;
  const margin = (BUFFER / EXTENT) * b.size;
  const rows = await db.query<{ id: number; g: string } & Record<string, number | string | boolean>>(
    `SELECT ${PROPERTIES},
       ST_AsGeoJSON(ST_SnapToGrid(ST_TransScale(ST_ClipByBox2D(ST_Transform(p.geom, 3857), ST_MakeEnvelope($2, $3, $4, $5, 3857)),
         $6, $7, $8, $9), 1), 0) AS g
     FROM parcels p JOIN campaigns c ON c.id = p.campaign_id
     WHERE p.geom && ST_Transform(ST_MakeEnvelope($2, $3, $4, $5, 3857), 4326) AND ${FILTER}`,
    [campaignId, b.minX - margin, b.minY - margin, b.maxX + margin, b.maxY + margin, -b.minX, -b.maxY, scale, -scale],
  );
  const features: VectorTileFeatureLike[] = [];
  for (const { g, id, ...properties } of rows) {
    const rings = polygonRings(JSON.parse(g));
    if (!rings.length) continue;
    features.push({ type: 3, id, properties, extent: EXTENT, loadGeometry: () => rings });
  }
  return fromVectorTileJs({ layers: { [LAYER]: { version: 2, name: LAYER, extent: EXTENT, length: features.length, feature: (i) => features[i]! } } });
}

/**
 * Rings of a clipped, snapped geometry in tile coordinates, oriented as the vector tile spec wants (outer rings
 * clockwise in y-down tile space, holes counter-clockwise), dropping rings that snapping collapsed.
 */
function polygonRings(geometry: { type: string; coordinates: unknown }): Point[][] {
  const polygons: number[][][][] =
    geometry.type === 'Polygon' ? [geometry.coordinates as number[][][]]
    : geometry.type === 'MultiPolygon' ? (geometry.coordinates as number[][][][])
    : geometry.type === 'GeometryCollection' ? [] : [];
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
