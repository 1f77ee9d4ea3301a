import type { Context } from 'hono';
import { todayInChina } from '../../core/dates.ts';
import { checkDisposal } from '../../core/ledger/disposal.ts';
import type { AppEnv, SessionUser } from '../auth/types.ts';
import type { Db, Queryable } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError, notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { keepPeriods } from '../parcel-life/periods.ts';
import { assertWithinUnits, editor } from '../parcels/permissions.ts';
import { snapshotOf, type Snapshot } from '../parcels/write.ts';

const disposedMuOf = async (tx: Queryable, parcelId: number) =>
  (await tx.query<{ mu: number }>('SELECT COALESCE(sum(mu), 0)::float8 AS mu FROM disposal_records WHERE parcel_id = $1', [parcelId]))[0]!.mu;

/** Locks a live parcel the user may change (editors: within their units, as for any edit), and returns it as it is. */
export async function lockParcel(tx: Queryable, user: SessionUser, id: number, what = '处置'): Promise<Snapshot & { version: number }> {
  const [locked] = await tx.query('SELECT 1 FROM parcels WHERE id = $1 FOR UPDATE', [id]);
  if (!locked) throw notFound(`地块 ${id} `);
  const parcel = (await snapshotOf(tx, id))!;
  if (parcel.deleted) throw new ApiError(409, 'deleted', `地块已被删除，不能登记${what}`);
  await assertWithinUnits(tx, user, parcel, '修改前');
  return parcel;
}

/**
 * A disposal entered or removed, in the parcel's history: the parcel as it is (so that restoring this entry's version
 * is harmless), with its disposed mu before and after and the record concerned. The parcel's version does not move:
 * its ledger fields did not change, and an editor with the form open must not get a conflict for it. A disposal is an
 * event of the parcel's life, so its kept periods are computed again.
 */
async function recordDisposal(tx: Queryable, parcelId: number, parcel: Snapshot & { version: number }, action: 'disposal' | 'disposal_delete', actor: string, disposal: unknown, disposedBefore: number) {
  const { version, ...state } = parcel;
  await keepPeriods(tx, [parcelId]);
  const disposedAfter = await disposedMuOf(tx, parcelId);
  await tx.query('INSERT INTO parcel_history (parcel_id, version, action, actor, before, after) VALUES ($1, $2, $3, $4, $5, $6)', [
    parcelId, version, action, actor,
    JSON.stringify({ ...state, disposedMu: disposedBefore, ...(action === 'disposal_delete' ? { disposal } : {}) }),
    JSON.stringify({ ...state, disposedMu: disposedAfter, ...(action === 'disposal' ? { disposal } : {}) }),
  ]);
  return disposedAfter;
}

/** POST /api/parcels/:id/disposals { date, mu, method, note } — 201 with the record and the parcel's disposed mu. */
export function addDisposalHandler(db: Db) {
  return async (c: Context<AppEnv>) => {
    const user = editor(c.get('user'));
    const id = params.positiveId('id', c.req.param('id'));
    const body = await jsonBody(c);
    if (!isRecord(body)) throw new ApiError(400, 'bad_request', '请求内容应为 JSON 对象');
    return c.json(await db.transaction((tx) => addDisposal(tx, user, id, body)), 201);
  };
}

/** Enters a disposal record (a disposal event) for a parcel the user may change, checked against its ledger mu. */
export async function addDisposal(tx: Queryable, user: SessionUser, id: number, body: Record<string, unknown>) {
  const parcel = await lockParcel(tx, user, id);
  const disposedBefore = await disposedMuOf(tx, id);
  const checked = checkDisposal(body, { category: parcel.category, ledgerMu: parcel.ledgerMu, disposedMu: disposedBefore }, todayInChina());
  if (!checked.ok) {
    throw new ApiError(400, 'invalid_disposal', `处置记录有误：${checked.problems.map((p) => p.message).join('；')}`, { problems: checked.problems });
  }
  const d = checked.value;
  const [row] = await tx.query<{ id: number; date: string; mu: number; method: string; note: string | null }>(
    'INSERT INTO disposal_records (parcel_id, date, mu, method, note) VALUES ($1, $2, $3, $4, $5) RETURNING id, date, mu, method, note',
    [id, d.date, d.mu, d.method, d.note],
  );
  const disposedMu = await recordDisposal(tx, id, parcel, 'disposal', user.username, row, disposedBefore);
  return { disposal: row!, disposedMu, ledgerMu: parcel.ledgerMu };
}

/** DELETE /api/parcels/:id/disposals/:disposalId — 204. */
export function deleteDisposalHandler(db: Db) {
  return async (c: Context<AppEnv>) => {
    const user = editor(c.get('user'));
    const id = params.positiveId('id', c.req.param('id'));
    const disposalId = params.positiveId('disposalId', c.req.param('disposalId'));
    await db.transaction(async (tx) => {
      const parcel = await lockParcel(tx, user, id);
      const disposedBefore = await disposedMuOf(tx, id);
      const [gone] = await tx.query('DELETE FROM disposal_records WHERE id = $1 AND parcel_id = $2 RETURNING id, date, mu, method, note', [disposalId, id]);
      if (!gone) throw notFound(`地块 ${id} 的处置记录 ${disposalId} `);
      await recordDisposal(tx, id, parcel, 'disposal_delete', user.username, gone, disposedBefore);
    });
    return c.body(null, 204);
  };
}
