import type { IsoDate } from '../../core/dates.ts';
import { IDLE_CLASS_LABELS, type IdleClassification } from '../../core/idle-land.ts';
import { classifyParcel, idleRulesApply } from '../../core/warnings/idle.ts';
import type { IdleAssessment } from '../../core/warnings/types.ts';
import { getCampaign, reportDate } from '../campaigns/queries.ts';
import type { Queryable } from '../db/types.ts';
import * as params from '../http/params.ts';
import { oneParcelFacts } from './queries.ts';

export interface IdleSection {
  idleAssessment: IdleAssessment | null;
  /** Null where the idle-land rules do not apply (not idle and not assessed, not yet supplied, or resolved). */
  idleClassification: (IdleClassification & { label: string; date: IsoDate }) | null;
}

/**
 * A parcel's idle-land inputs and its class on a date (the `date` parameter, within the parcel's campaign, else the campaign's report date), for the
 * parcel's detail. Null for a parcel that does not exist (or is deleted).
 */
export async function idleSection(db: Queryable, parcelId: number, dateParam: string | undefined): Promise<IdleSection | null> {
  const facts = await oneParcelFacts(db, parcelId);
  if (!facts) return null;
  const campaign = await getCampaign(db, facts.campaignId);
  // The `date` query parameter is parsed here, where the campaign that bounds it is known.
  const date = campaign ? reportDate(campaign, params.campaignDate('date', dateParam, campaign)) : params.optionalDate('date', dateParam);
  if (!date || !idleRulesApply(facts, date)) return { idleAssessment: facts.assessment, idleClassification: null };
  const c = classifyParcel(facts, date);
  return { idleAssessment: facts.assessment, idleClassification: { ...c, label: IDLE_CLASS_LABELS[c.class], date } };
}
