/**
 * The warnings that do not depend on the date — 无处置方案, 面积不符, 重复上图 — kept per campaign by the transaction
 * that writes a parcel, its scope or the campaign's settings (data/migrations/034_kept_warnings.ts), as migration 030
 * keeps progress: `warning_keys` holds each standing warning (what sql.ts's page reads), `warning_counts` their number
 * per campaign, kind, severity and unit (what the counts read). At 100k parcels the counts cost a scan of a few rows
 * instead of every open parcel joined with its scope. For 久未更新, which depends on the date, `warning_stale` keeps when
 * each open record last changed, so that the stale ones on a date are a range of an index.
 *
 * These are the SQL twins of core's rules (parcel-rules.ts, duplicate-mapping.ts), held against computeWarnings after
 * every kind of change by test/api/warnings-kept.test.ts. Their thresholds and the resolved statuses are core's
 * constants written into the function text here, not copied; the same test checks that the function installed in the
 * database is the one this module writes now — a change of a constant needs a migration that installs it again
 * (`KEPT_WARNINGS_FUNCTIONS`) and refreshes every parcel.
 */
import { RESOLVED_STATUSES } from '../../core/warnings/types.ts';
import { SERIOUS_AREA_RATIO } from '../../core/warnings/parcel-rules.ts';
import { SERIOUS_SHARE } from '../../core/warnings/duplicate-mapping.ts';

/** SQL text of a list of fixed words (core's own constants, never request values). */
export const words = (list: readonly string[]) => list.map((w) => `'${w}'`).join(', ');

/** The warning kinds kept here; the others (idle land, stale records, units behind) depend on the date. */
export const KEPT_KINDS = ['no_disposal_plan', 'area_mismatch', 'duplicate_mapping'] as const;

/** JavaScript's String.prototype.trim whitespace, so "no method" means the same here as in core's rule. */
const BLANK = String.raw`^[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*$`;

/** The body of panhuo_warnings_refresh (as pg_proc.prosrc holds it): everything kept of the given parcels, afresh. */
export const KEPT_WARNINGS_BODY = `
BEGIN
  DELETE FROM warning_keys WHERE parcel_id = ANY(parcel_ids) OR other_id = ANY(parcel_ids);
  INSERT INTO warning_keys (campaign_id, kind, severity, unit_id, parcel_id, other_id, code, id)
  SELECT cp.campaign_id, w.kind, w.severity, p.unit_id, p.id, NULL, p.code, w.kind || ':' || p.id
  FROM parcels p
  JOIN campaign_parcels cp ON cp.parcel_id = p.id
  JOIN campaigns c ON c.id = cp.campaign_id
  CROSS JOIN LATERAL (VALUES
    ('no_disposal_plan', CASE WHEN p.status = 'registered' THEN 'medium' ELSE 'low' END,
     coalesce(p.disposal_method, '') ~ '${BLANK}'),
    ('area_mismatch', CASE WHEN abs((p.ledger_mu - p.area_mu) / p.ledger_mu) >= ${SERIOUS_AREA_RATIO} THEN 'high' ELSE 'medium' END,
     p.area_mu IS NOT NULL AND NOT panhuo_area_ok(p.ledger_mu, p.area_mu, c.tolerance_relative, c.tolerance_absolute_mu))
  ) AS w (kind, severity, raised)
  WHERE p.id = ANY(parcel_ids) AND p.deleted_at IS NULL AND p.status NOT IN (${words(RESOLVED_STATUSES)}) AND w.raised
  UNION ALL
  -- On the later parcel of the pair (the likely copy), whether or not either is resolved, when both count in the campaign.
  SELECT ca.campaign_id, 'duplicate_mapping',
         CASE WHEN greatest(CASE WHEN b.area_mu > 0 THEN 100 * o.overlap_mu / b.area_mu ELSE 0 END,
                            CASE WHEN a.area_mu > 0 THEN 100 * o.overlap_mu / a.area_mu ELSE 0 END) >= ${SERIOUS_SHARE * 100} THEN 'high' ELSE 'medium' END,
         b.unit_id, b.id, a.id, b.code, 'duplicate_mapping:' || a.id || '-' || b.id
  FROM (SELECT * FROM parcel_overlaps WHERE a_id = ANY(parcel_ids) UNION SELECT * FROM parcel_overlaps WHERE b_id = ANY(parcel_ids)) o
  JOIN parcels a ON a.id = o.a_id AND a.deleted_at IS NULL
  JOIN parcels b ON b.id = o.b_id AND b.deleted_at IS NULL
  JOIN campaign_parcels ca ON ca.parcel_id = a.id
  JOIN campaign_parcels cb ON cb.parcel_id = b.id AND cb.campaign_id = ca.campaign_id
  JOIN campaigns c ON c.id = ca.campaign_id
  WHERE o.overlap_mu > c.overlap_threshold_mu;
  PERFORM panhuo_warnings_stale_refresh(parcel_ids);
END`;

/**
 * The body of panhuo_warnings_stale_refresh: when each open record of the given parcels last changed, afresh (alone
 * after a disposal or an assessment, which move nothing else kept here).
 */
export const KEPT_STALE_BODY = `
BEGIN
  -- When each open record last changed (its ledger fields, disposals or assessment), as a date in China (UTC+8), the
  -- calendar the bureau keeps (queries.ts FACTS): whether it is stale depends on the date asked, so it is kept as a date.
  DELETE FROM warning_stale WHERE parcel_id = ANY(parcel_ids);
  INSERT INTO warning_stale (campaign_id, parcel_id, unit_id, code, last_updated)
  SELECT cp.campaign_id, p.id, p.unit_id, p.code,
         (greatest(p.updated_at, (SELECT max(d.created_at) FROM disposal_records d WHERE d.parcel_id = p.id), a.recorded_at)
           AT TIME ZONE 'UTC' + interval '8 hours')::date
  FROM parcels p JOIN campaign_parcels cp ON cp.parcel_id = p.id LEFT JOIN idle_assessments a ON a.parcel_id = p.id
  WHERE p.id = ANY(parcel_ids) AND p.deleted_at IS NULL AND p.status NOT IN (${words(RESOLVED_STATUSES)});
END`;

/** Installs (or re-installs) the kept rules. */
export const KEPT_WARNINGS_FUNCTIONS = `
  CREATE OR REPLACE FUNCTION panhuo_warnings_stale_refresh(parcel_ids integer[]) RETURNS void AS $$${KEPT_STALE_BODY}$$ LANGUAGE plpgsql;
  CREATE OR REPLACE FUNCTION panhuo_warnings_refresh(parcel_ids integer[]) RETURNS void AS $$${KEPT_WARNINGS_BODY}$$ LANGUAGE plpgsql;`;
