import { Hono } from 'hono';
import type { AppEnv, SessionUser } from '../auth/types.ts';
import { requireAdmin } from '../campaign-setup/admin.ts';
import type { Db } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError, badParameter } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { campaignFromParam } from './queries.ts';
import { decideScope, listScopeDecisions, revokeScopeDecision, scopeStateOf, type ScopeDecisionInput } from './scope-decisions.ts';

const actorOf = (user: SessionUser) => (user.displayName && user.displayName !== user.username ? `${user.displayName}（${user.username}）` : user.username);

/** The parcel a decision is about: `parcelId` (a positive integer) or `parcelCode` (its code in the ledger). */
function parcelOf(body: Record<string, unknown>): ScopeDecisionInput['parcel'] {
  if (body.parcelId !== undefined) {
    if (typeof body.parcelId !== 'number' || !Number.isInteger(body.parcelId) || body.parcelId < 1) throw badParameter('parcelId', '应为正整数地块编号');
    return { id: body.parcelId };
  }
  const code = typeof body.parcelCode === 'string' ? body.parcelCode.trim() : '';
  if (!code) throw badParameter('parcelCode', '请给出地块编号（parcelCode）或地块 id（parcelId）');
  if (code.length > 100) throw badParameter('parcelCode', `地块编号过长（${code.length} 个字符，上限 100）`);
  return { code };
}

/**
 * Scope decisions (admin): GET /api/campaigns/:id/scope-decisions — those in force and the log;
 * GET /api/campaigns/:id/scope/:parcelId — whether a parcel counts and why;
 * PUT /api/campaigns/:id/scope-decisions {parcelId | parcelCode, include, reason} — 纳入 / 移出本次行动;
 * POST /api/campaigns/:id/scope-decisions/:parcelId/revoke {reason} — back to what the rules say.
 */
export function scopeDecisionRoutes(db: Db) {
  return new Hono<AppEnv>()
    .get('/:id/scope-decisions', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      return c.json({ campaignId: campaign.id, ...(await listScopeDecisions(db, campaign.id)) });
    })
    .get('/:id/scope/:parcelId', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      return c.json(await scopeStateOf(db, campaign.id, { id: params.positiveId('parcelId', c.req.param('parcelId')) }));
    })
    .put('/:id/scope-decisions', async (c) => {
      const user = requireAdmin(c.get('user'));
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const body = await jsonBody(c);
      if (!isRecord(body)) throw new ApiError(400, 'bad_request', '请求内容应为 JSON 对象');
      if (typeof body.include !== 'boolean') throw badParameter('include', '应为 true（纳入本次行动）或 false（移出本次行动）');
      const input: ScopeDecisionInput = { parcel: parcelOf(body), include: body.include, reason: typeof body.reason === 'string' ? body.reason : '' };
      return c.json(await db.transaction((tx) => decideScope(tx, campaign.id, input, actorOf(user))));
    })
    .post('/:id/scope-decisions/:parcelId/revoke', async (c) => {
      const user = requireAdmin(c.get('user'));
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const parcelId = params.positiveId('parcelId', c.req.param('parcelId'));
      const body = await jsonBody(c);
      const reason = isRecord(body) && typeof body.reason === 'string' ? body.reason : '';
      return c.json(await db.transaction((tx) => revokeScopeDecision(tx, campaign.id, { id: parcelId }, actorOf(user), reason)));
    });
}
