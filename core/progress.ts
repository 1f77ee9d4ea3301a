import { dayNumber, type IsoDate } from './dates.ts';

/** A dated target: by `date`, `targetPct` percent of the task should be disposed. */
export interface Milestone {
  date: IsoDate;
  targetPct: number;
  label?: string;
}

/** Completion rate (完成率) as a fraction: disposed ÷ task. Null when the unit has no task. */
export function completionRate(disposedMu: number, taskMu: number | null | undefined): number | null {
  if (taskMu == null || !(taskMu > 0)) return null;
  return disposedMu / taskMu;
}

/**
 * Rank by completion rate, highest first, with ties sharing a rank and the next rank skipped (1, 2, 2, 4),
 * as rankings are published. Rates equal to 0.01 percentage point are ties, since that is what a report shows.
 * Units with no rate (no task) get no rank.
 */
export function rankWithTies<K>(items: ReadonlyArray<{ key: K; rate: number | null }>): Map<K, number | null> {
  const shown = (rate: number) => Math.round(rate * 10_000);
  const ranked = items.filter((i): i is { key: K; rate: number } => i.rate != null);
  const sorted = [...ranked].sort((a, b) => shown(b.rate) - shown(a.rate));
  const ranks = new Map<K, number | null>(items.map((i) => [i.key, null]));
  sorted.forEach((item, index) => {
    const previous = sorted[index - 1];
    const rank = previous && shown(previous.rate) === shown(item.rate) ? ranks.get(previous.key)! : index + 1;
    ranks.set(item.key, rank);
  });
  return ranks;
}

/**
 * Expected completion in percent on a date: 0% on the campaign's start date, then a straight line to each
 * milestone in turn, holding the last milestone's target after it. Why linear: a milestone says where a unit must
 * be by its date; a unit halfway through that stretch of time and at half the way there is on track.
 */
export function expectedPct(date: IsoDate, startDate: IsoDate, milestones: readonly Milestone[]): number {
  const points = [{ day: dayNumber(startDate), pct: 0 }, ...[...milestones]
    .sort((a, b) => dayNumber(a.date) - dayNumber(b.date))
    .map((m) => ({ day: dayNumber(m.date), pct: m.targetPct }))];
  const day = dayNumber(date);
  if (day <= points[0]!.day) return 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (day <= b.day) return b.day === a.day ? b.pct : a.pct + ((b.pct - a.pct) * (day - a.day)) / (b.day - a.day);
  }
  return points[points.length - 1]!.pct;
}

/** The first milestone on or after a date, if any: what the campaign is driving toward now. */
export function nextMilestone(date: IsoDate, milestones: readonly Milestone[]): Milestone | null {
  const day = dayNumber(date);
  return [...milestones].sort((a, b) => dayNumber(a.date) - dayNumber(b.date)).find((m) => dayNumber(m.date) >= day) ?? null;
}

export const PACES = ['ahead', 'on_track', 'behind', 'no_task'] as const;
export type Pace = (typeof PACES)[number];

export const PACE_LABELS: Record<Pace, string> = {
  ahead: '超前',
  on_track: '正常',
  behind: '滞后',
  no_task: '无任务',
};

/**
 * Whether a unit is ahead of, on, or behind the expected percentage. Within `bandPct` percentage points below the
 * expectation counts as on track (weekly reporting lags real work by days); at or above it plus the band is ahead.
 */
export function paceOf(rate: number | null, expected: number, bandPct = 5): Pace {
  if (rate == null) return 'no_task';
  const pct = rate * 100;
  if (pct >= expected + bandPct) return 'ahead';
  if (pct >= expected - bandPct) return 'on_track';
  return 'behind';
}
