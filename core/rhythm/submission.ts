import { TASK_TYPE_LABELS, type TaskType } from '../categories.ts';
import { addDays, type IsoDate } from '../dates.ts';

/** When a report week's row is due: the first `weekday` (ISO, 1 = Monday) on or after the week's Friday, at `time` China time. */
export interface DeadlineRule {
  weekday: number;
  time: string;
}

export function weeklyDeadline(friday: IsoDate, rule: DeadlineRule): Date {
  const day = addDays(friday, (rule.weekday - 5 + 7) % 7);
  return new Date(`${day}T${rule.time}:00+08:00`);
}

/** Figures of one unit's weekly row, in mu per task type the campaign tracks. */
export type WeekFigures = Partial<Record<TaskType, number>>;

/**
 * Where a unit's row stands: 已报送 on time, 逾期报送 after the deadline (only possible once reopened), 待报送 before
 * the deadline, 未报送 after it.
 */
export type RowState = 'submitted' | 'late' | 'pending' | 'missing';
export const ROW_STATE_LABELS: Record<RowState, string> = { submitted: '已报送', late: '逾期报送', pending: '待报送', missing: '未报送' };

export function rowState(submission: { late: boolean } | null, deadline: Date, now: Date): RowState {
  if (submission) return submission.late ? 'late' : 'submitted';
  return now.getTime() <= deadline.getTime() ? 'pending' : 'missing';
}

/** A row may be written until its deadline; after it, only while an admin's reopening stands (used up by one submission). */
export function rowOpen(deadline: Date, now: Date, reopened: boolean): boolean {
  return reopened || now.getTime() <= deadline.getTime();
}

/** Submitted minus recorded, per task type, in mu; a difference under 0.005 mu (what two decimals show) is none. */
export function differences(figures: WeekFigures, recorded: WeekFigures, taskTypes: readonly TaskType[]): WeekFigures {
  const out: WeekFigures = {};
  for (const t of taskTypes) {
    const d = (figures[t] ?? 0) - (recorded[t] ?? 0);
    if (Math.abs(d) >= 0.005) out[t] = Math.round(d * 100) / 100;
  }
  return out;
}

/** The most a unit disposes of in one week, mu: a typo guard (a whole year's 附件4 task is 39,814 mu). */
export const MAX_WEEK_MU = 100_000;

export type SubmissionInput = { figures: WeekFigures; reason: string | null };

/**
 * A submission body read once at the edge: every tracked task type a number of mu (0 to MAX_WEEK_MU, two decimals
 * kept), and a reason whenever the figures differ from the records. Returns the reasons per field when it is not.
 */
export function parseSubmission(body: unknown, taskTypes: readonly TaskType[], recorded: WeekFigures): { ok: true; value: SubmissionInput } | { ok: false; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const given = (typeof input.figures === 'object' && input.figures !== null ? input.figures : {}) as Record<string, unknown>;
  const figures: WeekFigures = {};
  for (const t of taskTypes) {
    const v = given[t];
    if (typeof v !== 'number' || !Number.isFinite(v)) problems[`figures.${t}`] = `${TASK_TYPE_LABELS[t]}本周处置量须为数字（亩）`;
    else if (v < 0 || v > MAX_WEEK_MU) problems[`figures.${t}`] = `${TASK_TYPE_LABELS[t]}本周处置量须在 0 到 ${MAX_WEEK_MU} 亩之间，收到 ${v}`;
    else figures[t] = Math.round(v * 100) / 100;
  }
  for (const k of Object.keys(given)) if (!(taskTypes as readonly string[]).includes(k)) problems[`figures.${k}`] = `本专项行动不统计“${k}”`;
  const reasonText = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (input.reason !== undefined && input.reason !== null && typeof input.reason !== 'string') problems.reason = '更正理由须为文字';
  else if (reasonText.length > 500) problems.reason = `更正理由最多 500 字，收到 ${reasonText.length} 字`;
  if (Object.keys(problems).length) return { ok: false, problems };
  const changed = differences(figures, recorded, taskTypes);
  if (Object.keys(changed).length && !reasonText) {
    const which = Object.keys(changed).map((t) => TASK_TYPE_LABELS[t as TaskType]).join('、');
    return { ok: false, problems: { reason: `${which}与处置记录不一致，须填写更正理由` } };
  }
  return { ok: true, value: { figures, reason: reasonText || null } };
}
