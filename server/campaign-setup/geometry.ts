import type { Geometry, MultiPolygon } from 'geojson';
import type { Queryable } from '../db/types.ts';

const MU = '(10000.0 / 15)';

/** Each boundary's validity and ellipsoidal area (mu, on the CGCS2000/WGS84 spheroid via PostGIS geography). */
export async function boundaryAreas(db: Queryable, geometries: Array<{ index: number; geometry: MultiPolygon }>) {
  if (!geometries.length) return new Map<number, { valid: boolean; reason: string; areaMu: number }>();
  const rows = await db.query<{ index: number; valid: boolean; reason: string; areaMu: number }>(
    `WITH input AS (
       SELECT (e->>'index')::int AS index, ST_SetSRID(ST_GeomFromGeoJSON(e->>'geometry'), 4326) AS geom
       FROM json_array_elements($1::json) e)
     SELECT index, ST_IsValid(geom) AS valid, ST_IsValidReason(geom) AS reason,
       (ST_Area(ST_MakeValid(geom)::geography) / ${MU})::float8 AS "areaMu"
     FROM input`,
    [JSON.stringify(geometries.map((g) => ({ index: g.index, geometry: JSON.stringify(g.geometry) })))],
  );
  return new Map(rows.map((r) => [r.index, r]));
}

export interface OverlapRow {
  a: number;
  b: number;
  overlapMu: number;
  geometry: Geometry;
}

/**
 * Every pair of boundaries whose interiors overlap, with the overlap's ellipsoidal area in mu and its polygons (shared
 * edges and corners are not overlaps: only the areal part of the intersection counts).
 */
export async function pairwiseOverlaps(db: Queryable, geometries: Array<{ index: number; geometry: MultiPolygon }>): Promise<OverlapRow[]> {
  if (geometries.length < 2) return [];
  const rows = await db.query<{ a: number; b: number; overlapMu: number; geometryJson: string }>(
    `WITH input AS (
       SELECT (e->>'index')::int AS index, ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(e->>'geometry'), 4326)) AS geom
       FROM json_array_elements($1::json) e),
     pairs AS (
       SELECT a.index AS a, b.index AS b, ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) AS overlap
       FROM input a JOIN input b ON a.index < b.index AND a.geom && b.geom AND ST_Intersects(a.geom, b.geom))
     SELECT a, b, (ST_Area(overlap::geography) / ${MU})::float8 AS "overlapMu", ST_AsGeoJSON(overlap, 7) AS "geometryJson"
     FROM pairs WHERE NOT ST_IsEmpty(overlap) AND ST_Area(overlap::geography) > 0
     ORDER BY 3 DESC`,
    [JSON.stringify(geometries.map((g) => ({ index: g.index, geometry: JSON.stringify(g.geometry) })))],
  );
  return rows.map((r) => ({ a: r.a, b: r.b, overlapMu: r.overlapMu, geometry: JSON.parse(r.geometryJson) as Geometry }));
}

export interface Piece {
  areaMu: number;
  geometry: Geometry;
}

export interface GapReport {
  parentMu: number;
  unitsMu: number;
  /** Parts of the parent no unit covers, at least `thresholdMu` each, largest first. */
  gaps: Piece[];
  /** Parts of units outside the parent. */
  outside: Piece[];
  /** Pieces below the threshold (digitising slivers), counted, not drawn. */
  slivers: { count: number; areaMu: number };
}

/** What the units leave uncovered of the parent boundary (parent − ∪ units), and what they put outside it. */
export async function gapsAgainstParent(db: Queryable, parent: MultiPolygon, geometries: MultiPolygon[], thresholdMu: number): Promise<GapReport> {
  const [row] = await db.query<{ parentMu: number; unitsMu: number; pieces: Array<{ side: 'gap' | 'outside'; areaMu: number; geometry: Geometry }> | null }>(
    `WITH parent AS (SELECT ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326)) AS geom),
     units AS (
       SELECT ST_Union(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(e #>> '{}'), 4326))) AS geom
       FROM json_array_elements($2::json) e),
     diff AS (
       SELECT 'gap' AS side, (ST_Dump(ST_CollectionExtract(ST_Difference(p.geom, COALESCE(u.geom, 'POLYGON EMPTY'::geometry)), 3))).geom AS geom FROM parent p, units u
       UNION ALL
       SELECT 'outside', (ST_Dump(ST_CollectionExtract(ST_Difference(u.geom, p.geom), 3))).geom FROM parent p, units u WHERE u.geom IS NOT NULL)
     SELECT (SELECT ST_Area(geom::geography) / ${MU} FROM parent)::float8 AS "parentMu",
       COALESCE((SELECT ST_Area(geom::geography) / ${MU} FROM units), 0)::float8 AS "unitsMu",
       (SELECT json_agg(json_build_object('side', side, 'areaMu', ST_Area(geom::geography) / ${MU}, 'geometry', ST_AsGeoJSON(geom, 7)::json)
          ORDER BY ST_Area(geom::geography) DESC) FROM diff WHERE NOT ST_IsEmpty(geom)) AS pieces`,
    [JSON.stringify(parent), JSON.stringify(geometries.map((g) => JSON.stringify(g)))],
  );
  const pieces = row!.pieces ?? [];
  const big = pieces.filter((p) => p.areaMu >= thresholdMu);
  const small = pieces.filter((p) => p.areaMu < thresholdMu);
  return {
    parentMu: row!.parentMu,
    unitsMu: row!.unitsMu,
    gaps: big.filter((p) => p.side === 'gap').map(({ areaMu, geometry }) => ({ areaMu, geometry })),
    outside: big.filter((p) => p.side === 'outside').map(({ areaMu, geometry }) => ({ areaMu, geometry })),
    slivers: { count: small.length, areaMu: small.reduce((s, p) => s + p.areaMu, 0) },
  };
}
