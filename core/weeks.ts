import { addDays, dayNumber, type IsoDate } from './dates.ts';

/**
 * Reporting weeks. Weekly reports are due every Friday afternoon (Zhumadian's 附件4), so a report week runs from
 * Saturday to Friday and is named by its Friday.
 */
export function reportFriday(date: IsoDate): IsoDate {
  // 1970-01-01 was a Thursday: day numbers ≡ 1 (mod 7) are Fridays.
  const day = dayNumber(date);
  return addDays(date, (((1 - day) % 7) + 7) % 7);
}

/** The Fridays ending every report week that meets [start, end]. */
export function reportFridays(start: IsoDate, end: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let friday = reportFriday(start); friday <= reportFriday(end); friday = addDays(friday, 7)) out.push(friday);
  return out;
}

/**
 * The report week a weekly report is for when none is asked: the last week that has ended (its Friday on or before
 * `today`) within the campaign (on or before its end) and the data (no later than the week of the last disposal
 * record, when there is one) — never a week after the campaign, and never before its first week.
 */
export function lastFinishedFriday(span: { startDate: IsoDate; endDate: IsoDate }, today: IsoDate, lastDataDate: IsoDate | null): IsoDate {
  const limit = today < span.endDate ? today : span.endDate;
  let friday = reportFriday(limit);
  if (friday > limit) friday = addDays(friday, -7);
  if (lastDataDate && reportFriday(lastDataDate) < friday) friday = reportFriday(lastDataDate);
  const first = reportFriday(span.startDate);
  return friday < first ? first : friday;
}
