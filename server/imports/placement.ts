/**
 * Where an import's parcels fall, computed for the whole file at once: their boundaries go into a temporary table with
 * a spatial index, and each question (valid? which parcel has this code or 电子监管号? which units, how many mu in each?
 * which live parcels and which other parcels of the file does it overlap, by how much? may this editor write it?) is one
 * set-based statement over it — not a round of queries per parcel (a 10,000-parcel file used to take ~50,000 queries).
 * Every area is ellipsoidal (PostGIS geography on the WGS84/CGCS2000 ellipsoid), in m² here; callers turn it into mu.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { DEFAULT_OVERLAP_THRESHOLD_MU } from '../../core/import-review.ts';
import type { Queryable } from '../db/types.ts';
import { PARCEL_COLUMNS, PARCEL_FROM } from '../parcels/columns.ts';
import { FIELD_COLUMNS } from '../parcels/fields.ts';

/** One import item as the placement queries need it (geometry already past the shared structural checks). */
export interface PlacementInput {
  index: number;
  code: string | null;
  supervisionNumber: string | null;
  geometry: MultiPolygon | null;
}

export interface ExistingParcel {
  id: number;
  version: number;
  code: string;
  deleted: boolean;
}

export interface Placement {
  /** PostGIS's reason for each item whose boundary it finds invalid (those take part in nothing below). */
  invalid: Map<number, string>;
  /** Ellipsoidal area of each valid boundary, m². */
  areaM2: Map<number, number>;
  /** The parcel (live or deleted) of the campaign with the item's code. */
  byCode: Map<number, ExistingParcel>;
  /** A live parcel of the campaign with the item's 电子监管号 (the first by id when several). */
  bySupervisionNumber: Map<number, ExistingParcel>;
  /** Whether the campaign has any unit with a boundary: without one, "outside every unit" cannot be judged. */
  unitsHaveBoundaries: boolean;
  units: Map<number, Array<{ unitId: number; name: string; m2: number }>>;
  /** Overlaps with live parcels of the campaign: the intersection's area and the other parcel's own area, m². */
  parcelOverlaps: Map<number, Array<{ parcel: ExistingParcel; m2: number; otherM2: number; geometry: OverlapGeometry }>>;
  /** Overlaps between items of the file, each pair once (a < b). */
  itemOverlaps: Array<{ a: number; b: number; m2: number; geometry: OverlapGeometry }>;
  /** Items whose new boundary lies outside the editor's units (only computed for editors limited to units). */
  outsideEditorUnits: Set<number>;
  /** Existing parcels (by id) that lie outside the editor's units. */
  existingOutsideEditorUnits: Set<number>;
}

/**
 * Spatial joins below are written as LATERAL subqueries kept apart (OFFSET 0): the outer boundary is then a parameter
 * of an index scan, estimated by PostGIS's restriction selectivity. As a plain join, PGlite's PostGIS failed the
 * estimate ("invalid join selectivity: 197491424") for a file lying far from every parcel.
 */
/** The overlapping part itself, for the map (polygons only: shared edges and points are dropped). */
export type OverlapGeometry = Polygon | MultiPolygon;
const geometryOf = (json: string) => JSON.parse(json) as OverlapGeometry;

/** Intersections smaller than this (m²) are floating-point dust along a shared edge, not an overlap. */
const DUST_M2 = 0.01;

/**
 * Runs every placement query for the items of one import, in the caller's transaction (the temporary table lives until
 * it ends). `editorUnitIds`: null for a user who may write anywhere.
 */
export async function placeItems(tx: Queryable, campaignId: number, items: PlacementInput[], editorUnitIds: number[] | null): Promise<Placement> {
  await tx.exec(`CREATE TEMP TABLE import_items (i integer PRIMARY KEY, code text, sn text, geom geometry(MultiPolygon, 4326), area double precision, invalid text) ON COMMIT DROP;`);
  // Parallel arrays rather than one JSON document: each boundary reaches ST_GeomFromGeoJSON as text, parsed once. An
  // invalid boundary would make the overlay operations below fail or lie: it keeps only PostGIS's reason. Everything
  // is written by this one INSERT: an UPDATE before CREATE INDEX would leave HOT chains that keep this transaction
  // from using the new index (every probe below became a full scan: 60 s for 10,000 parcels).
  await tx.query(
    `INSERT INTO import_items (i, code, sn, geom, area, invalid)
     SELECT x.i, x.code, x.sn, CASE WHEN v.ok THEN x.g END, CASE WHEN v.ok THEN ST_Area(x.g::geography) END, CASE WHEN NOT v.ok THEN ST_IsValidReason(x.g) END
     FROM (SELECT u.i, u.code, u.sn, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(u.g), 4326)) AS g
           FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS u(i, code, sn, g) OFFSET 0) x -- parsed once, not per use
     CROSS JOIN LATERAL (SELECT x.g IS NOT NULL AND ST_IsValid(x.g) AS ok) v`,
    [items.map((it) => it.index), items.map((it) => it.code), items.map((it) => it.supervisionNumber), items.map((it) => (it.geometry ? JSON.stringify(it.geometry) : null))],
  );
  await tx.exec('CREATE INDEX ON import_items USING gist (geom); ANALYZE import_items;');
  const invalidRows = await tx.query<{ i: number; reason: string }>('SELECT i, invalid AS reason FROM import_items WHERE invalid IS NOT NULL');

  const areas = await tx.query<{ i: number; m2: number }>('SELECT i, area AS m2 FROM import_items WHERE geom IS NOT NULL');
  const byCode = await tx.query<ExistingParcel & { i: number }>(
    `SELECT t.i, p.id, p.version, p.code, p.deleted_at IS NOT NULL AS deleted
     FROM import_items t JOIN parcels p ON p.ledger_unit_id = (SELECT level_unit_id FROM campaigns WHERE id = $1) AND p.code = t.code`,
    [campaignId],
  );
  const bySn = await tx.query<ExistingParcel & { i: number }>(
    `SELECT DISTINCT ON (t.i) t.i, p.id, p.version, p.code, false AS deleted
     FROM import_items t JOIN parcels p ON p.ledger_unit_id = (SELECT level_unit_id FROM campaigns WHERE id = $1) AND p.deleted_at IS NULL AND p.supervision_number = t.sn
     WHERE t.sn IS NOT NULL ORDER BY t.i, p.id`,
    [campaignId],
  );
  const [bounded] = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = $1 AND u.boundary IS NOT NULL',
    [campaignId],
  );
  // Units outside, items inside (OFFSET 0 keeps the loop so): the same unit boundary comes first call after call, so
  // GEOS reuses its prepared form — as panhuo_reshare does for the ledger.
  const unitRows = await tx.query<{ i: number; unitId: number; name: string; m2: number }>(
    `SELECT n.i, u.id AS "unitId", u.name,
            CASE WHEN ST_Covers(u.boundary, n.geom) THEN n.area ELSE ST_Area(ST_Intersection(u.boundary, n.geom)::geography) END AS m2
     FROM campaign_units cu JOIN units u ON u.id = cu.unit_id
     CROSS JOIN LATERAL (SELECT t.i, t.geom, t.area FROM import_items t WHERE t.geom && u.boundary OFFSET 0) n
     WHERE cu.campaign_id = $1 AND u.boundary IS NOT NULL AND ST_Intersects(u.boundary, n.geom)
     ORDER BY n.i, cu.sort_order`,
    [campaignId],
  );
  const overlapRows = await tx.query<ExistingParcel & { i: number; m2: number; otherM2: number; json: string }>(
    `SELECT o.i, o.id, o.version, o.code, o.deleted, o.m2, o."otherM2", ST_AsGeoJSON(o.g, 7) AS json FROM (
       SELECT t.i, p.id, p.version, p.code, false AS deleted, ST_Area(x.g::geography) AS m2, ST_Area(p.geom::geography) AS "otherM2", x.g
       FROM import_items t
       CROSS JOIN LATERAL (SELECT p.* FROM parcels p WHERE p.geom && t.geom AND p.ledger_unit_id = (SELECT level_unit_id FROM campaigns WHERE id = $1) AND p.deleted_at IS NULL OFFSET 0) p
       CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(p.geom, t.geom), 3) AS g) x
       WHERE ST_Intersects(p.geom, t.geom)) o
     WHERE o.m2 > $2 ORDER BY o.i, o.m2 DESC`,
    [campaignId, DUST_M2],
  );
  const itemOverlapRows = await tx.query<{ a: number; b: number; m2: number; json: string }>(
    `SELECT o.a, o.b, o.m2, ST_AsGeoJSON(o.g, 7) AS json FROM (
       SELECT a.i AS a, b.i AS b, ST_Area(x.g::geography) AS m2, x.g
       FROM import_items a
       -- (b.i > a.i outside the probe: inside it, the planner may scan the primary key instead of the spatial index.)
       CROSS JOIN LATERAL (SELECT b.* FROM import_items b WHERE b.geom && a.geom OFFSET 0) b
       CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) AS g) x
       WHERE b.i > a.i AND ST_Intersects(a.geom, b.geom)) o
     WHERE o.m2 > $1 ORDER BY o.a, o.b`,
    [DUST_M2],
  );

  const outsideEditorUnits = new Set<number>();
  const existingOutsideEditorUnits = new Set<number>();
  if (editorUnitIds) {
    // The same rule as withinUnits (server/parcels/permissions.ts): covered by the union of the editor's units.
    const mine = `(SELECT ST_Union(boundary) AS g FROM units WHERE id = ANY($1::int[]))`;
    const outside = await tx.query<{ i: number }>(
      `SELECT t.i FROM import_items t, ${mine} m WHERE t.geom IS NOT NULL AND NOT COALESCE(ST_CoveredBy(t.geom, m.g), false)`,
      [editorUnitIds],
    );
    for (const r of outside) outsideEditorUnits.add(r.i);
    const ids = [...new Set([...byCode, ...bySn].map((p) => p.id))];
    if (ids.length) {
      const rows = await tx.query<{ id: number }>(
        `SELECT p.id FROM parcels p, ${mine} m WHERE p.id = ANY($2::int[])
           AND NOT CASE WHEN p.geom IS NULL THEN COALESCE(p.unit_id = ANY($1::int[]), false) ELSE COALESCE(ST_CoveredBy(p.geom, m.g), false) END`,
        [editorUnitIds, ids],
      );
      for (const r of rows) existingOutsideEditorUnits.add(r.id);
    }
  }

  const group = <T extends { i: number }, V>(rows: T[], value: (r: T) => V) => {
    const map = new Map<number, V[]>();
    for (const r of rows) map.set(r.i, [...(map.get(r.i) ?? []), value(r)]);
    return map;
  };
  const parcelOf = (r: ExistingParcel): ExistingParcel => ({ id: r.id, version: r.version, code: r.code, deleted: r.deleted });
  return {
    invalid: new Map(invalidRows.map((r) => [r.i, r.reason])),
    areaM2: new Map(areas.map((r) => [r.i, r.m2])),
    byCode: new Map(byCode.map((r) => [r.i, parcelOf(r)])),
    bySupervisionNumber: new Map(bySn.map((r) => [r.i, parcelOf(r)])),
    unitsHaveBoundaries: (bounded?.n ?? 0) > 0,
    units: group(unitRows, (r) => ({ unitId: r.unitId, name: r.name, m2: r.m2 })),
    parcelOverlaps: group(overlapRows, (r) => ({ parcel: parcelOf(r), m2: r.m2, otherM2: r.otherM2, geometry: geometryOf(r.json) })),
    itemOverlaps: itemOverlapRows.map((r) => ({ a: r.a, b: r.b, m2: r.m2, geometry: geometryOf(r.json) })),
    outsideEditorUnits,
    existingOutsideEditorUnits,
  };
}

/** Existing parcels' current ledger fields, boundary and unit, by id, as a body a save would send (one query). */
export async function currentBodies(db: Queryable, ids: number[]): Promise<Map<number, Record<string, unknown>>> {
  if (!ids.length) return new Map();
  const rows = await db.query<Record<string, unknown> & { id: number; unitId: number | null; geometryJson: string | null }>(
    `SELECT ${PARCEL_COLUMNS} FROM ${PARCEL_FROM} WHERE p.id = ANY($1::int[])`,
    [ids],
  );
  return new Map(
    rows.map((row) => [
      row.id,
      { ...Object.fromEntries(FIELD_COLUMNS.map(([key]) => [key, row[key]])), unitId: row.unitId, geometry: row.geometryJson ? JSON.parse(row.geometryJson) : null },
    ]),
  );
}

/** The campaign's overlap threshold, mu (migration 014). */
export async function overlapThresholdMu(db: Queryable, campaignId: number): Promise<number> {
  const [row] = await db.query<{ mu: number }>('SELECT overlap_threshold_mu AS mu FROM campaigns WHERE id = $1', [campaignId]);
  return row?.mu ?? DEFAULT_OVERLAP_THRESHOLD_MU;
}
