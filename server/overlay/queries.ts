/**
 * The overlay in PostGIS: each batch minus the union of the supplies that intersect it. Every input goes through
 * ST_MakeValid first (and polygons are extracted from what it returns): GEOS set operations on a self-intersecting
 * polygon can fail or, worse, return a wrong answer without an error (see STACK.md), and rows may reach these tables
 * by paths other than the checked upload.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { categoriesOf } from '../../core/categories.ts';
import type { RemainderPart } from '../../core/approval-overlay/summary.ts';
import type { Queryable } from '../db/types.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';

/**
 * Grid of the overlay, in degrees (1e-8° ≈ 1 mm). Edges meant to coincide (a supply drawn along a batch boundary, two
 * supplies side by side) come from different files and differ by micrometres once projected to lon/lat; an exact
 * overlay then returns zero-width spikes and gaps (a ring doubling back on itself) that are not land and that the
 * boundary check rightly refuses. Snap-rounding to 1 mm closes them and changes areas by well under 1 m².
 */
export const GRID = 1e-8;

export interface BatchOverlayRow {
  id: number;
  batchName: string;
  approvalNumber: string | null;
  approvalDate: string | null;
  /** As the approval states it, mu. */
  statedMu: number | null;
  source: string;
  repairNote: string | null;
  convertedAt: string | null;
  convertedBy: string | null;
  convertedParcelIds: number[];
  geometry: MultiPolygon;
  /** Ellipsoidal areas (PostGIS geography on the WGS84/CGCS2000 ellipsoid), m². */
  approvedM2: number;
  suppliedM2: number;
  supplyCount: number;
  parts: Array<RemainderPart<Polygon>>;
  /** The ledger's unsupplied figure for this batch and the parcels it sums. */
  ledgerMu: number;
  ledgerParcelCount: number;
}

/**
 * Parcels that count as the ledger's unsupplied land of a batch: the 批而未供 categories, naming the batch in
 * 批次, not deleted, and not yet resolved — a disposed or struck-off parcel is no longer unsupplied in the ledger.
 */
const LEDGER_UNSUPPLIED = `${inCampaign('p', 'o.campaign_id')} AND p.deleted_at IS NULL AND p.approval_batch = o.batch_name
  AND p.category IN (${categoriesOf('approved_not_supplied').map((c) => `'${c}'`).join(', ')})
  AND p.status NOT IN ('disposed', 'struck_off')`;

/** All batches of a campaign (or one), each with its overlay against the campaign's supply records. */
export function batchOverlays(db: Queryable, campaignId: number, batchId: number | null = null): Promise<BatchOverlayRow[]> {
  return db.query<BatchOverlayRow>(
    `WITH b AS (
       SELECT id, campaign_id, batch_name, approval_number, approval_date, approved_mu, source, repair_note,
              converted_at, converted_by, converted_parcel_ids, ST_CollectionExtract(ST_MakeValid(geom), 3) AS g
       FROM approval_batches WHERE campaign_id = $1 AND ($2::int IS NULL OR id = $2)
     ), s AS (
       SELECT b.id AS batch_id, ST_Union(ST_CollectionExtract(ST_MakeValid(r.geom), 3), ${GRID}) AS u, count(*)::int AS n
       FROM b JOIN supply_records r ON r.campaign_id = b.campaign_id AND r.geom && b.g AND ST_Intersects(r.geom, b.g)
       GROUP BY b.id
     ), o AS (
       SELECT b.*, s.n,
              CASE WHEN s.u IS NULL THEN b.g ELSE ST_CollectionExtract(ST_Difference(b.g, s.u, ${GRID}), 3) END AS remainder,
              CASE WHEN s.u IS NULL THEN NULL ELSE ST_CollectionExtract(ST_Intersection(b.g, s.u, ${GRID}), 3) END AS supplied
       FROM b LEFT JOIN s ON s.batch_id = b.id
     )
     SELECT o.id, o.batch_name AS "batchName", o.approval_number AS "approvalNumber", o.approval_date AS "approvalDate",
            o.approved_mu AS "statedMu", o.source, o.repair_note AS "repairNote", o.converted_at AS "convertedAt",
            o.converted_by AS "convertedBy", o.converted_parcel_ids AS "convertedParcelIds",
            ST_AsGeoJSON(ST_Multi(o.g), 9)::json AS geometry,
            ST_Area(o.g::geography)::float8 AS "approvedM2",
            COALESCE(ST_Area(o.supplied::geography), 0)::float8 AS "suppliedM2",
            COALESCE(o.n, 0) AS "supplyCount",
            (SELECT COALESCE(json_agg(json_build_object('geometry', ST_AsGeoJSON(d.geom, 9)::json,
                                                        'areaM2', ST_Area(d.geom::geography),
                                                        'perimeterM', ST_Perimeter(d.geom::geography))
                                      ORDER BY ST_Area(d.geom::geography) DESC), '[]'::json)
             FROM ST_Dump(o.remainder) d WHERE NOT ST_IsEmpty(d.geom)) AS parts,
            (SELECT COALESCE(sum(p.ledger_mu), 0)::float8 FROM parcels p WHERE ${LEDGER_UNSUPPLIED}) AS "ledgerMu",
            (SELECT count(*)::int FROM parcels p WHERE ${LEDGER_UNSUPPLIED}) AS "ledgerParcelCount"
     FROM o ORDER BY o.approval_date NULLS LAST, o.id`,
    [campaignId, batchId],
  );
}

export interface SupplyFeatureRow {
  id: number;
  supervisionNumber: string | null;
  supplyDate: string | null;
  suppliedMu: number | null;
  areaMu: number;
  repairNote: string | null;
  /** The ledger parcel with the same 电子监管号, when there is one. */
  parcelId: number | null;
  geometry: MultiPolygon;
}

export function supplyRecords(db: Queryable, campaignId: number): Promise<SupplyFeatureRow[]> {
  return db.query<SupplyFeatureRow>(
    `SELECT r.id, r.supervision_number AS "supervisionNumber", r.supply_date AS "supplyDate", r.supplied_mu AS "suppliedMu",
            (ST_Area(r.geom::geography) / (10000.0 / 15.0))::float8 AS "areaMu", r.repair_note AS "repairNote",
            (SELECT p.id FROM parcels p WHERE ${inCampaign('p', 'r.campaign_id')} AND p.deleted_at IS NULL
               AND p.supervision_number = r.supervision_number ORDER BY p.id LIMIT 1) AS "parcelId",
            ST_AsGeoJSON(r.geom, 9)::json AS geometry
     FROM supply_records r WHERE r.campaign_id = $1 ORDER BY r.id`,
    [campaignId],
  );
}
