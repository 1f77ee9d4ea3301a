import type { Figures, UnitProgress } from '../../../server/campaigns/progress.ts';
import type { TaskKey } from '../../api/types.ts';

export interface RankRow {
  unit: UnitProgress;
  figures: Figures;
}

export const figuresOf = (unit: UnitProgress, task: TaskKey): Figures | undefined => (task === 'overall' ? unit.overall : unit.tasks[task]);

/**
 * The rank table's rows for a task type: by rank (ties keep the campaign's unit order, as the printed tables do),
 * then the units with no task of this type, which are listed but not ranked.
 */
export function rankRows(units: UnitProgress[], task: TaskKey): RankRow[] {
  const rows = units.flatMap((unit) => {
    const figures = figuresOf(unit, task);
    return figures ? [{ unit, figures }] : [];
  });
  const ranked = rows.filter((r) => r.figures.rank != null).sort((a, b) => a.figures.rank! - b.figures.rank!);
  return [...ranked, ...rows.filter((r) => r.figures.rank == null)];
}
