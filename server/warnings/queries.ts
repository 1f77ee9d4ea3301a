import type { IdleAssessmentInput } from '../../core/warnings/idle-assessment.ts';
import type { ParcelOverlapFacts } from '../../core/warnings/duplicate-mapping.ts';
import type { IdleAssessment, ParcelFacts } from '../../core/warnings/types.ts';
import type { Queryable } from '../db/types.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';

const ASSESSMENT_JSON = `CASE WHEN a.parcel_id IS NULL THEN NULL ELSE json_build_object(
    'actualStartDate', to_char(a.actual_start_date, 'YYYY-MM-DD'), 'haltedSince', to_char(a.halted_since, 'YYYY-MM-DD'),
    'developedShare', a.developed_share, 'investmentShare', a.investment_share,
    'governmentCause', a.government_cause, 'governmentCauseNote', a.government_cause_note, 'recordedBy', a.recorded_by,
    'recordedAt', to_char(a.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) END`;

/**
 * Parcels as the warning rules need them. "Last updated" is the latest change to the ledger record, its disposal
 * records or its idle assessment, as a date in China (UTC+8), the calendar the bureau keeps.
 */
const FACTS = `
  SELECT p.id, p.campaign_id AS "campaignId", p.code, p.project_name AS "projectName", p.category, p.status,
    p.unit_id AS "unitId", u.name AS "unitName", p.ledger_mu AS "ledgerMu", p.area_mu AS "ellipsoidalMu",
    p.supply_date AS "supplyDate", p.supply_price_wan AS "supplyPriceWan", p.agreed_start_date AS "agreedStartDate",
    p.disposal_method AS "disposalMethod",
    to_char(greatest(p.updated_at, (SELECT max(d.created_at) FROM disposal_records d WHERE d.parcel_id = p.id), a.recorded_at)
            AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD') AS "lastUpdated",
    ${ASSESSMENT_JSON} AS assessment
  FROM parcels p LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN idle_assessments a ON a.parcel_id = p.id`;

/** The live parcels of a campaign. */
export function parcelFacts(db: Queryable, campaignId: number): Promise<ParcelFacts[]> {
  return db.query<ParcelFacts>(`${FACTS} WHERE ${inCampaign('p', '$1')} AND p.deleted_at IS NULL ORDER BY p.code`, [campaignId]);
}

/**
 * Pairs of live parcels of a campaign whose boundaries overlap by more than `minMu` (ellipsoidal mu of the intersection),
 * each pair once, found through the spatial index.
 */
/**
 * Pairs of parcels overlapping above the threshold, at most MAX_OVERLAP_PAIRS of them: a ledger drawn twice over
 * (thousands of copies) must not hold the database for minutes — past the cap the work stops, and more pairs are
 * the same finding (the LIMIT is reached before any sort, so the scan stops there).
 */
export const MAX_OVERLAP_PAIRS = 2000;

export function parcelOverlaps(db: Queryable, campaignId: number, minMu: number): Promise<ParcelOverlapFacts[]> {
  return db.query<ParcelOverlapFacts>(
    `SELECT * FROM (SELECT * FROM (
       SELECT a.id AS "aId", b.id AS "bId", ST_Area(ST_Intersection(a.geom, b.geom)::geography) / (10000.0 / 15) AS "overlapMu",
              a.area_mu AS "aMu", b.area_mu AS "bMu"
       FROM parcels a
       -- A LATERAL index probe, not a join: PGlite's PostGIS can fail the join selectivity estimate of && (placement.ts).
       CROSS JOIN LATERAL (SELECT b.* FROM parcels b WHERE b.geom && a.geom AND ${inCampaign('b', '$1')} AND b.id > a.id AND b.deleted_at IS NULL OFFSET 0) b
       WHERE ${inCampaign('a', '$1')} AND a.deleted_at IS NULL AND ST_Intersects(a.geom, b.geom)) o
     WHERE o."overlapMu" > $2 LIMIT $3) capped ORDER BY "aId", "bId"`,
    [campaignId, minMu, MAX_OVERLAP_PAIRS],
  );
}

/** One live parcel's facts, for its detail and after its assessment changes. */
export async function oneParcelFacts(db: Queryable, parcelId: number): Promise<(ParcelFacts & { campaignId: number }) | null> {
  const [row] = await db.query<ParcelFacts & { campaignId: number }>(`${FACTS} WHERE p.id = $1 AND p.deleted_at IS NULL`, [parcelId]);
  return row ?? null;
}

/** Records (or replaces) what a person assessed, in the caller's transaction. */
export async function saveAssessment(tx: Queryable, parcelId: number, input: IdleAssessmentInput, recordedBy: string): Promise<IdleAssessment> {
  await tx.query(
    `INSERT INTO idle_assessments (parcel_id, actual_start_date, halted_since, developed_share, investment_share, government_cause, government_cause_note, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
     ON CONFLICT (parcel_id) DO UPDATE SET actual_start_date = EXCLUDED.actual_start_date, halted_since = EXCLUDED.halted_since,
       developed_share = EXCLUDED.developed_share, investment_share = EXCLUDED.investment_share, government_cause = EXCLUDED.government_cause,
       government_cause_note = EXCLUDED.government_cause_note, recorded_by = EXCLUDED.recorded_by, recorded_at = now()`,
    [parcelId, input.actualStartDate, input.haltedSince, input.developedShare, input.investmentShare, input.governmentCause, input.governmentCauseNote, recordedBy],
  );
  const [row] = await tx.query<{ assessment: IdleAssessment }>(`SELECT ${ASSESSMENT_JSON} AS assessment FROM idle_assessments a WHERE a.parcel_id = $1`, [parcelId]);
  return row!.assessment;
}

