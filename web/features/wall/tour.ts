import { dayNumber, type IsoDate } from '../../../core/dates.ts';
import { shortfallMu } from '../../../core/milestone-verdicts.ts';
import type { Figures, UnitProgress } from '../../../server/campaigns/progress.ts';
import type { TaskKey } from '../../api/types.ts';
import { figuresOf } from './rank-rows.ts';

/** One stop of the kiosk tour: a task type over the whole map, or one lagging unit with its callout. */
export interface TourStop {
  task: TaskKey;
  unitId: number | null;
  /** How long the wall stays here. */
  seconds: number;
}

/** An overview needs time to read the whole rank table; a single unit only its own row and map. */
export const OVERVIEW_SECONDS = 20;
export const UNIT_SECONDS = 8;
/** A meeting looks at the worst few; every lagging unit of every type would make the tour several minutes long. */
export const MAX_LAGGING = 5;

/**
 * The tour a kiosk wall repeats: each task type's overview, followed by its units that are behind the expected %,
 * furthest behind first (at most MAX_LAGGING of them). Units without a boundary have no place on the map for a callout; they stay in the tables.
 */
export function kioskTour(units: UnitProgress[], tasks: TaskKey[]): TourStop[] {
  return tasks.flatMap((task) => {
    const lagging = units
      .filter((u) => u.hasBoundary && figuresOf(u, task)?.pace === 'behind')
      .sort((a, b) => (figuresOf(a, task)!.rate ?? 0) - (figuresOf(b, task)!.rate ?? 0))
      .slice(0, MAX_LAGGING);
    return [{ task, unitId: null, seconds: OVERVIEW_SECONDS }, ...lagging.map((u) => ({ task, unitId: u.unitId, seconds: UNIT_SECONDS }))];
  });
}

/** What a kiosk stop's callout says of its unit, all in mu (ledger mu) and days. */
export interface CalloutFigures {
  taskMu: number | null;
  disposedMu: number;
  /** What the unit still has to dispose to reach the next milestone's target (the task itself after the last one). */
  gapMu: number | null;
  /** The target that gap is measured to, percent of the task. */
  gapTargetPct: number;
  /** Days from the wall's date to the next milestone; null after the last one. */
  daysLeft: number | null;
}

export function calloutFigures(figures: Figures, date: IsoDate, next: { date: string; targetPct: number } | null): CalloutFigures {
  const gapTargetPct = next?.targetPct ?? 100;
  return {
    taskMu: figures.taskMu,
    disposedMu: figures.disposedMu,
    gapMu: figures.taskMu == null ? null : shortfallMu(figures.taskMu, figures.disposedMu, gapTargetPct),
    gapTargetPct,
    daysLeft: next ? dayNumber(next.date as IsoDate) - dayNumber(date) : null,
  };
}
