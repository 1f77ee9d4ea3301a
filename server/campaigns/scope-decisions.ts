import { CATEGORIES, type Category } from '../../core/categories.ts';
import type { IsoDate } from '../../core/dates.ts';
import { scopeVerdict, type CampaignScope } from '../../core/parcel-life/scope.ts';
import type { Queryable } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';
import { livesOf } from '../parcel-life/queries.ts';

/**
 * A person's decision to count a parcel in a campaign or not, whatever the scope rules say (纳入本次行动 / 移出本次
 * 行动), with the reason and who made it — the one way campaign_scope_decisions and, through it, campaign_parcels are
 * changed by hand. Progress, ranks and reports count campaign_parcels, so they follow at once (the data version moves:
 * data/migrations/022_scope_decisions.sql). Every decision and its withdrawal is logged.
 */

export const MAX_REASON_CHARS = 500;

export interface ScopeDecisionInput {
  /** The parcel, by id or by its code in the campaign's ledger. */
  parcel: { id: number } | { code: string };
  include: boolean;
  reason: string;
}

export interface ScopeState {
  parcelId: number;
  code: string;
  projectName: string;
  inScope: boolean;
  /** Why it counts or not, as campaign_parcels says (or the rules, when it is out). */
  reason: string;
  decision: { include: boolean; reason: string; decidedBy: string; decidedAt: string } | null;
}

interface Target {
  campaignId: number;
  ledgerUnitId: number;
  parcelId: number;
  code: string;
  projectName: string;
  registeredHere: boolean;
}

async function target(db: Queryable, campaignId: number, parcel: ScopeDecisionInput['parcel']): Promise<Target> {
  const [campaign] = await db.query<{ ledgerUnitId: number }>('SELECT level_unit_id AS "ledgerUnitId" FROM campaigns WHERE id = $1', [campaignId]);
  if (!campaign) throw new ApiError(404, 'not_found', `专项行动 ${campaignId} 不存在`);
  const [row] = await db.query<{ id: number; code: string; projectName: string; ledgerUnitId: number; deleted: boolean; campaignId: number }>(
    `SELECT id, code, project_name AS "projectName", ledger_unit_id AS "ledgerUnitId", deleted_at IS NOT NULL AS deleted, campaign_id AS "campaignId"
     FROM parcels WHERE ${'id' in parcel ? 'id = $1' : 'code = $1 AND ledger_unit_id = $2'}`,
    'id' in parcel ? [parcel.id] : [parcel.code, campaign.ledgerUnitId]);
  const named = 'id' in parcel ? `地块 ${parcel.id}` : `地块编号“${parcel.code}”`;
  if (!row) throw new ApiError(404, 'not_found', `${named}不在本次行动的台账中`);
  if (row.ledgerUnitId !== campaign.ledgerUnitId) throw new ApiError(400, 'other_ledger', `${named}（${row.code}）属于另一个台账，不能纳入本次行动`);
  if (row.deleted) throw new ApiError(409, 'deleted', `${named}（${row.code}）已被删除`);
  return { campaignId, ledgerUnitId: campaign.ledgerUnitId, parcelId: row.id, code: row.code, projectName: row.projectName, registeredHere: row.campaignId === campaignId };
}

/** A reason a person can be held to: 2–500 characters once trimmed. */
export function checkReason(reason: unknown): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length < 2) throw new ApiError(400, 'bad_parameter', '参数 reason 有误：请填写纳入或移出本次行动的理由（至少 2 个字）');
  if (text.length > MAX_REASON_CHARS) throw new ApiError(400, 'bad_parameter', `参数 reason 有误：理由不能超过 ${MAX_REASON_CHARS} 个字（现为 ${text.length} 个）`);
  return text;
}

const decidedReason = (include: boolean, by: string, reason: string) => `${include ? '人工纳入' : '人工排除'}（${by}）：${reason}`;

/** Include or exclude a parcel by hand, in the caller's transaction; a second decision replaces the first. */
export async function decideScope(tx: Queryable, campaignId: number, input: ScopeDecisionInput, actor: string): Promise<ScopeState> {
  const reason = checkReason(input.reason);
  const t = await target(tx, campaignId, input.parcel);
  await tx.query(
    `INSERT INTO campaign_scope_decisions (campaign_id, parcel_id, include, reason, decided_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (campaign_id, parcel_id) DO UPDATE SET include = EXCLUDED.include, reason = EXCLUDED.reason, decided_by = EXCLUDED.decided_by, decided_at = now()`,
    [campaignId, t.parcelId, input.include, reason, actor]);
  if (input.include) {
    await tx.query(
      `INSERT INTO campaign_parcels (campaign_id, parcel_id, reason) VALUES ($1, $2, $3)
       ON CONFLICT (campaign_id, parcel_id) DO UPDATE SET reason = EXCLUDED.reason`, [campaignId, t.parcelId, decidedReason(true, actor, reason)]);
  } else {
    await tx.query('DELETE FROM campaign_parcels WHERE campaign_id = $1 AND parcel_id = $2', [campaignId, t.parcelId]);
  }
  await tx.query('INSERT INTO campaign_scope_decision_log (campaign_id, parcel_id, action, reason, actor) VALUES ($1, $2, $3, $4, $5)',
    [campaignId, t.parcelId, input.include ? 'include' : 'exclude', reason, actor]);
  return stateOf(tx, t);
}

/**
 * Takes a decision back: the parcel counts again as the campaign's rules say — registered during the campaign, or in
 * its categories and lists on its base date (core/parcel-life/scope.ts). A 404 when there is no decision to take back.
 */
export async function revokeScopeDecision(tx: Queryable, campaignId: number, parcel: ScopeDecisionInput['parcel'], actor: string, why: string): Promise<ScopeState> {
  const reason = checkReason(why);
  const t = await target(tx, campaignId, parcel);
  const [gone] = await tx.query('DELETE FROM campaign_scope_decisions WHERE campaign_id = $1 AND parcel_id = $2 RETURNING 1', [campaignId, t.parcelId]);
  if (!gone) throw new ApiError(404, 'not_found', `地块 ${t.code} 在本次行动中没有人工纳入或移出的决定，无需撤销`);
  const verdict = await ruleVerdict(tx, t);
  if (verdict.inScope) {
    await tx.query(
      `INSERT INTO campaign_parcels (campaign_id, parcel_id, reason) VALUES ($1, $2, $3)
       ON CONFLICT (campaign_id, parcel_id) DO UPDATE SET reason = EXCLUDED.reason`, [campaignId, t.parcelId, verdict.reason]);
  } else {
    await tx.query('DELETE FROM campaign_parcels WHERE campaign_id = $1 AND parcel_id = $2', [campaignId, t.parcelId]);
  }
  await tx.query('INSERT INTO campaign_scope_decision_log (campaign_id, parcel_id, action, reason, actor) VALUES ($1, $2, $3, $4, $5)',
    [campaignId, t.parcelId, 'revoke', reason, actor]);
  return stateOf(tx, t);
}

/** What the campaign's rules alone say of the parcel. */
async function ruleVerdict(db: Queryable, t: Target): Promise<{ inScope: boolean; reason: string }> {
  if (t.registeredHere) return { inScope: true, reason: '登记于本次行动' };
  const [rules] = await db.query<{ baseDate: IsoDate; categories: Category[]; sourceLists: string[]; from: number | null; to: number | null }>(
    `SELECT base_date AS "baseDate", categories, source_lists AS "sourceLists", approval_year_from AS from, approval_year_to AS to
     FROM campaign_scopes WHERE campaign_id = $1`, [t.campaignId]);
  const scope: CampaignScope = {
    baseDate: rules!.baseDate, categories: rules?.categories ?? CATEGORIES, sourceLists: rules?.sourceLists ?? [],
    approvalYears: rules?.from != null && rules.to != null ? { from: rules.from, to: rules.to } : null, decisions: [],
  };
  const life = (await livesOf(db, [t.parcelId])).get(t.parcelId)!;
  const { inScope, reason } = scopeVerdict({ parcelId: t.parcelId, ledgerMu: life.ledgerMu, sourceLists: life.sourceLists, events: life.events }, scope);
  return { inScope, reason };
}

async function stateOf(db: Queryable, t: Target): Promise<ScopeState> {
  const [[inScope], [decision]] = await Promise.all([
    db.query<{ reason: string }>('SELECT reason FROM campaign_parcels WHERE campaign_id = $1 AND parcel_id = $2', [t.campaignId, t.parcelId]),
    db.query<ScopeState['decision'] & object>(
      `SELECT include, reason, decided_by AS "decidedBy", to_char(decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "decidedAt"
       FROM campaign_scope_decisions WHERE campaign_id = $1 AND parcel_id = $2`, [t.campaignId, t.parcelId]),
  ]);
  return {
    parcelId: t.parcelId, code: t.code, projectName: t.projectName, inScope: inScope !== undefined,
    reason: inScope?.reason ?? (decision ? decidedReason(false, decision.decidedBy, decision.reason) : (await ruleVerdict(db, t)).reason),
    decision: decision ?? null,
  };
}

/** One parcel's place in a campaign's scope, and the decision about it if any. */
export async function scopeStateOf(db: Queryable, campaignId: number, parcel: ScopeDecisionInput['parcel']): Promise<ScopeState> {
  return stateOf(db, await target(db, campaignId, parcel));
}

export interface DecisionRow {
  parcelId: number;
  code: string;
  projectName: string;
  ledgerMu: number;
  include: boolean;
  reason: string;
  decidedBy: string;
  decidedAt: string;
}

export interface DecisionLogRow {
  id: number;
  parcelId: number;
  code: string;
  action: 'include' | 'exclude' | 'revoke';
  reason: string;
  actor: string;
  at: string;
}

/** A campaign's decisions in force, newest first, and the log of every decision made or taken back. */
export async function listScopeDecisions(db: Queryable, campaignId: number): Promise<{ decisions: DecisionRow[]; log: DecisionLogRow[] }> {
  const [decisions, log] = await Promise.all([
    db.query<DecisionRow>(
      `SELECT d.parcel_id AS "parcelId", p.code, p.project_name AS "projectName", p.ledger_mu AS "ledgerMu", d.include, d.reason,
              d.decided_by AS "decidedBy", to_char(d.decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "decidedAt"
       FROM campaign_scope_decisions d JOIN parcels p ON p.id = d.parcel_id WHERE d.campaign_id = $1 ORDER BY d.decided_at DESC, d.parcel_id`, [campaignId]),
    db.query<DecisionLogRow>(
      `SELECT l.id::int AS id, l.parcel_id AS "parcelId", p.code, l.action, l.reason, l.actor, to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
       FROM campaign_scope_decision_log l JOIN parcels p ON p.id = l.parcel_id WHERE l.campaign_id = $1 ORDER BY l.id DESC LIMIT 200`, [campaignId]),
  ]);
  return { decisions, log };
}
