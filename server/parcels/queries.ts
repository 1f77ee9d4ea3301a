import type { Category, Status } from '../../core/categories.ts';
import type { Queryable } from '../db/types.ts';
import * as params from '../http/params.ts';
import { PARCEL_COLUMNS, PARCEL_FROM } from './columns.ts';
import type { ParcelRow } from './serialize.ts';

export interface ParcelFilter {
  campaignId: number | null;
  unitId: number | null;
  categories: Category[] | null;
  statuses: Status[] | null;
  bbox: params.Bbox | null;
  q: string | null;
  /** A selection: only these parcels. */
  ids: number[] | null;
  limit: number;
  offset: number;
}

/** Reads the list filter from a query string; every parameter is checked, and a bad one is a 400 naming it. */
export function parseParcelFilter(q: Record<string, string>, limits: { maxLimit: number; defaultLimit: number }): ParcelFilter {
  return {
    campaignId: params.optionalId('campaign', q.campaign),
    unitId: params.optionalId('unit', q.unit),
    categories: params.categories(q.category),
    statuses: params.statuses(q.status),
    bbox: params.bbox(q.bbox),
    q: params.searchText(q.q),
    ids: q.ids ? q.ids.split(',').map((id) => params.positiveId('ids', id.trim())) : null,
    limit: params.intInRange('limit', q.limit, 1, limits.maxLimit, limits.defaultLimit),
    offset: params.intInRange('offset', q.offset, 0, 10_000_000, 0),
  };
}

/** Parcels matching a filter, and how many match in all (for "showing 500 of 1,234"). */
export async function listParcels(db: Queryable, f: ParcelFilter): Promise<{ rows: ParcelRow[]; total: number }> {
  const where = ['p.deleted_at IS NULL'];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (f.campaignId != null) where.push(`p.campaign_id = ${param(f.campaignId)}`);
  // A unit's parcels are those lying (partly) within its boundary, as progress counts them.
  if (f.unitId != null) where.push(`EXISTS (SELECT 1 FROM parcel_unit_shares s WHERE s.parcel_id = p.id AND s.unit_id = ${param(f.unitId)})`);
  if (f.categories) where.push(`p.category = ANY(${param(f.categories)}::text[])`);
  if (f.statuses) where.push(`p.status = ANY(${param(f.statuses)}::text[])`);
  if (f.ids) where.push(`p.id = ANY(${param(f.ids)}::int[])`);
  if (f.bbox) where.push(`p.geom && ST_MakeEnvelope(${f.bbox.map(param).join(', ')}, 4326)`);
  if (f.q) {
    // The search text is a bound parameter, never SQL; LIKE wildcards in it are escaped to match literally.
    const like = param(`%${f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    where.push(`(p.code ILIKE ${like} OR p.project_name ILIKE ${like} OR p.supervision_number ILIKE ${like} OR p.land_user ILIKE ${like})`);
  }
  const clause = where.join(' AND ');
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM parcels p WHERE ${clause}`, params);
  const rows = await db.query<ParcelRow>(
    `SELECT ${PARCEL_COLUMNS} FROM ${PARCEL_FROM} WHERE ${clause} ORDER BY p.code LIMIT ${param(f.limit)} OFFSET ${param(f.offset)}`,
    params,
  );
  return { rows, total: count!.n };
}

export async function getParcel(db: Queryable, id: number): Promise<ParcelRow | null> {
  const [row] = await db.query<ParcelRow>(`SELECT ${PARCEL_COLUMNS} FROM ${PARCEL_FROM} WHERE p.id = $1 AND p.deleted_at IS NULL`, [id]);
  return row ?? null;
}

export interface DisposalRow {
  id: number;
  date: string;
  mu: number;
  method: string;
  note: string | null;
}

export interface HistoryRow {
  id: number;
  version: number;
  action: string;
  actor: string;
  at: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface UnitShare {
  unitId: number;
  unitName: string;
  share: number;
}

export function disposalsOf(db: Queryable, parcelId: number) {
  return db.query<DisposalRow>(
    'SELECT id, date, mu, method, note FROM disposal_records WHERE parcel_id = $1 ORDER BY date, id',
    [parcelId],
  );
}

export function historyOf(db: Queryable, parcelId: number) {
  return db.query<HistoryRow>(
    `SELECT id::int, version, action, actor, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, before, after
     FROM parcel_history WHERE parcel_id = $1 ORDER BY id DESC`,
    [parcelId],
  );
}

/** Units a parcel lies in, with the share of its ellipsoidal area in each (progress counts it by these shares). */
export function sharesOf(db: Queryable, parcelId: number) {
  return db.query<UnitShare>(
    'SELECT s.unit_id AS "unitId", u.name AS "unitName", s.share FROM parcel_unit_shares s JOIN units u ON u.id = s.unit_id WHERE s.parcel_id = $1 ORDER BY s.share DESC',
    [parcelId],
  );
}

/** Deleted parcels, newest deletion first, with who deleted them and the version an undelete must name. */
export function deletedParcels(db: Queryable, campaignId: number | null) {
  return db.query<{ id: number; code: string; projectName: string; version: number; deletedAt: string; deletedBy: string | null }>(
    `SELECT p.id, p.code, p.project_name AS "projectName", p.version,
       to_char(p.deleted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "deletedAt",
       (SELECT h.actor FROM parcel_history h WHERE h.parcel_id = p.id AND h.action = 'delete' ORDER BY h.id DESC LIMIT 1) AS "deletedBy"
     FROM parcels p WHERE p.deleted_at IS NOT NULL AND ($1::int IS NULL OR p.campaign_id = $1::int)
     ORDER BY p.deleted_at DESC LIMIT 500`,
    [campaignId],
  );
}
