import type { TaskType } from '../../core/categories.ts';
import { todayInChina, type IsoDate } from '../../core/dates.ts';
import { differences, parseSubmission, rowOpen, rowState, weeklyDeadline, type RowState, type WeekFigures } from '../../core/rhythm/submission.ts';
import { lastFinishedFriday, reportFridays } from '../../core/weeks.ts';
import type { SessionUser } from '../auth/types.ts';
import { campaignUnitList, unitTasks, type CampaignSummary } from '../campaigns/queries.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';
import { weeklyDisposals } from '../campaigns/weekly.ts';
import type { Db, Queryable } from '../db/types.ts';
import { ApiError, badParameter } from '../http/errors.ts';
import { unitLeaders, type UnitLeader } from './leaders.ts';
import { rhythmSettings } from './settings.ts';

export interface Submission {
  figures: WeekFigures;
  recorded: WeekFigures;
  reason: string | null;
  signedBy: string;
  submittedAt: string;
  late: boolean;
  revision: number;
}

export interface WeeklyRow {
  unitId: number;
  unit: string;
  leader: UnitLeader | null;
  tasks: Partial<Record<TaskType, number | null>>;
  /** This week's disposals as the records have them now, mu. */
  recorded: WeekFigures;
  submission: Submission | null;
  /** Submitted minus recorded now, mu (only where they differ). */
  differences: WeekFigures;
  state: RowState;
  reopened: boolean;
  open: boolean;
}

export interface WeeklyStatus {
  campaignId: number;
  friday: IsoDate;
  deadline: string;
  taskTypes: TaskType[];
  rows: WeeklyRow[];
  summary: Record<RowState, number>;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The report weeks (Fridays) a campaign has, and the one a report shows when none is asked (see lastFinishedFriday). */
export async function campaignWeeks(db: Queryable, campaign: CampaignSummary, now: Date): Promise<{ weeks: IsoDate[]; defaultFriday: IsoDate }> {
  const [last] = await db.query<{ date: IsoDate | null }>(
    `SELECT max(d.date)::text AS date FROM disposal_records d JOIN parcels p ON p.id = d.parcel_id AND p.deleted_at IS NULL
     WHERE ${inCampaign('p', '$1')} AND d.date BETWEEN $2 AND $3`,
    [campaign.id, campaign.startDate, campaign.endDate],
  );
  const defaultFriday = lastFinishedFriday(campaign, todayInChina(now), last?.date ?? null);
  return { weeks: reportFridays(campaign.startDate, campaign.endDate), defaultFriday };
}

/** A report week named by its Friday: a 400 unless it is one of the campaign's report weeks. */
export function reportWeekParam(campaign: CampaignSummary, text: string | undefined, name = 'friday'): IsoDate {
  const weeks = reportFridays(campaign.startDate, campaign.endDate);
  if (!text || !weeks.includes(text as IsoDate)) throw badParameter(name, `应为本专项行动某一报告周的周五（${weeks[0]} 至 ${weeks.at(-1)}），收到“${(text ?? '').slice(0, 40)}”`);
  return text as IsoDate;
}

/** Every unit's row of one report week: tasks, recorded disposals, the submission if any, and where it stands. */
export async function weeklyStatus(db: Queryable, campaign: CampaignSummary, friday: IsoDate, now: Date): Promise<WeeklyStatus> {
  const [settings, units, tasks, leaders, { weeks, byUnit }, submissions, reopenings] = await Promise.all([
    rhythmSettings(db, campaign),
    campaignUnitList(db, campaign.id),
    unitTasks(db, campaign.id),
    unitLeaders(db, campaign.id),
    weeklyDisposals(db, campaign, friday),
    db.query<Submission & { unitId: number }>(
      `SELECT unit_id AS "unitId", figures, recorded, reason, signed_by AS "signedBy", submitted_at AS "submittedAt", late, revision
       FROM weekly_submissions WHERE campaign_id = $1 AND friday = $2`,
      [campaign.id, friday],
    ),
    db.query<{ unitId: number }>('SELECT unit_id AS "unitId" FROM weekly_reopenings WHERE campaign_id = $1 AND friday = $2', [campaign.id, friday]),
  ]);
  const at = weeks.indexOf(friday);
  const deadline = weeklyDeadline(friday, settings.deadline);
  const reopened = new Set(reopenings.map((r) => r.unitId));
  const rows = units.map((u): WeeklyRow => {
    const recorded = Object.fromEntries(campaign.taskTypes.map((t) => [t, round2(at < 0 ? 0 : byUnit.get(u.id)?.get(t)?.[at] ?? 0)])) as WeekFigures;
    const found = submissions.find((s) => s.unitId === u.id);
    let submission: Submission | null = null;
    if (found) {
      const { unitId: _unit, ...rest } = found;
      submission = { ...rest, submittedAt: new Date(found.submittedAt).toISOString() };
    }
    return {
      unitId: u.id,
      unit: u.name,
      leader: leaders.get(u.id) ?? null,
      tasks: Object.fromEntries(campaign.taskTypes.map((t) => [t, tasks.find((x) => x.unitId === u.id && x.taskType === t)?.taskMu ?? null])),
      recorded,
      ...standing(submission, recorded, campaign.taskTypes, deadline, now, reopened.has(u.id)),
    };
  });
  const summary: Record<RowState, number> = { submitted: 0, late: 0, pending: 0, missing: 0 };
  for (const r of rows) summary[r.state]++;
  return { campaignId: campaign.id, friday, deadline: deadline.toISOString(), taskTypes: campaign.taskTypes, rows, summary };
}

/** Where a unit's row stands at `now`: its submission, how it differs from the records, its state, whether it is open. */
function standing(submission: Submission | null, recorded: WeekFigures, taskTypes: TaskType[], deadline: Date, now: Date, reopened: boolean): Pick<WeeklyRow, 'submission' | 'differences' | 'state' | 'reopened' | 'open'> {
  return {
    submission,
    differences: submission ? differences(submission.figures, recorded, taskTypes) : {},
    state: rowState(submission, deadline, now),
    reopened,
    open: rowOpen(deadline, now, reopened),
  };
}

/** An editor reports for their own units; an admin for any. */
function mayReportFor(user: SessionUser, unitId: number): boolean {
  return user.role === 'admin' || (user.role === 'editor' && user.unitIds.includes(unitId));
}

/**
 * Signs one unit's weekly row: figures pre-filled from the records may be corrected with a reason; refused after the
 * deadline unless an admin reopened the row (the reopening is then used up, and the row marked 逾期报送). The time is
 * read, the row judged open or late and the reopening used up inside the one transaction that writes the row: a
 * submission racing the deadline, or two racing for one reopening, cannot both pass.
 */
export async function submitWeeklyRow(db: Db, campaign: CampaignSummary, friday: IsoDate, unitId: number, user: SessionUser, body: unknown, clock: () => Date): Promise<WeeklyRow> {
  if (!mayReportFor(user, unitId)) throw new ApiError(403, 'forbidden', '只能报送本人负责单位的周报告');
  return db.transaction(async (tx) => {
    const now = clock();
    const status = await weeklyStatus(tx, campaign, friday, now);
    const row = status.rows.find((r) => r.unitId === unitId);
    if (!row) throw badParameter('unitId', `单位 ${unitId} 不属于本专项行动`);
    const locked = () =>
      new ApiError(409, 'locked', `本周（截至 ${friday}）报送已于 ${new Date(status.deadline).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} 截止，已锁定；如需补报或更正，请管理员重新开放`);
    if (!row.open) throw locked();
    const parsed = parseSubmission(body, campaign.taskTypes, row.recorded);
    if (!parsed.ok) throw new ApiError(400, 'invalid_submission', Object.values(parsed.problems).join('；'), { problems: parsed.problems });
    const late = now.getTime() > new Date(status.deadline).getTime();
    // Late: this submission uses the reopening up; if another took it first, the row is locked again.
    if (late) {
      const used = await tx.query('DELETE FROM weekly_reopenings WHERE campaign_id = $1 AND unit_id = $2 AND friday = $3 RETURNING 1', [campaign.id, unitId, friday]);
      if (!used.length) throw locked();
    }
    const [written] = await tx.query<{ revision: number }>(
      `INSERT INTO weekly_submissions (campaign_id, unit_id, friday, figures, recorded, reason, signed_by, user_id, submitted_at, late)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (campaign_id, unit_id, friday) DO UPDATE SET figures = EXCLUDED.figures, recorded = EXCLUDED.recorded,
         reason = EXCLUDED.reason, signed_by = EXCLUDED.signed_by, user_id = EXCLUDED.user_id, submitted_at = EXCLUDED.submitted_at,
         late = EXCLUDED.late, revision = weekly_submissions.revision + 1
       RETURNING revision`,
      [campaign.id, unitId, friday, JSON.stringify(parsed.value.figures), JSON.stringify(row.recorded), parsed.value.reason, signerName(user), user.id, now.toISOString(), late],
    );
    const submission: Submission = { ...parsed.value, recorded: row.recorded, signedBy: signerName(user), submittedAt: now.toISOString(), late, revision: written!.revision };
    // A late submission has used its reopening up (deleted above).
    return { ...row, ...standing(submission, row.recorded, campaign.taskTypes, new Date(status.deadline), now, row.reopened && !late) };
  });
}

/** An admin lets one unit submit (or correct) a week after its deadline, with the reason recorded. */
export async function reopenWeeklyRow(db: Queryable, campaign: CampaignSummary, friday: IsoDate, unitId: number, user: SessionUser, reason: string, now: Date): Promise<void> {
  if (user.role !== 'admin') throw new ApiError(403, 'forbidden', '只有管理员可以重新开放已锁定的周报告');
  const units = await campaignUnitList(db, campaign.id);
  if (!units.some((u) => u.id === unitId)) throw badParameter('unitId', `单位 ${unitId} 不属于本专项行动`);
  await db.query(
    `INSERT INTO weekly_reopenings (campaign_id, unit_id, friday, reason, reopened_by, reopened_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (campaign_id, unit_id, friday) DO UPDATE SET reason = EXCLUDED.reason, reopened_by = EXCLUDED.reopened_by, reopened_at = EXCLUDED.reopened_at`,
    [campaign.id, unitId, friday, reason, user.displayName, now.toISOString()],
  );
}

/** Who signs a row, as weekly_submissions.signed_by holds it (1–40 characters): the display name, else the user name. */
const signerName = (user: { displayName: string | null; username: string }) => (user.displayName?.trim() || user.username).slice(0, 40);
