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

/** The live parcels of a campaign, or those of the given ids (live or not: a page of warnings names them). */
export function parcelFacts(db: Queryable, which: { campaignId: number } | { ids: readonly number[] }): Promise<ParcelFacts[]> {
  return 'ids' in which
    ? db.query<ParcelFacts>(`${FACTS} WHERE p.id = ANY($1::int[]) ORDER BY p.code`, [[...which.ids]])
    : db.query<ParcelFacts>(`${FACTS} WHERE ${inCampaign('p', '$1')} AND p.deleted_at IS NULL ORDER BY p.code`, [which.campaignId]);
}

/**
 * The kept overlaps (data/migrations/024_kept_overlaps.sql) of the given pairs (lower id first), with each parcel's
 * ellipsoidal mu as core's 重复上图 rule weighs them.
 */
export function keptOverlaps(db: Queryable, pairs: ReadonlyArray<readonly [number, number]>): Promise<ParcelOverlapFacts[]> {
  if (!pairs.length) return Promise.resolve([]);
  return db.query<ParcelOverlapFacts>(
    `SELECT o.a_id AS "aId", o.b_id AS "bId", o.overlap_mu AS "overlapMu", a.area_mu AS "aMu", b.area_mu AS "bMu"
     FROM parcel_overlaps o JOIN unnest($1::int[], $2::int[]) AS k (a, b) ON o.a_id = k.a AND o.b_id = k.b
     JOIN parcels a ON a.id = o.a_id JOIN parcels b ON b.id = o.b_id`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}

/** Every unit's name: what warnings are grouped and ordered by. */
export function allUnitNames(db: Queryable): Promise<Array<{ id: number; name: string }>> {
  return db.query<{ id: number; name: string }>('SELECT id, name FROM units');
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

