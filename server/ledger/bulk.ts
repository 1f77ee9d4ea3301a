import type { Context } from 'hono';
import { applyBulkChanges, describeBulkChanges, parseBulkChanges, type BulkChanges } from '../../core/ledger/bulk.ts';
import { editLimitedToUnits } from '../../core/roles.ts';
import type { AppEnv, SessionUser } from '../auth/types.ts';
import type { Db, Queryable } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError } from '../http/errors.ts';
import { editor, withinUnits } from '../parcels/permissions.ts';
import { snapshotOf, updateParcel } from '../parcels/write.ts';

/** At most this many parcels in one bulk change: a campaign's whole ledger of one unit, not a runaway request. */
export const MAX_BULK = 5000;

/** Why one parcel of a bulk change was refused; the status says which kind of refusal it is. */
export interface Refusal {
  id: number;
  code: string | null;
  status: 400 | 403 | 404 | 409;
  reason: string;
}

interface BulkRequest {
  ids: number[];
  versions: Map<number, number>;
  changes: BulkChanges;
}

function parseRequest(body: unknown): BulkRequest {
  if (!isRecord(body)) throw new ApiError(400, 'bad_request', '请求内容应为 JSON 对象');
  const ids = body.ids;
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => Number.isInteger(id) && id > 0)) {
    throw new ApiError(400, 'bad_request', 'ids 应为要修改的地块编号（正整数）列表，至少一个');
  }
  if (ids.length > MAX_BULK) throw new ApiError(400, 'bad_request', `一次最多批量修改 ${MAX_BULK} 宗地块，收到 ${ids.length} 宗`);
  const versions = new Map<number, number>();
  if (body.versions !== undefined) {
    if (!isRecord(body.versions)) throw new ApiError(400, 'bad_request', 'versions 应为“地块编号 → 版本号”的对象');
    for (const [id, v] of Object.entries(body.versions)) {
      if (!/^\d+$/.test(id) || !(Number.isInteger(v) && (v as number) > 0)) throw new ApiError(400, 'bad_request', `versions 中地块 ${id} 的版本号无效`);
      versions.set(Number(id), v as number);
    }
  }
  const changes = parseBulkChanges(body.changes);
  if (!changes.ok) throw new ApiError(400, 'bad_request', changes.message);
  return { ids: [...new Set(ids as number[])], versions, changes: changes.value };
}

const STATUS_PRIORITY: Refusal['status'][] = [403, 409, 404, 400];

/** One answer for all refusals: the most serious kind sets the status; every parcel is listed with its reason. */
function refusedError(refusals: Refusal[], total: number): ApiError {
  const status = STATUS_PRIORITY.find((s) => refusals.some((r) => r.status === s))!;
  const listed = refusals.slice(0, 10).map((r) => `${r.code ?? `#${r.id}`}：${r.reason}`).join('；');
  const more = refusals.length > 10 ? `；另有 ${refusals.length - 10} 宗` : '';
  return new ApiError(status, 'bulk_refused', `批量修改未执行（共 ${total} 宗，其中 ${refusals.length} 宗不能修改，全部未改动）：${listed}${more}`, { refused: refusals });
}

/** Checks every parcel and, only if all pass, writes them all with one change set; otherwise nothing is written. */
async function applyBulk(tx: Queryable, user: SessionUser, request: BulkRequest) {
  const locked = await tx.query<{ id: number; version: number; code: string; deleted: boolean }>(
    'SELECT id, version, code, deleted_at IS NOT NULL AS deleted FROM parcels WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE',
    [request.ids],
  );
  const byId = new Map(locked.map((r) => [r.id, r]));
  const refusals: Refusal[] = request.ids.filter((id) => !byId.has(id)).map((id) => ({ id, code: null, status: 404, reason: '地块不存在' }));
  const planned = [];
  for (const row of locked) {
    const refuse = (status: Refusal['status'], reason: string) => refusals.push({ id: row.id, code: row.code, status, reason });
    if (row.deleted) {
      refuse(409, '地块已被删除');
      continue;
    }
    const expected = request.versions.get(row.id);
    if (expected !== undefined && expected !== row.version) {
      refuse(409, `已被他人修改（您看到的是第 ${expected} 版，当前为第 ${row.version} 版），请刷新后再试`);
      continue;
    }
    const before = (await snapshotOf(tx, row.id))!;
    if (editLimitedToUnits(user.role)) {
      const { inside, names } = await withinUnits(tx, user.unitIds, before);
      if (!inside) {
        refuse(403, `超出您负责的单位范围（${names ?? '无'}）`);
        continue;
      }
    }
    const fields = applyBulkChanges(before, request.changes);
    if (!fields.ok) {
      refuse(400, fields.problems.map((p) => p.message).join('；'));
      continue;
    }
    planned.push({ id: row.id, before, fields: fields.value });
  }
  if (refusals.length) throw refusedError(refusals, request.ids.length);

  const summary = describeBulkChanges(request.changes);
  const [set] = await tx.query<{ id: number }>('INSERT INTO change_sets (actor, summary, count) VALUES ($1, $2, $3) RETURNING id', [user.username, summary, planned.length]);
  for (const p of planned) {
    await updateParcel(tx, p.id, p.before, { fields: p.fields, unitId: p.before.unitId, geometry: p.before.geometry }, user.username, 'update', set!.id);
  }
  const versions = await tx.query<{ id: number; version: number }>('SELECT id, version FROM parcels WHERE id = ANY($1::int[]) ORDER BY id', [request.ids]);
  return { changeSet: { id: set!.id, summary, count: planned.length }, parcels: versions };
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
