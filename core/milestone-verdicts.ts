import type { Milestone } from './progress.ts';

/** A unit's task and the mu it had disposed by a milestone's date, for one task type (or the sum of its types). */
export interface UnitStanding {
  unitId: number;
  name: string;
  /** Null: the unit has no task of this type, and is not judged. */
  taskMu: number | null;
  disposedMu: number;
}

/** A unit that did not reach the milestone's target, and by how much. All figures in mu (ledger mu, 亩). */
export interface Shortfall {
  unitId: number;
  name: string;
  taskMu: number;
  disposedMu: number;
  /** targetPct of the task: what the unit had to have disposed by the milestone. */
  targetMu: number;
  /** targetMu − disposedMu, > 0. */
  shortMu: number;
}

/** How the units stood at one milestone, for one task type. */
export interface Verdict {
  /** Units with a task of this type: the ones judged. */
  judged: number;
  /** Units that reached the target, in the order given. */
  reached: Array<{ unitId: number; name: string }>;
  /** Units that did not, the largest shortfall first. */
  missed: Shortfall[];
  /** The sum of the shortfalls, mu. */
  shortMu: number;
}

/**
 * Reports print mu with one decimal: a shortfall under 0.05 mu prints as 0.0 and would name a unit "short by 0.0
 * mu". Such a unit has reached the target as far as anyone reading the report can tell.
 */
export const REACHED_WITHIN_MU = 0.05;

/**
 * What a unit still has to dispose to reach `targetPct` percent of its task (mu, never negative): the gap a
 * milestone verdict names, and the gap the wall shows to the next milestone. Zero when within REACHED_WITHIN_MU.
 */
export function shortfallMu(taskMu: number, disposedMu: number, targetPct: number): number {
  const short = (taskMu * targetPct) / 100 - disposedMu;
  return short < REACHED_WITHIN_MU ? 0 : short;
}

/** The units that are judged (those with a task of this type), each with its shortfall (0: reached). */
function judged(units: readonly UnitStanding[], targetPct: number): Array<UnitStanding & { taskMu: number; shortMu: number }> {
  return units
    .filter((u): u is UnitStanding & { taskMu: number } => u.taskMu != null && u.taskMu > 0)
    .map((u) => ({ ...u, shortMu: shortfallMu(u.taskMu, u.disposedMu, targetPct) }));
}

/**
 * The verdict of a milestone (e.g. 9-30: 70% of the task) on the units' standings at its date: how many reached the
 * target, which did not and by how much. Units without a task of this type are not judged. The wall's view.
 */
export function milestoneVerdict(milestone: Pick<Milestone, 'targetPct'>, units: readonly UnitStanding[]): Verdict {
  const reached: Verdict['reached'] = [];
  const missed: Shortfall[] = [];
  for (const u of judged(units, milestone.targetPct)) {
    if (u.shortMu === 0) reached.push({ unitId: u.unitId, name: u.name });
    else missed.push({ unitId: u.unitId, name: u.name, taskMu: u.taskMu, disposedMu: u.disposedMu, targetMu: (u.taskMu * milestone.targetPct) / 100, shortMu: u.shortMu });
  }
  missed.sort((a, b) => b.shortMu - a.shortMu);
  return { judged: reached.length + missed.length, reached, missed, shortMu: missed.reduce((s, m) => s + m.shortMu, 0) };
}

/** The same verdict unit by unit, in the order given: the layout the 节点考核 report prints. */
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
 * 节点考核: on a milestone's date, whether each unit with a task reached the target and, if not, by how many mu it fell
 * short — judged as milestoneVerdict judges (the wall's view), so a report and the wall never disagree.
 */
export function milestoneVerdictByUnit(milestone: Milestone, units: readonly UnitStanding[]): MilestoneVerdict {
  const rows = judged(units, milestone.targetPct).map((u) => ({
    unitId: u.unitId,
    name: u.name,
    rate: u.disposedMu / u.taskMu,
    reached: u.shortMu === 0,
    shortfallMu: u.shortMu,
  }));
  return {
    date: milestone.date,
    targetPct: milestone.targetPct,
    ...(milestone.label ? { label: milestone.label } : {}),
    total: rows.length,
    reached: rows.filter((u) => u.reached).length,
    units: rows,
  };
}
