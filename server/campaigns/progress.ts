import { CATEGORIES, taskTypeOf, type Category, type TaskType } from '../../core/categories.ts';
import type { IsoDate } from '../../core/dates.ts';
import { completionRate, expectedPct, nextMilestone, paceOf, rankWithTies, type Pace } from '../../core/progress.ts';
import type { Queryable } from '../db/types.ts';
import { campaignUnitList, unitTasks, type CampaignSummary } from './queries.ts';

export interface Figures {
  taskMu: number | null;
  disposedMu: number;
  rate: number | null;
  rank: number | null;
  pace: Pace;
}

export interface UnitProgress {
  unitId: number;
  code: string;
  name: string;
  kind: string;
  hasBoundary: boolean;
  tasks: Record<string, Figures>;
  overall: Figures;
}

export interface Progress {
  campaignId: number;
  date: IsoDate;
  expectedPct: number;
  nextMilestone: { date: string; targetPct: number; label?: string } | null;
  taskTypes: TaskType[];
  units: UnitProgress[];
  totals: Record<string, Omit<Figures, 'rank'>> & { overall: Omit<Figures, 'rank'> };
  basis: string;
}

/**
 * Progress of every unit of a campaign on a date: for each task type, the task, the mu disposed up to and
 * including that date, the completion rate, the rank among units and the pace against the milestones.
 * Disposed mu are summed from the disposals inside the campaign's window (from its start to the date) of the
 * parcels in its scope (campaign_parcels) — an earlier year's disposals belong to that year's campaign —
 * each parcel counted in each unit by the share of its
 * ellipsoidal area inside the unit's boundary (parcel_unit_shares, computed by PostGIS when a parcel is written), and
 * each disposal toward the task of the category the parcel was in when it was made — a later change of category moves
 * no disposal (migration 035; the rule is core's disposalCategories).
 * Read from progress_sums (migration 030), which the writing transactions keep, so this is a small aggregate however
 * large the ledger grows.
 */
export async function campaignProgress(db: Queryable, campaign: CampaignSummary, date: IsoDate): Promise<Progress> {
  const [units, tasks, disposed] = await Promise.all([
    campaignUnitList(db, campaign.id),
    unitTasks(db, campaign.id),
    db.query<{ unitId: number; category: Category; mu: number }>(
      `SELECT ps.unit_id AS "unitId", ps.category, sum(ps.mu)::float8 AS mu
       FROM progress_sums ps
       JOIN campaign_units cu ON cu.unit_id = ps.unit_id AND cu.campaign_id = $1
       WHERE ps.campaign_id = $1 AND ps.day BETWEEN $3 AND $2
       GROUP BY ps.unit_id, ps.category`,
      [campaign.id, date, campaign.startDate],
    ),
  ]);

  const expected = expectedPct(date, campaign.startDate, campaign.milestones);
  const key = (unitId: number, taskType: string) => `${unitId}/${taskType}`;
  const taskOf = new Map(tasks.map((t) => [key(t.unitId, t.taskType), t.taskMu]));
  const disposedOf = new Map<string, number>();
  for (const row of disposed) {
    const k = key(row.unitId, CATEGORIES.includes(row.category) ? taskTypeOf(row.category) : row.category);
    disposedOf.set(k, (disposedOf.get(k) ?? 0) + row.mu);
  }

  const figures = (taskMu: number | null, disposedMu: number): Figures => {
    const rate = completionRate(disposedMu, taskMu);
    return { taskMu, disposedMu, rate, rank: null, pace: paceOf(rate, expected) };
  };
  const result: UnitProgress[] = units.map((u) => {
    const perType = Object.fromEntries(campaign.taskTypes.map((t) => [t, figures(taskOf.get(key(u.id, t)) ?? null, disposedOf.get(key(u.id, t)) ?? 0)]));
    const values = Object.values(perType);
    const anyTask = values.some((f) => f.taskMu != null);
    const overall = figures(anyTask ? values.reduce((s, f) => s + (f.taskMu ?? 0), 0) : null, values.reduce((s, f) => s + f.disposedMu, 0));
    return { unitId: u.id, code: u.code, name: u.name, kind: u.kind, hasBoundary: u.hasBoundary, tasks: perType, overall };
  });

  for (const taskType of [...campaign.taskTypes, 'overall'] as const) {
    const pick = (u: UnitProgress) => (taskType === 'overall' ? u.overall : u.tasks[taskType]!);
    const ranks = rankWithTies(result.map((u) => ({ key: u.unitId, rate: pick(u).rate })));
    for (const u of result) pick(u).rank = ranks.get(u.unitId) ?? null;
  }

  const total = (pick: (u: UnitProgress) => Figures) => {
    const withTask = result.filter((u) => pick(u).taskMu != null);
    const { rank: _rank, ...rest } = figures(withTask.length ? withTask.reduce((s, u) => s + pick(u).taskMu!, 0) : null, result.reduce((s, u) => s + pick(u).disposedMu, 0));
    return rest;
  };
  const totals = Object.fromEntries(campaign.taskTypes.map((t) => [t, total((u) => u.tasks[t]!)])) as Progress['totals'];
  totals.overall = total((u) => u.overall);

  return {
    campaignId: campaign.id,
    date,
    expectedPct: expected,
    nextMilestone: nextMilestone(date, campaign.milestones),
    taskTypes: campaign.taskTypes,
    units: result,
    totals,
    basis: '处置面积按地块椭球面积落在各单位边界内的比例分摊；无边界的单位按台账所属单位计',
  };
}
