/**
 * Which warnings stand, counted and paged in SQL: at a province's 100k parcels the rules cannot run in Node per request
 * (the facts alone took 7 s to read, the overlap self-join minutes). The SQL below says only *which* warnings exist,
 * with their severity and order; each one shown is then built by core's rules from its parcel's facts
 * (campaign-warnings.ts), so titles, details and figures have one owner. The SQL twins of the rules — the idle class
 * (panhuo_idle_class, migration 024), the area check (panhuo_area_ok, migration 001), the plan, stale and overlap
 * rules below — are held against core's computeWarnings on the demo data and on random parcels by
 * test/api/warnings-kept.test.ts. Their severities' thresholds and the resolved statuses are core's constants,
 * written into the SQL text here, not copied.
 */
import type { IsoDate } from '../../core/dates.ts';
import { RESOLVED_STATUSES, SEVERITIES, WARNING_KINDS, type Severity, type WarningKind } from '../../core/warnings/types.ts';
import { IDLE_SEVERITY } from '../../core/warnings/idle.ts';
import { SERIOUS_AREA_RATIO } from '../../core/warnings/parcel-rules.ts';
import { SERIOUS_SHARE } from '../../core/warnings/duplicate-mapping.ts';
import type { Tolerance } from '../../core/ledger-check.ts';
import type { TaskType } from '../../core/categories.ts';
import type { Queryable } from '../db/types.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';

/** What the rules are asked on: the campaign, the date and its settings, and the warnings already known in Node. */
export interface WarningQuery {
  campaignId: number;
  date: IsoDate;
  staleDays: number;
  tolerance: Tolerance;
  overlapThresholdMu: number;
  /** Each unit's rank by name (core's unitNameRanks). */
  unitRanks: Map<number, number>;
  /** The units behind (core's unitsBehindWarnings, from progress: a few per campaign). */
  unitsBehind: ReadonlyArray<{ unitId: number; taskType: TaskType; severity: Severity }>;
}

/** One warning as SQL knows it: enough to count it, order it and find its parcel(s). */
export interface WarningKey {
  id: string;
  kind: WarningKind;
  severity: Severity;
  unitId: number | null;
  parcelId: number | null;
  /** For 重复上图: the earlier parcel of the pair. */
  otherParcelId: number | null;
}

/** SQL text of a list of fixed words (core's own constants, never request values). */
const words = (list: readonly string[]) => list.map((w) => `'${w}'`).join(', ');

/** The idle classes that raise a warning, and the severity of each (core's IDLE_SEVERITY). */
const IDLE_CLASSES = Object.keys(IDLE_SEVERITY);
const IDLE_SEVERITY_SQL = `CASE cls ${Object.entries(IDLE_SEVERITY).map(([cls, s]) => `WHEN '${cls}' THEN '${s}'`).join(' ')} END`;

/** JavaScript's String.prototype.trim whitespace, so "no method" means the same here as in core's rule. */
const BLANK = String.raw`^[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*$`;

/**
 * Every warning of the campaign on the date, one row each: $1 campaign, $2 date, $3 stale days, $4/$5 tolerance,
 * $6 overlap threshold, $7/$8 unit ids and name ranks, $9 the units behind (JSON).
 */
const WARNINGS = `
  WITH live AS MATERIALIZED (
    SELECT p.id, p.code, p.unit_id, p.category, p.status, p.ledger_mu, p.area_mu, p.supply_date, p.agreed_start_date,
           p.disposal_method, p.updated_at, p.status IN (${words(RESOLVED_STATUSES)}) AS resolved
    FROM parcels p WHERE ${inCampaign('p', '$1')} AND p.deleted_at IS NULL),
  open AS (SELECT * FROM live WHERE NOT resolved),
  w (kind, severity, unit_id, parcel_id, other_id, code, id) AS (
    SELECT 'idle_land', ${IDLE_SEVERITY_SQL}, unit_id, id, NULL::int, code, 'idle_land:' || id FROM (
      SELECT c.*, panhuo_idle_class(c.agreed_start_date, c.assessed, c.actual_start_date, c.developed_share,
               c.investment_share, c.halted_since, coalesce(c.government_cause, false), $2::date) AS cls
      FROM (
        -- The parcels the idle rules apply to (core's idleRulesApply), before the class is asked of each.
        SELECT p.id, p.unit_id, p.code, p.agreed_start_date, a.parcel_id IS NOT NULL AS assessed, a.actual_start_date, a.developed_share,
               a.investment_share, a.halted_since, a.government_cause
        FROM open p LEFT JOIN idle_assessments a ON a.parcel_id = p.id
        WHERE (p.category = 'idle' OR a.parcel_id IS NOT NULL) AND NOT coalesce(p.supply_date > $2::date, false) OFFSET 0) c) i
    WHERE cls IN (${words(IDLE_CLASSES)})
    UNION ALL
    SELECT 'unit_behind', u.severity, u.unit_id, NULL, NULL, NULL, 'unit_behind:' || u.unit_id || ':' || u.task_type
    FROM json_to_recordset($9::json) AS u (unit_id int, task_type text, severity text)
    UNION ALL
    SELECT 'no_disposal_plan', CASE WHEN status = 'registered' THEN 'medium' ELSE 'low' END, unit_id, id, NULL, code, 'no_disposal_plan:' || id
    FROM open WHERE coalesce(disposal_method, '') ~ '${BLANK}'
    UNION ALL
    SELECT 'area_mismatch', CASE WHEN abs((ledger_mu - area_mu) / ledger_mu) >= ${SERIOUS_AREA_RATIO} THEN 'high' ELSE 'medium' END, unit_id, id, NULL, code,
           'area_mismatch:' || id
    FROM open WHERE area_mu IS NOT NULL AND NOT panhuo_area_ok(ledger_mu, area_mu, $4, $5)
    UNION ALL
    -- On the later parcel of the pair (the likely copy), whether or not either is resolved.
    SELECT 'duplicate_mapping',
           CASE WHEN greatest(CASE WHEN b.area_mu > 0 THEN 100 * o.overlap_mu / b.area_mu ELSE 0 END,
                              CASE WHEN a.area_mu > 0 THEN 100 * o.overlap_mu / a.area_mu ELSE 0 END) >= ${SERIOUS_SHARE * 100} THEN 'high' ELSE 'medium' END,
           b.unit_id, b.id, a.id, b.code, 'duplicate_mapping:' || a.id || '-' || b.id
    -- The parcels by their key, not the live CTE: right after a bulk insert the statistics still say parcel_overlaps is
    -- small, and a nested loop over two CTE scans (no index) took minutes for 10k copied parcels (115k pairs).
    FROM parcel_overlaps o
    JOIN parcels a ON a.id = o.a_id AND a.deleted_at IS NULL AND ${inCampaign('a', '$1')}
    JOIN parcels b ON b.id = o.b_id AND b.deleted_at IS NULL AND ${inCampaign('b', '$1')}
    WHERE o.overlap_mu > $6
    UNION ALL
    SELECT 'stale_record', CASE WHEN $2::date - last_updated > 2 * $3 THEN 'medium' ELSE 'low' END, unit_id, id, NULL, code, 'stale_record:' || id
    FROM (
      -- The China-time date of the last change to the record, its disposals or its assessment (queries.ts FACTS), asked
      -- only of records not changed themselves since the cut-off.
      SELECT p.*, (greatest(p.updated_at, (SELECT max(d.created_at) FROM disposal_records d WHERE d.parcel_id = p.id), a.recorded_at)
                   AT TIME ZONE 'UTC' + interval '8 hours')::date AS last_updated
      FROM open p LEFT JOIN idle_assessments a ON a.parcel_id = p.id
      WHERE $2::date - (p.updated_at AT TIME ZONE 'UTC' + interval '8 hours')::date > $3) s
    WHERE $2::date - last_updated > $3),
  ranked AS (
    SELECT w.*, array_position(ARRAY[${words(SEVERITIES)}], w.severity) AS severity_rank,
           array_position(ARRAY[${words(WARNING_KINDS)}], w.kind) AS kind_rank, coalesce(r.rank, 0) AS unit_rank
    FROM w LEFT JOIN unnest($7::int[], $8::int[]) AS r (unit_id, rank) ON r.unit_id = w.unit_id)`;

/** The order of core's compareWarnings. */
const ORDER = `severity_rank, kind_rank, unit_rank, coalesce(code, '') COLLATE "C", id COLLATE "C"`;

function args(q: WarningQuery): unknown[] {
  const ranks = [...q.unitRanks];
  return [
    q.campaignId, q.date, q.staleDays, q.tolerance.relative, q.tolerance.absoluteMu, q.overlapThresholdMu,
    ranks.map(([id]) => id), ranks.map(([, rank]) => rank),
    JSON.stringify(q.unitsBehind.map((u) => ({ unit_id: u.unitId, task_type: u.taskType, severity: u.severity }))),
  ];
}

/** Narrowing by kind and unit, as the API's `kind` and `unit` ask ($10, $11). */
const FILTER = `($10::text[] IS NULL OR kind = ANY($10::text[])) AND ($11::int IS NULL OR unit_id = $11::int)`;

export interface KeyFilter {
  kinds: readonly WarningKind[] | null;
  unitId: number | null;
}

/** How many warnings match, by kind, severity and unit, each group with its first place in the order. */
export async function warningGroups(db: Queryable, q: WarningQuery, filter: KeyFilter) {
  return db.query<{ kind: WarningKind; severity: Severity; unitId: number | null; n: number; first: number[] }>(
    `${WARNINGS}
     SELECT kind, severity, unit_id AS "unitId", count(*)::int AS n, ARRAY[min(severity_rank), min(kind_rank), min(unit_rank)] AS first
     FROM ranked WHERE ${FILTER} GROUP BY kind, severity, unit_id`,
    [...args(q), filter.kinds, filter.unitId],
  );
}

/** The warnings that match, in order, from `offset`, at most `limit` (null: all). */
export async function warningKeys(db: Queryable, q: WarningQuery, filter: KeyFilter, page: { offset: number; limit: number | null }): Promise<WarningKey[]> {
  return db.query<WarningKey>(
    `${WARNINGS}
     SELECT id, kind, severity, unit_id AS "unitId", parcel_id AS "parcelId", other_id AS "otherParcelId"
     FROM ranked WHERE ${FILTER} ORDER BY ${ORDER} LIMIT $12 OFFSET $13`,
    [...args(q), filter.kinds, filter.unitId, page.limit, page.offset],
  );
}
