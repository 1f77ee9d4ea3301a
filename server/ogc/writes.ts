/**
 * Part 4 for parcels: create, replace, update (merge patch) and delete, each one change through the parcel-write
 * service (server/parcels/service) — the same validation, unit from the boundary, permission by geometry, version and
 * history as the desk — with the version carried as the item's ETag and required in If-Match.
 */
import type { Context } from 'hono';
import type { Geometry } from 'geojson';
import { DEFAULT_CRS, type Crs } from '../../core/ogc/crs.ts';
import { editLimitedToUnits, mayEditParcels } from '../../core/roles.ts';
import type { AppEnv, SessionUser } from '../auth/types.ts';
import type { Db, Queryable } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError } from '../http/errors.ts';
import { editor } from '../parcels/permissions.ts';
import { outsideUnits } from '../parcels/service/checks.ts';
import { writeParcels, type ParcelChange } from '../parcels/service/index.ts';
import { crsParam } from './params.ts';

/** The strong ETag of a parcel's version: `"<id>.<version>"`. */
export const etagOf = (id: number, version: number) => `"${id}.${version}"`;

/** Properties the server keeps (computed or bookkeeping): sent back by a client, they are ignored, never written. */
const READ_ONLY = ['unitName', 'campaigns', 'areaMu', 'version', 'updatedAt', 'campaignId', 'unitId'];

/** The caller may change parcels at all: a role that edits and, with a token, a read-write one. */
export function writer(c: Context<AppEnv>): SessionUser {
  const user = editor(c.get('user'));
  const token = c.get('token');
  if (token && token.scope !== 'read_write') throw new ApiError(403, 'read_only_token', '该访问令牌只读，不能修改数据；请新建一个读写令牌');
  return user;
}

/** Whether the caller could change parcels (for OPTIONS), without refusing. */
export function mayWrite(c: Context<AppEnv>): boolean {
  const user = c.get('user');
  const token = c.get('token');
  return !!user && mayEditParcels(user.role) && (!token || token.scope === 'read_write');
}

/** Whether the caller could change this parcel as it is now (an editor: within their units). */
export async function mayWriteParcel(db: Queryable, c: Context<AppEnv>, id: number): Promise<boolean> {
  if (!mayWrite(c)) return false;
  const user = c.get('user')!;
  if (!editLimitedToUnits(user.role)) return true;
  return !(await outsideUnits(db, user.unitIds, [id])).outside.has(id);
}

/** The request's GeoJSON Feature, read once: its writable properties, its geometry, and the campaign it names (read-only otherwise). */
async function feature(c: Context): Promise<{ properties: Record<string, unknown>; geometry: unknown; hasGeometry: boolean; campaignId: unknown }> {
  const body = await jsonBody(c);
  if (!isRecord(body) || body.type !== 'Feature') {
    throw new ApiError(400, 'bad_request', isRecord(body) && body.type === 'FeatureCollection' ? '一次只能写入一个要素（Feature），收到的是 FeatureCollection' : '请求内容应为 GeoJSON 要素（"type": "Feature"）');
  }
  const properties = body.properties ?? {};
  if (!isRecord(properties)) throw new ApiError(400, 'bad_request', '要素的 properties 应为对象');
  return {
    properties: Object.fromEntries(Object.entries(properties).filter(([k]) => !READ_ONLY.includes(k))),
    geometry: body.geometry ?? null,
    hasGeometry: 'geometry' in body,
    campaignId: properties.campaignId,
  };
}

/** A geometry sent in `crs` (Content-Crs), as GeoJSON longitude/latitude for the write service. */
async function toLonLat(db: Queryable, geometry: unknown, crs: Crs): Promise<unknown> {
  if (crs === DEFAULT_CRS || !isRecord(geometry)) return geometry;
  const placed = `ST_SetSRID(ST_GeomFromGeoJSON($1::text), ${crs.srid})`;
  try {
    const [row] = await db.query<{ g: string }>(`SELECT ST_AsGeoJSON(ST_Transform(${crs.swapped ? `ST_FlipCoordinates(${placed})` : placed}, 4326), 15) AS g`, [JSON.stringify(geometry)]);
    return JSON.parse(row!.g) as Geometry;
  } catch {
    throw new ApiError(400, 'invalid_parcel', `地块数据有误：边界不是有效的 GeoJSON 几何（坐标参考系 ${crs.uri}）`);
  }
}

const contentCrs = (c: Context) => crsParam('Content-Crs', c.req.header('content-crs')?.replace(/^<(.*)>$/, '$1'));

/** The version If-Match names for this parcel; 428 without one, 412 when it is not the current version. */
async function matchedVersion(db: Queryable, c: Context, id: number): Promise<number> {
  const header = c.req.header('if-match');
  if (!header) throw new ApiError(428, 'precondition_required', '修改要素须带 If-Match 头（取自读取该要素时的 ETag），以免覆盖他人的修改');
  const [row] = await db.query<{ version: number }>('SELECT version FROM parcels WHERE id = $1 AND deleted_at IS NULL', [id]);
  if (!row) throw new ApiError(404, 'not_found', `地块 ${id} 不存在`);
  if (header.trim() === '*') return row.version;
  // Weak tags never match If-Match (RFC 9110, strong comparison).
  const tags = header.split(',').map((t) => t.trim());
  if (!tags.includes(etagOf(id, row.version))) {
    throw new ApiError(412, 'precondition_failed', `地块已被修改（当前版本 ${row.version}，ETag ${etagOf(id, row.version)}），请重新读取后再保存`);
  }
  return row.version;
}

/** Runs one change through the write service; a version that moved meanwhile is a failed precondition. */
async function write(db: Db, user: SessionUser, change: ParcelChange): Promise<number> {
  try {
    const { written } = await db.transaction((tx) => writeParcels(tx, { actor: user }, [change]));
    return written[0]!.id;
  } catch (e) {
    if (e instanceof ApiError && e.code === 'version_conflict') throw new ApiError(412, 'precondition_failed', e.message);
    throw e;
  }
}

export async function createParcel(db: Db, c: Context<AppEnv>): Promise<number> {
  const user = writer(c);
  const f = await feature(c);
  const campaignId = f.campaignId;
  if (!(typeof campaignId === 'number' && Number.isInteger(campaignId) && campaignId > 0)) {
    throw new ApiError(400, 'invalid_parcel', '地块数据有误：properties.campaignId（登记的专项行动编号）必填，应为正整数');
  }
  const geometry = await toLonLat(db, f.geometry, contentCrs(c));
  return write(db, user, { op: 'create', campaignId, body: { ...f.properties, geometry } });
}

export async function replaceParcel(db: Db, c: Context<AppEnv>, id: number): Promise<number> {
  const user = writer(c);
  const version = await matchedVersion(db, c, id);
  const f = await feature(c);
  const geometry = await toLonLat(db, f.geometry, contentCrs(c));
  // A replacement: every field as sent (one not sent becomes empty); the unit follows from the boundary.
  return write(db, user, { op: 'update', id, version, body: (current) => ({ ...f.properties, geometry, unitId: current.unitId }) });
}

export async function patchParcel(db: Db, c: Context<AppEnv>, id: number): Promise<number> {
  const user = writer(c);
  const version = await matchedVersion(db, c, id);
  const f = await feature(c);
  const geometry = f.hasGeometry ? await toLonLat(db, f.geometry, contentCrs(c)) : undefined;
  // JSON merge patch (RFC 7396): what is sent replaces, null empties, the rest stays.
  return write(db, user, {
    op: 'update', id, version,
    body: (current) => ({ ...current, ...f.properties, geometry: geometry === undefined ? current.geometry : geometry, unitId: current.unitId }),
  });
}

export async function deleteParcel(db: Db, c: Context<AppEnv>, id: number): Promise<void> {
  const user = writer(c);
  const version = await matchedVersion(db, c, id);
  await write(db, user, { op: 'delete', id, version });
}
