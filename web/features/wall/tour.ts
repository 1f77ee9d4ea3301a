import type { UnitProgress } from '../../../server/campaigns/progress.ts';
import type { TaskKey } from '../../api/types.ts';
import { figuresOf } from './rank-rows.ts';

/** One stop of the kiosk tour: a task type over the whole map, or one lagging unit zoomed in. */
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
 * furthest behind first (at most MAX_LAGGING of them). Units without a boundary cannot be zoomed to; they stay in the tables.
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
