import { Hono, type Context } from 'hono';
import { mayUndelete } from '../../core/roles.ts';
import type { AppEnv } from '../auth/types.ts';
import type { Db } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError, notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { getParcel } from './queries.ts';
import { editor } from './permissions.ts';
import { parcelFeature } from './serialize.ts';
import { writeParcels, type ParcelChange, type WriteRequest } from './service/index.ts';
import type { Snapshot } from './service/types.ts';

function requiredVersion(body: Record<string, unknown>): number {
  const v = body.version;
  if (!(typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 2 ** 31 - 1)) throw new ApiError(400, 'bad_request', '缺少地块版本号（version），无法判断是否有他人同时修改');
  return v;
}

/** An id as JSON gives it, as text for the parameter parser (anything but a number or a string is not one). */
const idText = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? String(v) : '');

async function bodyRecord(c: Context): Promise<Record<string, unknown>> {
  const body = await jsonBody(c);
  if (!isRecord(body)) throw new ApiError(400, 'bad_request', '请求内容应为 JSON 对象');
  return body;
}

/** POST /api/parcels, PUT/DELETE /api/parcels/:id, POST …/:id/undelete and …/:id/restore — each one change through the write service. */
export function parcelWriteRoutes(db: Db) {
  const write = async (c: Context<AppEnv>, change: ParcelChange, options: Omit<WriteRequest, 'actor'> = {}): Promise<number> => {
    const actor = editor(c.get('user'));
    const { written } = await db.transaction((tx) => writeParcels(tx, { actor, ...options }, [change]));
    return written[0]!.id;
  };
  const respond = async (c: Context, id: number, status: 200 | 201 = 200) => {
    const row = await getParcel(db, id);
    return row ? c.json(parcelFeature(row), status) : c.body(null, 204);
  };
  const id = (c: Context) => params.positiveId('id', c.req.param('id'));

  return new Hono<AppEnv>()
    .post('/', async (c) => {
      editor(c.get('user'));
      const body = await bodyRecord(c);
      const campaignId = params.positiveId('campaignId', idText(body.campaignId));
      return respond(c, await write(c, { op: 'create', campaignId, body }), 201);
    })
    .put('/:id', async (c) => {
      const body = await bodyRecord(c);
      // A body without `geometry` keeps the boundary (an attribute edit); `geometry: null` removes it. A unit given
      // counts only for a parcel without a boundary (the service derives it from the boundary otherwise).
      const next = (current: Snapshot) => ({ ...body, geometry: body.geometry === undefined ? current.geometry : body.geometry, unitId: body.unitId ?? current.unitId });
      return respond(c, await write(c, { op: 'update', id: id(c), version: requiredVersion(body), body: next }));
    })
    .delete('/:id', async (c) => {
      const version = params.intInRange('version', c.req.query('version'), 1, 2 ** 31 - 1, 0);
      if (!version) throw new ApiError(400, 'bad_request', '缺少地块版本号（version），无法判断是否有他人同时修改');
      await write(c, { op: 'delete', id: id(c), version });
      return c.body(null, 204);
    })
    .post('/:id/undelete', async (c) => {
      const body = await bodyRecord(c);
      if (!mayUndelete(editor(c.get('user')).role)) throw new ApiError(403, 'forbidden', '只有管理员可以恢复已删除的地块');
      return respond(c, await write(c, { op: 'undelete', id: id(c), version: requiredVersion(body) }));
    })
    .post('/:id/restore', async (c) => {
      const body = await bodyRecord(c);
      const historyId = params.positiveId('historyId', idText(body.historyId));
      const parcelId = id(c);
      const version = requiredVersion(body);
      const [entry] = await db.query<{ after: Record<string, unknown> | null }>('SELECT after FROM parcel_history WHERE id = $1 AND parcel_id = $2', [historyId, parcelId]);
      if (!entry?.after) throw notFound(`地块 ${parcelId} 的历史版本 ${historyId} `);
      // The old version's content, checked and written like any change (its unit, too, is derived from its boundary).
      const restored = entry.after;
      return respond(c, await write(c, { op: 'update', id: parcelId, version, body: () => restored }, { action: 'restore' }));
    });
}
