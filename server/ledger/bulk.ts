import type { Context } from 'hono';
import { describeBulkChanges, parseBulkChanges, type BulkChanges } from '../../core/ledger/bulk.ts';
import type { AppEnv, SessionUser } from '../auth/types.ts';
import type { Db, Queryable } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError } from '../http/errors.ts';
import { editor } from '../parcels/permissions.ts';
import { writeParcels } from '../parcels/service/index.ts';
import { isId, MAX_ID } from '../parcels/service/validate.ts';

/** At most this many parcels in one bulk change: a campaign's whole ledger of one unit, not a runaway request. */
export const MAX_BULK = 5000;

interface BulkRequest {
  ids: number[];
  versions: Map<number, number>;
  changes: BulkChanges;
}

function parseRequest(body: unknown): BulkRequest {
  if (!isRecord(body)) throw new ApiError(400, 'bad_request', '请求内容应为 JSON 对象');
  const ids = body.ids;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every(isId)) {
    throw new ApiError(400, 'bad_request', `ids 应为要修改的地块编号（1 到 ${MAX_ID} 的整数）列表，至少一个`);
  }
  if (ids.length > MAX_BULK) throw new ApiError(400, 'bad_request', `一次最多批量修改 ${MAX_BULK} 宗地块，收到 ${ids.length} 宗`);
  const versions = new Map<number, number>();
  if (body.versions !== undefined) {
    if (!isRecord(body.versions)) throw new ApiError(400, 'bad_request', 'versions 应为“地块编号 → 版本号”的对象');
    for (const [id, v] of Object.entries(body.versions)) {
      if (!/^\d{1,10}$/.test(id) || !isId(Number(id)) || !isId(v)) throw new ApiError(400, 'bad_request', `versions 中地块 ${id} 的版本号无效`);
      versions.set(Number(id), v);
    }
  }
  const changes = parseBulkChanges(body.changes);
  if (!changes.ok) throw new ApiError(400, 'bad_request', changes.message);
  // Values are checked per parcel by the write service; here only their kind, before the summary puts them in words.
  const plain = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
  const odd = Object.entries(changes.value).find(([, v]) => !plain(v));
  if (odd) throw new ApiError(400, 'bad_request', `changes.${odd[0]} 应为文字（来源清单为文字列表）`);
  return { ids: [...new Set(ids as number[])], versions, changes: changes.value };
}

/** Checks every parcel and, only if all pass, writes them all with one change set; otherwise nothing is written. */
async function applyBulk(tx: Queryable, user: SessionUser, request: BulkRequest) {
  const summary = describeBulkChanges(request.changes);
  const { written, changeSetId } = await writeParcels(
    tx,
    { actor: user, changeSet: summary, what: '批量修改' },
    request.ids.map((id) => ({ op: 'update', id, version: request.versions.get(id), body: (current) => ({ ...current, ...request.changes }) })),
  );
  const parcels = written.map(({ id, version }) => ({ id, version })).sort((a, b) => a.id - b.id);
  return { changeSet: { id: changeSetId!, summary, count: written.length }, parcels };
}

/** POST /api/parcels/bulk { ids, versions?, changes } — one change to many parcels, all or nothing. */
export function bulkHandler(db: Db) {
  return async (c: Context<AppEnv>) => {
    const user = editor(c.get('user'));
    const request = parseRequest(await jsonBody(c));
    const result = await db.transaction((tx) => applyBulk(tx, user, request));
    return c.json(result);
  };
}
