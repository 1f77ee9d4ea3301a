import { Hono } from 'hono';
import { parseIdleAssessment } from '../../core/warnings/idle-assessment.ts';
import type { AppEnv } from '../auth/types.ts';
import type { Db } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError, notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { assertWithinUnits, editor } from '../parcels/permissions.ts';
import { snapshotOf } from '../parcels/write.ts';
import { idleSection } from './idle-section.ts';
import { saveAssessment } from './queries.ts';

/**
 * PUT /api/parcels/:id/idle-assessment — records what a person established about a parcel's development (actual
 * start, halt, developed and invested shares, government cause with its note). Editors within their units, admins.
 * Answers the parcel's idle section: the assessment and the class it now gives.
 */
export function idleAssessmentRoutes(db: Db) {
  return new Hono<AppEnv>().put('/:id/idle-assessment', async (c) => {
    const user = editor(c.get('user'));
    const id = params.positiveId('id', c.req.param('id'));
    const body = await jsonBody(c);
    if (!isRecord(body)) throw new ApiError(400, 'bad_request', '请求内容应为 JSON 对象');
    const parsed = parseIdleAssessment(body);
    if (!parsed.ok) throw new ApiError(400, 'invalid_assessment', `闲置认定信息有误：${parsed.problems.join('；')}`, { problems: parsed.problems });
    await db.transaction(async (tx) => {
      // Locked so the check against the editor's units holds for the parcel as it is while the assessment is written.
      const [locked] = await tx.query('SELECT 1 FROM parcels WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [id]);
      if (!locked) throw notFound(`地块 ${id} `);
      await assertWithinUnits(tx, user, (await snapshotOf(tx, id))!, '修改前');
      await saveAssessment(tx, id, parsed.value, user.username);
    });
    return c.json(await idleSection(db, id, c.req.query('date')));
  });
}
