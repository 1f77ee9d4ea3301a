import type { Category, Status } from '../../core/categories.ts';
import type { FacetCell } from '../../core/parcel-facets.ts';
import type { Queryable } from '../db/types.ts';
import * as params from '../http/params.ts';
import { badParameter } from '../http/errors.ts';
import { PARCEL_COLUMNS, PARCEL_FROM } from './columns.ts';
import type { ParcelRow } from './serialize.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';

export interface ParcelFilter {
  campaignId: number | null;
  unitId: number | null;
  categories: Category[] | null;
  statuses: Status[] | null;
  bbox: params.Bbox | null;
  q: string | null;
  /** A selection: only these parcels. */
  ids: number[] | null;
  /** Where the person is: parcels come nearest first, each with its distance. */
  near: { lon: number; lat: number } | null;
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
    near: nearPoint(q.near),
    limit: params.intInRange('limit', q.limit, 1, limits.maxLimit, limits.defaultLimit),
    offset: params.intInRange('offset', q.offset, 0, 10_000_000, 0),
  };
}

/** `near=lon,lat`: a position in degrees (CGCS2000 ≈ WGS84, longitude first), or null when not given. */
export function nearPoint(text: string | undefined): { lon: number; lat: number } | null {
  if (text === undefined || text === '') return null;
  const parts = text.split(',');
  const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (parts.length !== 2 || nums.some((n) => !Number.isFinite(n))) throw badParameter('near', `格式应为“经度,纬度”（2 个数字），收到“${text.slice(0, 60)}”`);
  const [lon, lat] = nums as [number, number];
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) throw badParameter('near', `经度须在 -180 到 180 之间，纬度须在 -90 到 90 之间（注意经度在前），收到“${text.slice(0, 60)}”`);
  return { lon, lat };
}

/** The SQL condition on `parcels p` for a filter, its values added to `params`. */
function parcelWhere(f: Omit<ParcelFilter, 'near' | 'limit' | 'offset'>, params: unknown[]): string {
  const where = ['p.deleted_at IS NULL'];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (f.campaignId != null) where.push(inCampaign('p', param(f.campaignId)));
  // A unit's parcels are those lying (partly) within its boundary, as progress counts them.
  if (f.unitId != null) where.push(`EXISTS (SELECT 1 FROM parcel_unit_shares s WHERE s.parcel_id = p.id AND s.unit_id = ${param(f.unitId)})`);
  if (f.categories) where.push(`p.category = ANY(${param(f.categories)}::text[])`);
  if (f.statuses) where.push(`p.status = ANY(${param(f.statuses)}::text[])`);
  if (f.ids) where.push(`p.id = ANY(${param(f.ids)}::int[])`);
  if (f.bbox) where.push(`p.geom && ST_MakeEnvelope(${f.bbox.map(param).join(', ')}, 4326)`);
  if (f.q) {
    // The search text is a bound parameter, never SQL; LIKE wildcards in it are escaped to match literally.
    const like = param(`%${f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    // A place is found by the parcel's own unit and by every unit its boundary lies in (a town, a zone).
    where.push(`(p.code ILIKE ${like} OR p.project_name ILIKE ${like} OR p.supervision_number ILIKE ${like} OR p.land_user ILIKE ${like}
      OR p.approval_batch ILIKE ${like}
      OR EXISTS (SELECT 1 FROM units su WHERE su.id = p.unit_id AND su.name ILIKE ${like})
      OR EXISTS (SELECT 1 FROM parcel_unit_shares ss JOIN units su ON su.id = ss.unit_id WHERE ss.parcel_id = p.id AND su.name ILIKE ${like}))`);
  }
  return where.join(' AND ');
}

/** Parcels matching a filter, and how many match in all (for "showing 500 of 1,234"). */
export async function listParcels(db: Queryable, f: ParcelFilter): Promise<{ rows: ParcelRow[]; total: number }> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const clause = parcelWhere(f, params);
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM parcels p WHERE ${clause}`, params);
  // Geodesic metres on the spheroid from the person to the parcel, 0 inside it.
  const distance = f.near ? `ST_Distance(p.geom::geography, ST_SetSRID(ST_MakePoint(${param(f.near.lon)}::float8, ${param(f.near.lat)}::float8), 4326)::geography)` : null;
  const rows = await db.query<ParcelRow>(
    `SELECT ${PARCEL_COLUMNS}${distance ? `, round((${distance})::numeric, 1)::float8 AS "distanceM"` : ''}
     FROM ${PARCEL_FROM} WHERE ${clause}
     ORDER BY ${distance ? `${distance} NULLS LAST, ` : ''}p.code LIMIT ${param(f.limit)} OFFSET ${param(f.offset)}`,
    params,
  );
  return { rows, total: count!.n };
}

/**
 * Live parcels of the campaign (and unit) counted by category and status: what the filter buttons' counts
 * (core/parcel-facets.ts) are made of. One GROUP BY, where 12 buttons were 12 counting requests; still a scan of the
 * campaign's scope (~1 s at 1M parcels), so the route keeps it per data version.
 */
export function facetCells(db: Queryable, campaignId: number | null, unitId: number | null): Promise<FacetCell[]> {
  const params: unknown[] = [];
  const clause = parcelWhere({ campaignId, unitId, categories: null, statuses: null, bbox: null, q: null, ids: null }, params);
  return db.query<FacetCell>(`SELECT p.category, p.status, count(*)::int AS n FROM parcels p WHERE ${clause} GROUP BY 1, 2`, params);
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
  /** The bulk change (批量修改) this entry was part of, if any. */
  changeSet: { id: number; summary: string; count: number } | null;
}

export interface UnitShare {
  unitId: number;
  unitName: string;
  share: number;
}

const DISPOSAL_SQL = (where: string) => `SELECT parcel_id AS "parcelId", id, date, mu, method, note FROM disposal_records WHERE ${where} ORDER BY date, id`;

export async function disposalsOf(db: Queryable, parcelId: number): Promise<DisposalRow[]> {
  return (await db.query<DisposalRow & { parcelId?: number }>(DISPOSAL_SQL('parcel_id = $1'), [parcelId])).map(({ parcelId: _, ...d }) => d);
}

const HISTORY_SQL = (where: string) => `SELECT h.parcel_id AS "parcelId", h.id::int, h.version, h.action, h.actor, to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, h.before, h.after,
       CASE WHEN cs.id IS NULL THEN NULL ELSE json_build_object('id', cs.id, 'summary', cs.summary, 'count', cs.count) END AS "changeSet"
     FROM parcel_history h LEFT JOIN change_sets cs ON cs.id = h.change_set_id WHERE ${where} ORDER BY h.id DESC`;

export async function historyOf(db: Queryable, parcelId: number): Promise<HistoryRow[]> {
  return (await db.query<HistoryRow & { parcelId?: number }>(HISTORY_SQL('h.parcel_id = $1'), [parcelId])).map(({ parcelId: _, ...h }) => h);
}

const SHARES_SQL = (where: string) =>
  `SELECT s.parcel_id AS "parcelId", s.unit_id AS "unitId", u.name AS "unitName", s.share FROM parcel_unit_shares s JOIN units u ON u.id = s.unit_id WHERE ${where} ORDER BY s.share DESC`;

/** Units a parcel lies in, with the share of its ellipsoidal area in each (progress counts it by these shares). */
export async function sharesOf(db: Queryable, parcelId: number): Promise<UnitShare[]> {
  return (await db.query<UnitShare & { parcelId?: number }>(SHARES_SQL('s.parcel_id = $1'), [parcelId])).map(({ parcelId: _, ...u }) => u);
}

/** Many parcels at once (the printed dossiers of a batch): their rows, disposals, history and unit shares, by parcel id. */
export async function parcelsWithRecords(db: Queryable, ids: number[]) {
  const [rows, disposals, history, shares] = await Promise.all([
    db.query<ParcelRow>(`SELECT ${PARCEL_COLUMNS} FROM ${PARCEL_FROM} WHERE p.id = ANY($1::int[]) AND p.deleted_at IS NULL`, [ids]),
    db.query<DisposalRow & { parcelId: number }>(DISPOSAL_SQL('parcel_id = ANY($1::int[])'), [ids]),
    db.query<HistoryRow & { parcelId: number }>(HISTORY_SQL('h.parcel_id = ANY($1::int[])'), [ids]),
    db.query<UnitShare & { parcelId: number }>(SHARES_SQL('s.parcel_id = ANY($1::int[])'), [ids]),
  ]);
  const byParcel = <T extends { parcelId: number }>(list: T[]) => {
    const map = new Map<number, Array<Omit<T, 'parcelId'>>>();
    for (const { parcelId, ...rest } of list) {
      const entries = map.get(parcelId);
      if (entries) entries.push(rest);
      else map.set(parcelId, [rest]);
    }
    return map;
  };
  return { rows, disposals: byParcel(disposals), history: byParcel(history), shares: byParcel(shares) };
}

/** Deleted parcels, newest deletion first, with who deleted them and the version an undelete must name. */
export function deletedParcels(db: Queryable, campaignId: number | null) {
  return db.query<{ id: number; code: string; projectName: string; version: number; deletedAt: string; deletedBy: string | null }>(
    `SELECT p.id, p.code, p.project_name AS "projectName", p.version,
       to_char(p.deleted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "deletedAt",
       (SELECT h.actor FROM parcel_history h WHERE h.parcel_id = p.id AND h.action = 'delete' ORDER BY h.id DESC LIMIT 1) AS "deletedBy"
     FROM parcels p WHERE p.deleted_at IS NOT NULL AND ($1::int IS NULL OR ${inCampaign('p', '$1::int')})
     ORDER BY p.deleted_at DESC LIMIT 500`,
    [campaignId],
  );
}
