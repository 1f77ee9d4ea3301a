import { shortfallMu as shortOf } from '../milestone-verdicts.ts';
import type { Milestone } from '../progress.ts';

/** One unit's figures on a milestone's date, in mu. */
export interface UnitAtMilestone {
  unitId: number;
  name: string;
  taskMu: number | null;
  disposedMu: number;
}

export interface MilestoneVerdict {
  date: string;
  targetPct: number;
  label?: string;
  /** Units with a task, and how many of them reached the target. */
  total: number;
  reached: number;
  units: Array<{ unitId: number; name: string; rate: number; reached: boolean; shortfallMu: number }>;
}

/**
 * 节点考核: on a milestone's date, whether each unit with a task reached the target (disposed ≥ target% × task) and,
 * if not, by how many mu it fell short. Units without a task are not judged. The shortfall and when it counts as
 * reached are core/milestone-verdicts.ts's (the wall's verdict), so a report and the wall never disagree; this is
 * the per-unit layout the 节点考核 report prints.
 */
export function milestoneVerdict(milestone: Milestone, units: readonly UnitAtMilestone[]): MilestoneVerdict {
  const judged = units
    .filter((u): u is UnitAtMilestone & { taskMu: number } => u.taskMu != null && u.taskMu > 0)
    .map((u) => {
      const shortfallMu = shortOf(u.taskMu, u.disposedMu, milestone.targetPct);
      return { unitId: u.unitId, name: u.name, rate: u.disposedMu / u.taskMu, reached: shortfallMu === 0, shortfallMu };
    });
  return {
    date: milestone.date,
    targetPct: milestone.targetPct,
    ...(milestone.label ? { label: milestone.label } : {}),
    total: judged.length,
    reached: judged.filter((u) => u.reached).length,
    units: judged,
  };
}
