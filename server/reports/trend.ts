import type { TaskType } from '../../core/categories.ts';
import type { IsoDate } from '../../core/dates.ts';
import { expectedPct } from '../../core/progress.ts';
import type { Queryable } from '../db/types.ts';
import type { CampaignSummary } from '../campaigns/queries.ts';
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
    db.query<{ id: number; name: string }>('SELECT u.id, u.name FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = $1 ORDER BY cu.sort_order', [campaign.id]),
    db.query<{ unitId: number; taskType: TaskType; taskMu: number | null }>('SELECT unit_id AS "unitId", task_type AS "taskType", task_mu AS "taskMu" FROM tasks WHERE campaign_id = $1 AND unit_id IS NOT NULL', [campaign.id]),
  ]);
  const cumulate = (xs: number[]) => xs.reduce<number[]>((out, x) => [...out, (out.at(-1) ?? 0) + x], []);
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
