import { addDays, type IsoDate } from '../dates.ts';
import { rankWithTies } from '../progress.ts';
import { reportFriday } from '../weeks.ts';

/**
 * 月排名月公布: from the month ranking starts, each month's units are ranked on the last report week of the month
 * (its last Friday within the campaign), and the ranking is published with each unit's move since the month before.
 */
export function rankingFridays(span: { startDate: IsoDate; endDate: IsoDate }, rankingFrom: IsoDate, until: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  const last = until < span.endDate ? until : span.endDate;
  let month = (rankingFrom > span.startDate ? rankingFrom : span.startDate).slice(0, 7);
  while (`${month}-01` <= last) {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const nextMonth = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    // The last Friday of the month, or of the campaign if it ends earlier in the month.
    const monthEnd = addDays(`${nextMonth}-01` as IsoDate, -1);
    const cap = monthEnd < span.endDate ? monthEnd : span.endDate;
    let friday = reportFriday(cap);
    if (friday > cap) friday = addDays(friday, -7);
    if (friday.startsWith(month) && friday >= span.startDate && friday <= until) out.push(friday);
    month = nextMonth;
  }
  return out;
}

/** One month's figures: each unit's completion rate (fraction, null without a task) per ranked key, and the expected %. */
export interface MonthFigures {
  friday: IsoDate;
  expectedPct: number;
  units: Array<{ unitId: number; name: string; rates: Record<string, number | null> }>;
}

export interface RankedUnit {
  unitId: number;
  name: string;
  rate: number | null;
  rank: number | null;
  /** Places moved since last month: +2 rose two places, −1 fell one; null in the first month or without a rank. */
  change: number | null;
  belowExpected: boolean;
}

export interface MonthRanking {
  friday: IsoDate;
  month: string;
  expectedPct: number;
  /** Per key (task type or 'overall'): units in rank order, unranked last. */
  rankings: Record<string, RankedUnit[]>;
}

/** Ranks every month per key (ties share a rank, see rankWithTies) and compares with the month before. */
export function monthlyRankings(months: readonly MonthFigures[], keys: readonly string[]): MonthRanking[] {
  const out: MonthRanking[] = [];
  let previous: Map<string, Map<number, number | null>> | null = null;
  for (const month of months) {
    const current = new Map<string, Map<number, number | null>>();
    const rankings: Record<string, RankedUnit[]> = {};
    for (const key of keys) {
      const ranks = rankWithTies(month.units.map((u) => ({ key: u.unitId, rate: u.rates[key] ?? null })));
      current.set(key, ranks);
      rankings[key] = month.units
        .map((u) => {
          const rate = u.rates[key] ?? null;
          const rank = ranks.get(u.unitId) ?? null;
          const before = previous?.get(key)?.get(u.unitId) ?? null;
          return {
            unitId: u.unitId,
            name: u.name,
            rate,
            rank,
            change: rank != null && before != null ? before - rank : null,
            belowExpected: rate != null && rate * 100 < month.expectedPct - 1e-9,
          };
        })
        .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
    }
    out.push({ friday: month.friday, month: month.friday.slice(0, 7), expectedPct: month.expectedPct, rankings });
    previous = current;
  }
  return out;
}

/** A move as published: ↑2, ↓1, 持平 for none, — where last month had no rank. */
export function formatChange(change: number | null): string {
  if (change == null) return '—';
  if (change === 0) return '持平';
  return change > 0 ? `↑${change}` : `↓${-change}`;
}
