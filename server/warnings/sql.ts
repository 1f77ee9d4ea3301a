/**
 * Which warnings stand, counted and paged in SQL: at a province's 100k parcels the rules cannot run in Node per request
 * (the facts alone took 7 s to read, the overlap self-join minutes). The SQL below says only *which* warnings exist,
 * with their severity and order; each one shown is then built by core's rules from its parcel's facts
 * (campaign-warnings.ts), so titles, details and figures have one owner. The warnings that never depend on the date
 * (no plan, area mismatch, double mapping) are kept per campaign by the writing transactions (kept.ts); those that do
 * (idle land, stale records) are found here per date, through indexes, and the units behind come from progress. The
 * SQL twins of the rules — the idle class (panhuo_idle_class, migration 024), the stale rule below and the kept ones —
 * are held against core's computeWarnings on the demo data and on random parcels, after every kind of change, by
 * test/api/warnings-kept.test.ts. Their severities' thresholds and the resolved statuses are core's constants,
 * written into the SQL text here, not copied.
 */
import type { IsoDate } from '../../core/dates.ts';
import { RESOLVED_STATUSES, SEVERITIES, WARNING_KINDS, type Severity, type WarningKind } from '../../core/warnings/types.ts';
import { IDLE_SEVERITY } from '../../core/warnings/idle.ts';
import type { Tolerance } from '../../core/ledger-check.ts';
import type { TaskType } from '../../core/categories.ts';
import type { Queryable } from '../db/types.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';
import { words } from './kept.ts';

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

/** The idle classes that raise a warning, and the severity of each (core's IDLE_SEVERITY). */
const IDLE_CLASSES = Object.keys(IDLE_SEVERITY);
const IDLE_SEVERITY_SQL = `CASE cls ${Object.entries(IDLE_SEVERITY).map(([cls, s]) => `WHEN '${cls}' THEN '${s}'`).join(' ')} END`;

/** An open live parcel `p` of the campaign $1. */
const OPEN = `p.deleted_at IS NULL AND p.status NOT IN (${words(RESOLVED_STATUSES)}) AND ${inCampaign('p', '$1')}`;

/**
 * The warnings that depend on the date, one row each: $1 campaign, $2 date, $3 stale days, $4 the units behind (JSON);
 * of the kinds in the array `wanted` (SQL text) if given: a kind not wanted is not looked for at all. The others are
 * kept by the writing transactions (kept.ts: warning_keys, warning_counts).
 */
const dated = (wanted: string | null) => {
  const want = (kind: WarningKind) => (wanted ? `'${kind}' = ANY(${wanted})` : 'true');
  return `
  WITH dated (kind, severity, unit_id, parcel_id, other_id, code, id) AS (
    SELECT 'idle_land', ${IDLE_SEVERITY_SQL}, unit_id, id, NULL::int, code, 'idle_land:' || id FROM (
      SELECT c.*, panhuo_idle_class(c.agreed_start_date, c.assessed, c.actual_start_date, c.developed_share,
               c.investment_share, c.halted_since, coalesce(c.government_cause, false), $2::date) AS cls
      FROM (SELECT * FROM (
        -- The parcels the idle rules apply to (core's idleRulesApply), before the class is asked of each: those of category
        -- 供后闲置 through their partial index, and the others assessed, not every parcel read.
        SELECT p.id, p.unit_id, p.code, p.agreed_start_date, a.parcel_id IS NOT NULL AS assessed, a.actual_start_date, a.developed_share,
               a.investment_share, a.halted_since, a.government_cause, p.status, p.supply_date, p.deleted_at
        FROM parcels p LEFT JOIN idle_assessments a ON a.parcel_id = p.id
        WHERE p.category = 'idle' AND p.deleted_at IS NULL
        UNION ALL
        SELECT p.id, p.unit_id, p.code, p.agreed_start_date, true, a.actual_start_date, a.developed_share,
               a.investment_share, a.halted_since, a.government_cause, p.status, p.supply_date, p.deleted_at
        FROM idle_assessments a JOIN parcels p ON p.id = a.parcel_id
        WHERE p.category <> 'idle' AND p.deleted_at IS NULL) p
        WHERE ${OPEN} AND NOT coalesce(p.supply_date > $2::date, false) OFFSET 0) c) i
    WHERE cls IN (${words(IDLE_CLASSES)}) AND ${want('idle_land')}
    UNION ALL
    SELECT 'unit_behind', u.severity, u.unit_id, NULL, NULL, NULL, 'unit_behind:' || u.unit_id || ':' || u.task_type
    FROM json_to_recordset($4::json) AS u (unit_id int, task_type text, severity text) WHERE ${want('unit_behind')}
    UNION ALL
    -- The open records unchanged for more than the stale days before the date (kept.ts: warning_stale).
    SELECT 'stale_record', CASE WHEN $2::date - last_updated > 2 * $3 THEN 'medium' ELSE 'low' END, unit_id, parcel_id, NULL, code, 'stale_record:' || parcel_id
    FROM warning_stale WHERE campaign_id = $1 AND last_updated < $2::date - $3::int AND ${want('stale_record')})`;
};

/**
 * The warnings of some groups (a kind, a severity and the units of one name rank: $5–$7, no unit as 0), ranked for
 * core's order ($8/$9: unit ids and name ranks). The kept ones are read through their index, group by group.
 */
const RANKED = `${dated('$5::text[]')},
  groups AS (SELECT * FROM unnest($5::text[], $6::text[], $7::int[]) AS g (kind, severity, unit_id)),
  ranked AS (
    SELECT w.*, array_position(ARRAY[${words(SEVERITIES)}], w.severity) AS severity_rank,
           array_position(ARRAY[${words(WARNING_KINDS)}], w.kind) AS kind_rank, coalesce(r.rank, 0) AS unit_rank
    FROM (
      SELECT * FROM dated WHERE (kind, severity, coalesce(unit_id, 0)) IN (SELECT * FROM groups)
      UNION ALL
      -- At most as many of each group as the page reaches, in its index's order: a group may hold 50k warnings.
      SELECT k.* FROM groups g CROSS JOIN LATERAL (
        SELECT k.kind, k.severity, k.unit_id, k.parcel_id, k.other_id, k.code, k.id FROM warning_keys k
        WHERE k.campaign_id = $1 AND k.kind = g.kind AND k.severity = g.severity AND coalesce(k.unit_id, 0) = g.unit_id
        ORDER BY k.code COLLATE "C", k.id COLLATE "C" LIMIT $10::int + $11::int) k) w
    LEFT JOIN unnest($8::int[], $9::int[]) AS r (unit_id, rank) ON r.unit_id = w.unit_id)`;

/** The order of core's compareWarnings. */
const ORDER = `severity_rank, kind_rank, unit_rank, coalesce(code, '') COLLATE "C", id COLLATE "C"`;

/** $1–$4 of `dated`. */
const datedArgs = (q: WarningQuery): unknown[] => [
  q.campaignId, q.date, q.staleDays,
  JSON.stringify(q.unitsBehind.map((u) => ({ unit_id: u.unitId, task_type: u.taskType, severity: u.severity }))),
];

/** Narrowing by kind and unit, as the API's `kind` and `unit` ask (the parameters numbered from `n`). */
const filter = (n: number) => `($${n}::text[] IS NULL OR kind = ANY($${n}::text[])) AND ($${n + 1}::int IS NULL OR unit_id = $${n + 1}::int)`;

export interface KeyFilter {
  kinds: readonly WarningKind[] | null;
  unitId: number | null;
}

/** How many warnings match, by kind, severity and unit: the dated ones counted, the kept ones read. */
export async function warningGroups(db: Queryable, q: WarningQuery, keys: KeyFilter) {
  return db.query<{ kind: WarningKind; severity: Severity; unitId: number | null; n: number }>(
    `${dated(null)}
     SELECT kind, severity, unit_id AS "unitId", n FROM (
       SELECT kind, severity, unit_id, count(*)::int AS n FROM dated GROUP BY kind, severity, unit_id
       UNION ALL
       SELECT kind, severity, unit_id, n FROM warning_counts WHERE campaign_id = $1) g
     WHERE ${filter(5)}`,
    [...datedArgs(q), keys.kinds, keys.unitId],
  );
}

/** A run of warnings in the order: one kind and severity, the units of one name rank (null: no unit). */
export interface WarningGroup {
  kind: WarningKind;
  severity: Severity;
  unitIds: ReadonlyArray<number | null>;
}

/** The warnings of the given groups (consecutive in the order), in order, from `offset` among them, at most `limit`. */
export async function warningKeys(db: Queryable, q: WarningQuery, groups: readonly WarningGroup[], page: { offset: number; limit: number | null }): Promise<WarningKey[]> {
  if (!groups.length) return [];
  const rows = groups.flatMap((g) => g.unitIds.map((unitId) => ({ kind: g.kind, severity: g.severity, unitId: unitId ?? 0 })));
  const ranks = [...q.unitRanks];
  return db.query<WarningKey>(
    `${RANKED}
     SELECT id, kind, severity, unit_id AS "unitId", parcel_id AS "parcelId", other_id AS "otherParcelId"
     FROM ranked ORDER BY ${ORDER} LIMIT $10 OFFSET $11`,
    [...datedArgs(q), rows.map((r) => r.kind), rows.map((r) => r.severity), rows.map((r) => r.unitId),
      ranks.map(([id]) => id), ranks.map(([, rank]) => rank), page.limit, page.offset],
  );
}
