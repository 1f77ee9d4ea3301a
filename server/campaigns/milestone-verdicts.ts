import type { TaskType } from '../../core/categories.ts';
import { dayNumber, type IsoDate } from '../../core/dates.ts';
import { milestoneVerdict, type Verdict } from '../../core/milestone-verdicts.ts';
import type { Queryable } from '../db/types.ts';
import { campaignProgress, type UnitProgress } from './progress.ts';
import type { CampaignSummary } from './queries.ts';

type TaskKey = TaskType | 'overall';

export interface MilestoneVerdicts {
  date: IsoDate;
  targetPct: number;
  label: string | null;
  /** False for a milestone after the date asked: it is listed, not judged. */
  due: boolean;
  /** Per task type and for the sum of types ('overall'); null until the milestone is due. */
  tasks: Partial<Record<TaskKey, Verdict>> | null;
}

/**
 * Every milestone of a campaign with its verdict as of `asOf`: each milestone on or before that date is judged on the
 * units' progress at the milestone's own date (disposals from the campaign's start up to and including it), the way
 * the document judges 9月30日 and 11月30日; later ones are listed as not yet due.
 */
export async function campaignMilestoneVerdicts(db: Queryable, campaign: CampaignSummary, asOf: IsoDate): Promise<MilestoneVerdicts[]> {
  const milestones = [...campaign.milestones].sort((a, b) => dayNumber(a.date) - dayNumber(b.date));
  const out: MilestoneVerdicts[] = [];
  for (const m of milestones) {
    const due = m.date <= asOf;
    const head = { date: m.date, targetPct: m.targetPct, label: m.label ?? null, due };
    if (!due) {
      out.push({ ...head, tasks: null });
      continue;
    }
    const progress = await campaignProgress(db, campaign, m.date);
    const standings = (pick: (u: UnitProgress) => { taskMu: number | null; disposedMu: number } | undefined) =>
      progress.units.flatMap((u) => {
        const f = pick(u);
        return f ? [{ unitId: u.unitId, name: u.name, taskMu: f.taskMu, disposedMu: f.disposedMu }] : [];
      });
    const tasks: Partial<Record<TaskKey, Verdict>> = { overall: milestoneVerdict(m, standings((u) => u.overall)) };
    for (const t of campaign.taskTypes) tasks[t] = milestoneVerdict(m, standings((u) => u.tasks[t]));
    out.push({ ...head, tasks });
  }
  return out;
}
