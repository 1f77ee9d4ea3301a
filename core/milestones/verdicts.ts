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
 * if not, by how many mu it fell short. Units without a task are not judged. Compared to 0.01 mu, what a report shows.
 */
export function milestoneVerdict(milestone: Milestone, units: readonly UnitAtMilestone[]): MilestoneVerdict {
  const judged = units
    .filter((u): u is UnitAtMilestone & { taskMu: number } => u.taskMu != null && u.taskMu > 0)
    .map((u) => {
      const required = (milestone.targetPct / 100) * u.taskMu;
      const shortfallMu = Math.max(0, Math.round((required - u.disposedMu) * 100) / 100);
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
