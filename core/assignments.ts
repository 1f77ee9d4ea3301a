/**
 * 外业核查任务 (field assignments): an admin or an editor asks a field account to check parcels by a due date. The status
 * is never stored: it follows from the field checks (a check of the parcel by that person after the assignment),
 * the due date and the day, in China time as every date of the app.
 */
import { dayNumber, todayInChina, type IsoDate } from './dates.ts';

export const ASSIGNMENT_STATUSES = ['pending', 'checked', 'overdue', 'cancelled'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  pending: '待核查',
  checked: '已核查',
  overdue: '逾期',
  cancelled: '已取消',
};

/** The most parcels one request assigns (a ledger selection): one transaction, answered in seconds. */
export const MAX_ASSIGN_PARCELS = 500;
export const MAX_ASSIGNMENT_NOTE_CHARS = 500;
/** How far ahead a due date may lie: a task for next year is a mistyped year. */
export const MAX_DUE_DAYS_AHEAD = 366;

/** What the status is derived from. Times are ISO instants; the due date is a calendar day in China. */
export interface AssignmentFacts {
  createdAt: string;
  dueDate: IsoDate;
  cancelledAt: string | null;
  /** When the assigned person last observed the parcel in a field check (observedAt), or null: any time, the rule decides. */
  lastCheckAt: string | null;
}

/** Whether a check observed at `observedAt` answers an assignment made at `createdAt`: only one made after it. */
export const checkAnswers = (createdAt: string, observedAt: string): boolean => Date.parse(observedAt) >= Date.parse(createdAt);

/**
 * 待核查 until the assigned person records a check of the parcel after the assignment, then 已核查; 逾期 once the due day
 * has passed in China without such a check (on the due day itself it is still 待核查); a cancelled one is 已取消.
 */
export function assignmentStatus(a: AssignmentFacts, now: Date): AssignmentStatus {
  if (a.cancelledAt) return 'cancelled';
  if (a.lastCheckAt && checkAnswers(a.createdAt, a.lastCheckAt)) return 'checked';
  return dayNumber(todayInChina(now)) > dayNumber(a.dueDate) ? 'overdue' : 'pending';
}

/** Whole days from today (China) to the due day: 0 on the day, negative once past. */
export const daysToDue = (dueDate: IsoDate, now: Date): number => dayNumber(dueDate) - dayNumber(todayInChina(now));

/**
 * On the phone: a check recorded for the parcel after the assignment but still in the outbox (offline) already answers
 * it there; the server's status follows once it is synced.
 */
export function answeredOnPhone(a: { createdAt: string; parcelId: number }, outbox: ReadonlyArray<{ parcelId: number; observedAt: string; sent: boolean }>): boolean {
  return outbox.some((q) => !q.sent && q.parcelId === a.parcelId && checkAnswers(a.createdAt, q.observedAt));
}

export interface AssignmentInput {
  parcelIds: number[];
  assigneeId: number;
  dueDate: IsoDate;
  note: string;
}

export type AssignmentProblems = Partial<Record<'parcelIds' | 'assigneeId' | 'dueDate' | 'note', string>>;

const isId = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x > 0 && x <= 2 ** 31 - 1;

/**
 * A request to assign parcels, read once at the edge; reasons per field (in Chinese) when it is not one. The due date
 * may not lie before today in China nor more than a year ahead.
 */
export function parseAssignmentInput(
  body: unknown,
  now: Date,
  parseDate: (text: string) => IsoDate | null,
): { ok: true; value: AssignmentInput } | { ok: false; problems: AssignmentProblems } {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const problems: AssignmentProblems = {};
  const ids = b.parcelIds;
  if (!Array.isArray(ids) || ids.length === 0) problems.parcelIds = '请选择要指派的地块（parcelIds：地块 id 的数组）';
  else if (ids.length > MAX_ASSIGN_PARCELS) problems.parcelIds = `一次最多指派 ${MAX_ASSIGN_PARCELS} 宗地块，所选为 ${ids.length} 宗，请分批指派`;
  else {
    const bad = ids.findIndex((x) => !isId(x));
    if (bad >= 0) problems.parcelIds = `第 ${bad + 1} 项不是有效的地块 id：${JSON.stringify(ids[bad])?.slice(0, 40)}`;
  }
  if (!isId(b.assigneeId)) problems.assigneeId = '请选择外业核查人员（assigneeId：账号 id）';
  const today = todayInChina(now);
  const due = typeof b.dueDate === 'string' ? parseDate(b.dueDate) : null;
  if (!due) problems.dueDate = '完成期限（dueDate）须为 YYYY-MM-DD 格式的有效日期';
  else if (due < today) problems.dueDate = `完成期限 ${due} 早于今天（${today}）`;
  else if (dayNumber(due) - dayNumber(today) > MAX_DUE_DAYS_AHEAD) problems.dueDate = `完成期限 ${due} 超过一年以后，请检查年份`;
  const note = b.note === undefined || b.note === null ? '' : typeof b.note === 'string' ? b.note.trim() : null;
  if (note === null) problems.note = '备注（note）须为文字';
  else if (note.length > MAX_ASSIGNMENT_NOTE_CHARS) problems.note = `备注最多 ${MAX_ASSIGNMENT_NOTE_CHARS} 字，现为 ${note.length} 字`;
  if (Object.keys(problems).length) return { ok: false, problems };
  return { ok: true, value: { parcelIds: [...new Set(ids as number[])], assigneeId: b.assigneeId as number, dueDate: due!, note: note! } };
}

/** A checked task stays in the assignee's list this many days after the check (they see it arrived), then leaves it. */
export const CHECKED_SHOWN_DAYS = 14;

/** Whether a task is in the assignee's 我的任务: every open one, and a checked one for a while after its check. */
export function shownToAssignee(a: AssignmentFacts, now: Date): boolean {
  const status = assignmentStatus(a, now);
  if (status === 'cancelled') return false;
  if (status !== 'checked') return true;
  return now.getTime() - Date.parse(a.lastCheckAt!) <= CHECKED_SHOWN_DAYS * 86_400_000;
}

/** A person as an assignment names them. */
export interface AssignmentPerson {
  id: number;
  username: string;
  displayName: string;
}

/** An assignment as the API answers it: the stored facts, the parcel named, and the status on the server's day. */
export interface Assignment extends AssignmentFacts {
  id: number;
  parcelId: number;
  parcelCode: string;
  projectName: string;
  unitName: string | null;
  assignee: AssignmentPerson;
  assignedBy: AssignmentPerson;
  note: string;
  cancelledBy: string | null;
  /** The assignment that took this one over when it was reassigned. */
  replacedBy: number | null;
  status: AssignmentStatus;
  statusLabel: string;
  /** Whole days from today (China) to the due day: 0 on the day, negative once past. */
  daysToDue: number;
}
