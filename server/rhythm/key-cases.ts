import { parseIsoDate, type IsoDate } from '../../core/dates.ts';
import { daysLeft, keyCaseStatus, KEY_CASE_STATUS_LABELS, parseKeyCase, type KeyCaseStatus } from '../../core/rhythm/key-cases.ts';
import type { SessionUser } from '../auth/types.ts';
import type { CampaignSummary } from '../campaigns/queries.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';
import type { Db, Queryable } from '../db/types.ts';
import { ApiError, notFound } from '../http/errors.ts';

export interface KeyCase {
  id: number;
  campaignId: number;
  title: string;
  leader: string;
  deadline: IsoDate;
  requiredOutcome: string;
  createdBy: string;
  createdOn: IsoDate;
  closedOn: IsoDate | null;
  closedBy: string | null;
  closeNote: string | null;
  parcels: Array<{ id: number; code: string; unit: string | null }>;
  status: KeyCaseStatus;
  statusLabel: string;
  daysLeft: number;
}

function requireAdmin(user: SessionUser | null, what: string): SessionUser {
  if (user?.role !== 'admin') throw new ApiError(403, 'forbidden', `只有管理员可以${what}`);
  return user;
}

/** Which key cases to read: a campaign's (or any campaign's when null), those holding one parcel, or one case. */
export interface KeyCaseFilter {
  campaignId: number | null;
  parcelId?: number | null;
  caseId?: number | null;
  /**
   * Read as they stood on a day (the wall's replay): cases put under supervision by then, a closing after it not yet
   * made. Without it, every case as it stands now.
   */
  asOf?: IsoDate | null;
}

/** Key cases with status and days left on `today` (the as-of day when given); overdue first. */
export async function keyCases(db: Queryable, where: KeyCaseFilter, today: IsoDate): Promise<KeyCase[]> {
  const rows = await db.query<Omit<KeyCase, 'status' | 'statusLabel' | 'daysLeft'>>(
    `SELECT k.id, k.campaign_id AS "campaignId", k.title, k.leader, k.deadline::text AS deadline, k.required_outcome AS "requiredOutcome",
       k.created_by AS "createdBy", k.created_on::text AS "createdOn", c.closed_on::text AS "closedOn", c.closed_by AS "closedBy", c.close_note AS "closeNote",
       COALESCE((SELECT json_agg(json_build_object('id', p.id, 'code', p.code, 'unit', u.name) ORDER BY p.code)
                 FROM key_case_parcels kp JOIN parcels p ON p.id = kp.parcel_id LEFT JOIN units u ON u.id = p.unit_id
                 WHERE kp.case_id = k.id), '[]') AS parcels
     FROM key_cases k
       -- As of a day, a closing made after it has not happened yet.
       LEFT JOIN LATERAL (SELECT k.closed_on, k.closed_by, k.close_note WHERE $4::date IS NULL OR k.closed_on <= $4) c ON true
     WHERE ($1::int IS NULL OR k.campaign_id = $1)
       AND ($2::int IS NULL OR EXISTS (SELECT 1 FROM key_case_parcels kp WHERE kp.case_id = k.id AND kp.parcel_id = $2))
       AND ($3::int IS NULL OR k.id = $3)
       AND ($4::date IS NULL OR k.created_on <= $4)
     ORDER BY k.deadline, k.id`,
    [where.campaignId, where.parcelId ?? null, where.caseId ?? null, where.asOf ?? null],
  );
  const order: Record<KeyCaseStatus, number> = { overdue: 0, due_soon: 1, open: 2, closed: 3 };
  return rows
    .map((r) => {
      const status = keyCaseStatus(r, today);
      return { ...r, status, statusLabel: KEY_CASE_STATUS_LABELS[status], daysLeft: daysLeft(r.deadline, today) };
    })
    .sort((a, b) => order[a.status] - order[b.status]);
}

/** Puts a parcel or a group of parcels of the campaign under supervision (admin). */
export async function createKeyCase(db: Db, campaign: CampaignSummary, user: SessionUser | null, body: unknown, today: IsoDate): Promise<number> {
  const admin = requireAdmin(user, '挂牌督办重点案件');
  const parsed = parseKeyCase(await withParcelIds(db, campaign, body), parseIsoDate);
  if (!parsed.ok) throw new ApiError(400, 'invalid_key_case', Object.values(parsed.problems).join('；'), { problems: parsed.problems });
  const input = parsed.value;
  return db.transaction(async (tx) => {
    const found = await tx.query<{ id: number }>(
      `SELECT p.id FROM parcels p WHERE p.id = ANY($2::int[]) AND p.deleted_at IS NULL AND ${inCampaign('p', '$1')}`,
      [campaign.id, input.parcelIds],
    );
    const missing = input.parcelIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) throw new ApiError(400, 'invalid_key_case', `地块 ${missing.slice(0, 10).join('、')} 不在本专项行动中或已删除`, { problems: { parcelIds: '含不在本专项行动中的地块' } });
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO key_cases (campaign_id, title, leader, deadline, required_outcome, created_by, created_on) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [campaign.id, input.title, input.leader, input.deadline, input.requiredOutcome, admin.displayName, today],
    );
    await tx.query('INSERT INTO key_case_parcels (case_id, parcel_id) SELECT $1, unnest($2::int[])', [row!.id, input.parcelIds]);
    return row!.id;
  });
}

/** The desk names parcels by their ledger codes (parcelCodes); the API works on ids. Unknown codes are a 400 naming them. */
async function withParcelIds(db: Queryable, campaign: CampaignSummary, body: unknown): Promise<unknown> {
  const codes = (body as { parcelCodes?: unknown } | null)?.parcelCodes;
  if (!Array.isArray(codes)) return body;
  const wanted = [...new Set(codes.filter((c): c is string => typeof c === 'string').map((c) => c.trim()).filter(Boolean))].slice(0, 200);
  const found = await db.query<{ id: number; code: string }>(
    `SELECT p.id, p.code FROM parcels p WHERE p.code = ANY($2::text[]) AND p.deleted_at IS NULL AND ${inCampaign('p', '$1')}`,
    [campaign.id, wanted],
  );
  const unknown = wanted.filter((c) => !found.some((f) => f.code === c));
  if (unknown.length) throw new ApiError(400, 'invalid_key_case', `本专项行动中没有地块编号 ${unknown.slice(0, 10).join('、')}`, { problems: { parcelCodes: '含未知的地块编号' } });
  return { ...(body as object), parcelIds: found.map((f) => f.id) };
}

/** Closes a key case (admin); closing needs a note saying what was done. */
export async function closeKeyCase(db: Queryable, campaign: CampaignSummary, caseId: number, user: SessionUser | null, body: unknown, today: IsoDate): Promise<void> {
  const admin = requireAdmin(user, '办结重点案件');
  const note = typeof (body as { note?: unknown } | null)?.note === 'string' ? (body as { note: string }).note.trim() : '';
  if (!note || note.length > 1000) throw new ApiError(400, 'invalid_close', '办结须填写办结说明（1 到 1000 字）', { problems: { note: '须填写办结说明' } });
  const updated = await db.query<{ id: number }>(
    `UPDATE key_cases SET closed_on = $3, closed_by = $4, close_note = $5 WHERE id = $1 AND campaign_id = $2 AND closed_on IS NULL RETURNING id`,
    [caseId, campaign.id, today, admin.displayName, note],
  );
  if (!updated.length) {
    const [exists] = await db.query('SELECT 1 FROM key_cases WHERE id = $1 AND campaign_id = $2', [caseId, campaign.id]);
    if (!exists) throw notFound(`重点案件 ${caseId} `);
    throw new ApiError(409, 'already_closed', `重点案件 ${caseId} 已办结`);
  }
}
