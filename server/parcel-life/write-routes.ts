import { Hono, type Context } from 'hono';
import { todayInChina } from '../../core/dates.ts';
import { fieldsFollowing } from '../../core/parcel-life/edits.ts';
import type { LedgerFacts } from '../../core/parcel-life/from-fields.ts';
import { parseEnteredEvent } from '../../core/parcel-life/input.ts';
import { standingOn } from '../../core/parcel-life/standing.ts';
import type { AppEnv, SessionUser } from '../auth/types.ts';
import type { Db, Queryable } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError, notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { addDisposal, lockParcel } from '../ledger/disposals.ts';
import { editor } from '../parcels/permissions.ts';
import { writeParcels } from '../parcels/service/index.ts';
import type { ParcelChange } from '../parcels/service/types.ts';
import { keepPeriods } from './periods.ts';
import { livesOf } from './queries.ts';
import { insertEvents, recordLedgerLives, retireEvents } from './record.ts';

async function bodyRecord(c: Context): Promise<Record<string, unknown>> {
  const body = await jsonBody(c);
  if (!isRecord(body)) throw new ApiError(400, 'bad_request', '请求内容应为 JSON 对象');
  return body;
}

/** The reason a person retires or corrects an event: required, at most 500 characters. */
function reasonOf(body: Record<string, unknown>): string {
  const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
  if (!reason) throw new ApiError(400, 'bad_request', '原因（reason）：删除或更正事项须说明原因');
  if (reason.length > 500) throw new ApiError(400, 'bad_request', `原因（reason）：不超过 500 字，收到 ${reason.length} 字`);
  return reason;
}

function parsedEvent(body: Record<string, unknown>) {
  const parsed = parseEnteredEvent(body, todayInChina());
  if (!parsed.ok) throw new ApiError(400, 'invalid_event', `事项有误：${parsed.problems.map((p) => p.message).join('；')}`, { problems: parsed.problems });
  return parsed;
}

/**
 * After their lives changed, the parcels' kept periods are computed again, and their ledger records follow them (the
 * category in force today, the supply…), written through the one write service in one call (version, history,
 * permission after); the events are already recorded, so the write adds none. Reads every parcel's life and record
 * once, however many parcels.
 */
export async function recordFollows(tx: Queryable, user: SessionUser, parcelIds: readonly number[]): Promise<void> {
  if (!parcelIds.length) return;
  await keepPeriods(tx, parcelIds);
  const today = todayInChina();
  const [lives, rows] = await Promise.all([
    livesOf(tx, parcelIds),
    tx.query<{ id: number; fields: LedgerFacts }>(
      `SELECT id, jsonb_build_object('category', category, 'status', status, 'approvalDate', approval_date, 'supplyDate', supply_date,
         'agreedStartDate', agreed_start_date, 'disposalMethod', disposal_method) AS fields FROM parcels WHERE id = ANY($1::int[]) ORDER BY id`, [[...parcelIds]]),
  ]);
  const changes = rows.flatMap(({ id, fields }): ParcelChange[] => {
    const life = lives.get(id)!;
    const following = fieldsFollowing(standingOn(life.events, today, life.ledgerMu), fields);
    return Object.keys(following).length ? [{ op: 'update', id, eventsRecorded: true, body: (current) => ({ ...current, ...following }) }] : [];
  });
  if (changes.length) await writeParcels(tx, { actor: user }, changes);
}

/** The live event of this parcel that the user may retire or correct: their own, or any (admin). */
async function ownEvent(tx: Queryable, user: SessionUser, parcelId: number, eventId: number) {
  const [e] = await tx.query<{ source: string; actor: string }>('SELECT source, actor FROM parcel_events WHERE id = $1 AND parcel_id = $2 AND deleted_at IS NULL', [eventId, parcelId]);
  if (!e) throw notFound(`地块 ${parcelId} 的事项 ${eventId} `);
  if (user.role !== 'admin' && !(e.source === 'person' && e.actor === user.username)) {
    throw new ApiError(403, 'forbidden', `只能删除或更正自己登记的事项（该事项由${e.source === 'person' ? `“${e.actor}”登记` : '导入或台账推定'}），请联系管理员`);
  }
}

/**
 * POST /api/parcels/:id/events — a person enters an event (kind, date, what the kind carries, note); a disposal goes
 * to the disposal records with their rules. PUT …/events/:eventId { …, reason } corrects one (the old one retired,
 * the new one naming it); DELETE …/events/:eventId { reason } retires one. The ledger record follows the life.
 * Editors within their units, as for any edit of the parcel.
 */
export function parcelEventRoutes(db: Db) {
  const ids = (c: Context) => ({ id: params.positiveId('id', c.req.param('id')), eventId: params.positiveId('eventId', c.req.param('eventId') ?? '') });
  return new Hono<AppEnv>()
    .post('/:id/events', async (c) => {
      const user = editor(c.get('user'));
      const id = params.positiveId('id', c.req.param('id'));
      const body = await bodyRecord(c);
      const parsed = parsedEvent(body);
      if (parsed.kind === 'disposal') return c.json(await db.transaction((tx) => addDisposal(tx, user, id, parsed.body)), 201);
      const eventId = await db.transaction(async (tx) => {
        await lockParcel(tx, user, id, '事项');
        await recordLedgerLives(tx, [id], { source: 'ledger', actor: user.username });
        const [eventId] = await insertEvents(tx, [{ parcelId: id, event: parsed.event, note: parsed.note }], { source: 'person', actor: user.username });
        await recordFollows(tx, user, [id]);
        return eventId!;
      });
      return c.json({ eventId }, 201);
    })
    .put('/:id/events/:eventId', async (c) => {
      const user = editor(c.get('user'));
      const { id, eventId } = ids(c);
      const body = await bodyRecord(c);
      const reason = reasonOf(body);
      const parsed = parsedEvent(body);
      if (parsed.kind === 'disposal') throw new ApiError(400, 'bad_request', '处置记录请在“处置记录”中删除后重新登记');
      const newId = await db.transaction(async (tx) => {
        await lockParcel(tx, user, id, '事项');
        await ownEvent(tx, user, id, eventId);
        await retireEvents(tx, [{ id: eventId, reason: `更正：${reason}` }], user.username);
        const [newId] = await insertEvents(tx, [{ parcelId: id, event: parsed.event, note: parsed.note, replaces: eventId }], { source: 'person', actor: user.username });
        await recordFollows(tx, user, [id]);
        return newId!;
      });
      return c.json({ eventId: newId, replaces: eventId });
    })
    .delete('/:id/events/:eventId', async (c) => {
      const user = editor(c.get('user'));
      const { id, eventId } = ids(c);
      const reason = reasonOf(await bodyRecord(c));
      await db.transaction(async (tx) => {
        await lockParcel(tx, user, id, '事项');
        await ownEvent(tx, user, id, eventId);
        await retireEvents(tx, [{ id: eventId, reason }], user.username);
        await recordFollows(tx, user, [id]);
      });
      return c.body(null, 204);
    });
}
