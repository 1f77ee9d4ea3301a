import type { TaskType } from '../../core/categories.ts';
import type { IsoDate } from '../../core/dates.ts';
import { expectedPct } from '../../core/progress.ts';
import type { Queryable } from '../db/types.ts';
import { campaignUnitList, unitTasks, type CampaignSummary } from '../campaigns/queries.ts';
import { weeklyDisposals } from '../campaigns/weekly.ts';

interface Series {
  taskMu: number | null;
  weekly: number[];
  cumulative: number[];
}

/** Week by week (report Fridays) to `until`: each unit's disposals per task type, cumulative, and the expected %. */
export async function campaignTrend(db: Queryable, campaign: CampaignSummary, until: IsoDate) {
  const [{ weeks, byUnit }, units, tasks] = await Promise.all([
    weeklyDisposals(db, campaign, until),
    campaignUnitList(db, campaign.id),
    unitTasks(db, campaign.id),
  ]);
  // A running sum in one pass (copying the partial array at each week made a long trend quadratic).
  const cumulate = (xs: number[]) => {
    let sum = 0;
    return xs.map((x) => (sum += x));
  };
  const series = (taskMu: number | null, weekly: number[]): Series => ({ taskMu, weekly, cumulative: cumulate(weekly) });
  const unitSeries = units.map((u) => ({
    unitId: u.id,
    name: u.name,
    tasks: Object.fromEntries(campaign.taskTypes.map((t) => [
      t,
      series(tasks.find((x) => x.unitId === u.id && x.taskType === t)?.taskMu ?? null, byUnit.get(u.id)?.get(t) ?? weeks.map(() => 0)),
    ])) as Record<TaskType, Series>,
  }));
  const totals = Object.fromEntries(campaign.taskTypes.map((t) => {
    const withTask = unitSeries.map((u) => u.tasks[t]);
    const weekly = weeks.map((_, i) => withTask.reduce((s, x) => s + x.weekly[i]!, 0));
    const taskMu = withTask.some((x) => x.taskMu != null) ? withTask.reduce((s, x) => s + (x.taskMu ?? 0), 0) : null;
    return [t, series(taskMu, weekly)];
  }));
  return {
    campaignId: campaign.id,
    weeks,
    expectedPct: weeks.map((w) => expectedPct(w, campaign.startDate, campaign.milestones)),
    taskTypes: campaign.taskTypes,
    units: unitSeries,
    totals,
  };
}
