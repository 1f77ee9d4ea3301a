import { Hono, type Context } from 'hono';
import type { MultiPolygon } from 'geojson';
import { mayUndelete } from '../../core/roles.ts';
import type { AppEnv, SessionUser } from '../auth/types.ts';
import type { Db, Queryable } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError, notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { parseContent } from './content.ts';
import { getParcel } from './queries.ts';
import { assertWithinUnits, editor } from './permissions.ts';
import { parcelFeature } from './serialize.ts';
import { createParcel, setDeleted, snapshotOf, updateParcel, type ParcelContent, type Snapshot } from './write.ts';

/** The unit a new parcel is stored in when none is given: the campaign's unit holding most of its area. */
async function unitByArea(db: Queryable, campaignId: number, geometry: MultiPolygon): Promise<number | null> {
  const [row] = await db.query<{ id: number }>(
    `SELECT u.id FROM campaign_units cu JOIN units u ON u.id = cu.unit_id
     WHERE cu.campaign_id = $1 AND ST_Intersects(u.boundary, ST_SetSRID(ST_GeomFromGeoJSON($2::text), 4326))
     ORDER BY ST_Area(ST_Intersection(u.boundary, ST_SetSRID(ST_GeomFromGeoJSON($2::text), 4326))) DESC LIMIT 1`,
    [campaignId, JSON.stringify(geometry)],
  );
  return row?.id ?? null;
}

function requiredVersion(body: Record<string, unknown>): number {
  const v = body.version;
  if (!(typeof v === 'number' && Number.isInteger(v) && v > 0)) throw new ApiError(400, 'bad_request', '缺少地块版本号（version），无法判断是否有他人同时修改');
  return v;
}

async function bodyRecord(c: Context): Promise<Record<string, unknown>> {
  const body = await jsonBody(c);
  if (!isRecord(body)) throw new ApiError(400, 'bad_request', '请求内容应为 JSON 对象');
  return body;
}

export function parcelWriteRoutes(db: Db) {
  /**
   * Runs a change of one existing parcel in a transaction: locks the row, checks the version the client saw (409 with
   * the current record when someone else saved first), that the parcel is live (or deleted, for an undelete), and that
   * the user may change the parcel as it is now. Returns the parcel's id.
   */
  const change = async (
    c: Context<AppEnv>,
    version: number,
    state: 'live' | 'deleted',
    fn: (tx: Queryable, before: Snapshot, id: number, user: SessionUser) => Promise<void>,
  ): Promise<number> => {
    const user = editor(c.get('user'));
    const id = params.positiveId('id', c.req.param('id'));
    await db.transaction(async (tx) => {
      const [locked] = await tx.query<{ version: number }>('SELECT version FROM parcels WHERE id = $1 FOR UPDATE', [id]);
      if (!locked) throw notFound(`地块 ${id} `);
      const before = (await snapshotOf(tx, id))!;
      if (locked.version !== version) {
        const current = await getParcel(tx, id);
        throw new ApiError(409, 'version_conflict', `地块已被他人修改（您编辑的是第 ${version} 版，当前为第 ${locked.version} 版），请比较后再保存`, {
          current: current ? parcelFeature(current) : before,
        });
      }
      if (state === 'live' && before.deleted) throw new ApiError(409, 'deleted', '地块已被删除，请先由管理员恢复');
      if (state === 'deleted' && !before.deleted) throw new ApiError(409, 'not_deleted', '地块未被删除');
      await assertWithinUnits(tx, user, before, '修改前');
      await fn(tx, before, id, user);
    });
    return id;
  };

  const respond = async (c: Context, id: number, status: 200 | 201 = 200) => {
    const row = await getParcel(db, id);
    return row ? c.json(parcelFeature(row), status) : c.body(null, 204);
  };

  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const user = editor(c.get('user'));
      const body = await bodyRecord(c);
      const campaignId = params.positiveId('campaignId', String(body.campaignId ?? ''));
      const content = await parseContent(db, body);
      const id = await db.transaction(async (tx) => {
        const [campaign] = await tx.query('SELECT 1 FROM campaigns WHERE id = $1', [campaignId]);
        if (!campaign) throw notFound(`专项行动 ${campaignId} `);
        const [dup] = await tx.query('SELECT 1 FROM parcels WHERE campaign_id = $1 AND code = $2', [campaignId, content.fields.code]);
        if (dup) throw new ApiError(409, 'duplicate_code', `地块编号“${content.fields.code}”已存在`);
        const unitId = content.unitId ?? (content.geometry ? await unitByArea(tx, campaignId, content.geometry) : null);
        await assertWithinUnits(tx, user, { ...content, unitId }, '修改后');
        return createParcel(tx, campaignId, { ...content, unitId }, user.username);
      });
      return respond(c, id, 201);
    })
    .put('/:id', async (c) => {
      const body = await bodyRecord(c);
      const content = await parseContent(db, body);
      const id = await change(c, requiredVersion(body), 'live', async (tx, before, id, user) => {
        // A body without `geometry` keeps the boundary (an attribute edit); `geometry: null` removes it.
        const next = { ...content, unitId: content.unitId ?? before.unitId, geometry: body.geometry === undefined ? before.geometry : content.geometry };
        await assertWithinUnits(tx, user, next, '修改后');
        await updateParcel(tx, id, before, next, user.username);
      });
      return respond(c, id);
    })
    .delete('/:id', async (c) => {
      const version = params.intInRange('version', c.req.query('version'), 1, 2 ** 31 - 1, 0);
      if (!version) throw new ApiError(400, 'bad_request', '缺少地块版本号（version），无法判断是否有他人同时修改');
      await change(c, version, 'live', (tx, before, id, user) => setDeleted(tx, id, before, true, user.username));
      return c.body(null, 204);
    })
    .post('/:id/undelete', async (c) => {
      const body = await bodyRecord(c);
      if (!mayUndelete(editor(c.get('user')).role)) throw new ApiError(403, 'forbidden', '只有管理员可以恢复已删除的地块');
      const id = await change(c, requiredVersion(body), 'deleted', (tx, before, id, user) => setDeleted(tx, id, before, false, user.username));
      return respond(c, id);
    })
    .post('/:id/restore', async (c) => {
      const body = await bodyRecord(c);
      const historyId = params.positiveId('historyId', String(body.historyId ?? ''));
      const id = await change(c, requiredVersion(body), 'live', async (tx, before, id, user) => {
        const [entry] = await tx.query<{ after: (ParcelContent['fields'] & { unitId: number | null; geometry: MultiPolygon | null }) | null }>(
          'SELECT after FROM parcel_history WHERE id = $1 AND parcel_id = $2', [historyId, id]);
        if (!entry?.after) throw notFound(`地块 ${id} 的历史版本 ${historyId} `);
        const { unitId, geometry, ...fields } = entry.after;
        const restored = { fields: fields as ParcelContent['fields'], unitId, geometry };
        await assertWithinUnits(tx, user, restored, '修改后');
        await updateParcel(tx, id, before, restored, user.username, 'restore');
      });
      return respond(c, id);
    });
}
