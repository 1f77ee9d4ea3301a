import { dayNumber, type IsoDate } from '../dates.ts';

/** 重点案件挂牌督办: a case is open until closed with a note; open past its deadline it is overdue (逾期). */
export type KeyCaseStatus = 'open' | 'due_soon' | 'overdue' | 'closed';
export const KEY_CASE_STATUS_LABELS: Record<KeyCaseStatus, string> = { open: '督办中', due_soon: '即将到期', overdue: '逾期', closed: '已办结' };

/** Days before the deadline from which an open case is flagged 即将到期. */
export const DUE_SOON_DAYS = 7;

/** Whole days from `today` to the deadline: 0 on the day, negative once past. */
export const daysLeft = (deadline: IsoDate, today: IsoDate): number => dayNumber(deadline) - dayNumber(today);

export function keyCaseStatus(c: { deadline: IsoDate; closedOn: IsoDate | null }, today: IsoDate): KeyCaseStatus {
  if (c.closedOn) return 'closed';
  const left = daysLeft(c.deadline, today);
  if (left < 0) return 'overdue';
  return left <= DUE_SOON_DAYS ? 'due_soon' : 'open';
}
