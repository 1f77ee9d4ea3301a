import { dayNumber, type IsoDate } from '../dates.ts';

/** 重点案件挂牌督办: a case is open until closed with a note; open past its deadline it is overdue (逾期). */
export type KeyCaseStatus = 'open' | 'due_soon' | 'overdue' | 'closed';
export const KEY_CASE_STATUS_LABELS: Record<KeyCaseStatus, string> = { open: '督办中', due_soon: '即将到期', overdue: '逾期', closed: '已办结' };

/** Days before the deadline from which an open case is flagged 即将到期. */
export const DUE_SOON_DAYS = 7;

/** Whole days from `today` to the deadline: 0 on the day, negative once past. */
export const daysLeft = (deadline: IsoDate, today: IsoDate): number => dayNumber(deadline) - dayNumber(today);

/** The days a case has left as the desk and the wall say them: 剩 N 天, or 已逾期 N 天 once past. */
export const daysLeftText = (daysLeft: number): string => (daysLeft < 0 ? `已逾期 ${-daysLeft} 天` : `剩 ${daysLeft} 天`);

export function keyCaseStatus(c: { deadline: IsoDate; closedOn: IsoDate | null }, today: IsoDate): KeyCaseStatus {
  if (c.closedOn) return 'closed';
  const left = daysLeft(c.deadline, today);
  if (left < 0) return 'overdue';
  return left <= DUE_SOON_DAYS ? 'due_soon' : 'open';
}

export interface KeyCaseInput {
  title: string;
  parcelIds: number[];
  leader: string;
  deadline: IsoDate;
  requiredOutcome: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** A key case as an admin puts it under supervision, read once at the edge; reasons per field when it is not one. */
export function parseKeyCase(body: unknown, parseDate: (s: string) => IsoDate | null): { ok: true; value: KeyCaseInput } | { ok: false; problems: Record<string, string> } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const problems: Record<string, string> = {};
  const title = text(b.title);
  if (!title || title.length > 100) problems.title = '案件名称须为 1 到 100 字';
  const leader = text(b.leader);
  if (!leader || leader.length > 40) problems.leader = '督办领导须为 1 到 40 字';
  const requiredOutcome = text(b.requiredOutcome);
  if (!requiredOutcome || requiredOutcome.length > 500) problems.requiredOutcome = '督办要求（须达到的结果）须为 1 到 500 字';
  const deadline = typeof b.deadline === 'string' ? parseDate(b.deadline) : null;
  if (!deadline) problems.deadline = '办结期限须为 YYYY-MM-DD 格式的有效日期';
  const ids = Array.isArray(b.parcelIds) ? b.parcelIds : [];
  if (!ids.length || ids.length > 200 || !ids.every((x) => Number.isInteger(x) && (x as number) > 0)) problems.parcelIds = '须选择 1 到 200 宗地块（地块编号为正整数）';
  if (Object.keys(problems).length) return { ok: false, problems };
  return { ok: true, value: { title, leader, requiredOutcome, deadline: deadline!, parcelIds: [...new Set(ids as number[])] } };
}
