import { CATEGORIES, taskTypeOf, type Category, type TaskType } from '../../core/categories.ts';
import { addDays, type IsoDate } from '../../core/dates.ts';
import { reportFriday, reportFridays } from '../../core/weeks.ts';
import type { Queryable } from '../db/types.ts';
import type { CampaignSummary } from './queries.ts';

/** Disposed mu per unit and task type in each report week (by boundary share, as progress counts; one query over progress_sums). */
export interface WeeklyDisposals {
  weeks: IsoDate[];
  /** unitId → taskType → mu per week (aligned with `weeks`). */
  byUnit: Map<number, Map<TaskType, number[]>>;
}

export async function weeklyDisposals(db: Queryable, campaign: CampaignSummary, until: IsoDate): Promise<WeeklyDisposals> {
  const weeks = reportFridays(campaign.startDate, until);
  const rows = await db.query<{ unitId: number; category: Category; date: string; mu: number }>(
    `SELECT ps.unit_id AS "unitId", ps.category, ps.day AS date, sum(ps.mu)::float8 AS mu
     FROM progress_sums ps
     JOIN campaign_units cu ON cu.unit_id = ps.unit_id AND cu.campaign_id = $1
     WHERE ps.campaign_id = $1 AND ps.day BETWEEN $3 AND $2
     GROUP BY 1, 2, 3`,
    [campaign.id, weeks.at(-1) ?? until, campaign.startDate],
  );
  const index = new Map(weeks.map((w, i) => [w, i]));
  const byUnit = new Map<number, Map<TaskType, number[]>>();
  for (const r of rows) {
    if (!CATEGORIES.includes(r.category)) continue;
    const week = index.get(reportFriday(r.date as IsoDate));
    // Only the campaign's window is read: an earlier disposal belongs to an earlier campaign.
    if (week === undefined) continue;
    const at = week;
    const perType = byUnit.get(r.unitId) ?? new Map<TaskType, number[]>();
    const series = perType.get(taskTypeOf(r.category)) ?? weeks.map(() => 0);
    series[at]! += r.mu;
    perType.set(taskTypeOf(r.category), series);
    byUnit.set(r.unitId, perType);
  }
  return { weeks, byUnit };
}

/** The Saturday that opens the report week ending on `friday`. */
export const weekStart = (friday: IsoDate): IsoDate => addDays(friday, -6);
