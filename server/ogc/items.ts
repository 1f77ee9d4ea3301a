/**
 * Reading a collection's items: bbox, datetime, CQL2 filter and keyset paging on the id (no OFFSET: page 1,000 of a
 * million costs what page 1 does), with the geometry transformed by PostGIS into the asked CRS.
 */
import type { Feature, Geometry } from 'geojson';
import type { Expr } from '../../core/cql2/ast.ts';
import { toSql } from '../../core/cql2/sql.ts';
import type { Crs } from '../../core/ogc/crs.ts';
import type { TimeRange } from '../../core/ogc/datetime.ts';
import type { Queryable } from '../db/types.ts';
import { ApiError, badParameter } from '../http/errors.ts';
import type { Collection } from './collections.ts';

export interface ItemsQuery {
  limit: number;
  /** Keyset: ids greater than this (next pages)… */
  after: number | null;
  /** …or less than this (previous pages). */
  before: number | null;
  bbox: { coords: number[]; crs: Crs } | null;
  time: TimeRange | null;
  filter: { expr: Expr; crs: Crs } | null;
  crs: Crs;
  /** `campaign=`: only items counted in this campaign. */
  campaign: number | null;
}

export interface ItemsPage {
  /** The page's features as GeoJSON text, comma-separated (the inside of the `features` array). */
  features: string;
  numberReturned: number;
  next: number | null;
  prev: number | null;
  /** The data version, read by the page's own statement (one snapshot), when asked for; null on an empty page. */
  version: number | null;
}

class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    return `$${this.values.push(v)}`;
  }
}

/** SQL of a geometry given in `crs` (GeoJSON x/y, or the CRS's own axis order when swapped), as SRID 4326. */
const fromCrs = (sql: string, crs: Crs) => {
  const placed = `ST_SetSRID(${sql}, ${crs.srid})`;
  return `ST_Transform(${crs.swapped ? `ST_FlipCoordinates(${placed})` : placed}, 4326)`;
};

/** SQL of the stored geometry in `crs`, as GeoJSON text with the CRS's precision and axis order. */
export const geometryIn = (geom: string, crs: Crs) => {
  const transformed = crs.srid === 4326 ? geom : `ST_Transform(${geom}, ${crs.srid})`;
  return `ST_AsGeoJSON(${crs.swapped ? `ST_FlipCoordinates(${transformed})` : transformed}, ${crs.decimals})`;
};

function conditions(c: Collection, query: ItemsQuery, p: Params): string[] {
  const where = [c.where];
  if (query.bbox) {
    const [minX, minY, maxX, maxY] = query.bbox.coords.length === 6
      ? [query.bbox.coords[0], query.bbox.coords[1], query.bbox.coords[3], query.bbox.coords[4]]
      : query.bbox.coords;
    const env = fromCrs(`ST_MakeEnvelope(${[minX, minY, maxX, maxY].map((v) => `${p.add(v)}::float8`).join(', ')})`, query.bbox.crs);
    where.push(`${c.geom} && ${env} AND ST_Intersects(${c.geom}, ${env})`);
  }
  if (query.time) {
    if (!c.time) throw new ApiError(400, 'bad_parameter', `参数 datetime 有误：集合“${c.id}”没有时间属性`);
    if (query.time.from) where.push(`${c.time} >= ${p.add(query.time.from)}::timestamptz`);
    if (query.time.before) where.push(`${c.time} < ${p.add(query.time.before)}::timestamptz`);
  }
  if (query.campaign !== null) {
    const member = c.queryables.find((q) => q.type === 'membership');
    if (!member?.memberOf) throw new ApiError(400, 'bad_parameter', `参数 campaign 有误：集合“${c.id}”不按专项行动区分`);
    where.push(member.memberOf(`${p.add([query.campaign])}::int[]`));
  }
  if (query.filter) {
    const crs = query.filter.crs;
    const translated = toSql(query.filter.expr, new Map(c.queryables.map((q) => [q.name, q])), {
      value: (v) => p.add(v),
      geometry: (g: Geometry) => fromCrs(`ST_GeomFromGeoJSON(${p.add(JSON.stringify(g))}::text)`, crs),
    });
    if (!translated.ok) throw new ApiError(400, 'bad_filter', `参数 filter 有误：${translated.reason}`);
    where.push(translated.sql);
  }
  return where;
}

/**
 * Runs the items' SQL; PROJ refusing a bbox or filter coordinate (outside its CRS's domain, e.g. 1e308 in a
 * Gauss–Krüger zone) is the request's fault, a 400 naming the parameter, not a 500.
 */
async function inDomain<T>(query: ItemsQuery, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof Error && /^transform:/i.test(e.message))) throw e;
    const named = [query.bbox && 'bbox', query.filter && 'filter'].filter(Boolean).join(' 或 ') || 'crs';
    throw badParameter(named, `坐标超出所用坐标参考系的适用范围（${e.message.slice(0, 80)}）`);
  }
}

/**
 * SQL of a row as the text of its GeoJSON Feature, written by PostgreSQL: the properties are the lateral record
 * `props` (see fromWithProperties) turned to JSON, the geometry PostGIS's GeoJSON; Node only joins the texts. Measured
 * on a page of 1,000 parcels (CPU, Node + PostgreSQL): 10 + 15 ms, against 25 + 9 ms for parsing 30 columns into
 * objects and serialising them again; json_build_object instead of to_json cost more and wrote " : " between keys.
 */
const featureText = (c: Collection, crs: Crs) =>
  `'{"type":"Feature","id":' || ${c.idSql} || ',"geometry":' || COALESCE(${geometryIn(c.geom, crs)}, 'null') || ',"properties":' || to_json(props)::text || '}'`;

/** The collection's FROM with its properties as the record `props` (a lateral SELECT without FROM: the planner flattens it). */
const fromWithProperties = (c: Collection) =>
  `${c.from} CROSS JOIN LATERAL (SELECT ${c.properties.map(([name, sql]) => `${sql} AS "${name}"`).join(', ')}) props`;

/**
 * The page's SQL: one more row than asked (whether a page follows), in id order forwards or backwards (keyset).
 * `versioned`: each row also carries the data version its statement saw (an answer kept for that version).
 */
export function itemsSql(c: Collection, query: ItemsQuery, versioned = false): { sql: string; params: unknown[]; matchSql: string; matchParams: unknown[] } {
  const p = new Params();
  const where = conditions(c, query, p);
  const matchSql = where.join(' AND ');
  const matchParams = [...p.values];
  if (query.after !== null) where.push(`${c.idSql} > ${p.add(query.after)}`);
  if (query.before !== null) where.push(`${c.idSql} < ${p.add(query.before)}`);
  const version = versioned ? ', (SELECT version FROM data_version)::text AS version' : '';
  const sql = `SELECT ${c.idSql} AS id, ${featureText(c, query.crs)} AS f${version} FROM ${fromWithProperties(c)} WHERE ${where.join(' AND ')}
     ORDER BY ${c.idSql} ${query.before !== null ? 'DESC' : 'ASC'} LIMIT ${p.add(query.limit + 1)}`;
  return { sql, params: p.values, matchSql, matchParams };
}

/**
 * The exact number of items matching, when counting them is cheap: at most `cap` rows are counted (a bounded scan;
 * beyond it the answer is null and numberMatched is left out, as Part 1 allows), and collections whose rows are
 * themselves computed (the unsupplied remainders: a geometric difference per batch) are not counted at all.
 */
export async function countMatched(db: Queryable, c: Collection, query: ItemsQuery, cap: number): Promise<number | null> {
  if (!c.countable) return null;
  const { matchSql, matchParams } = itemsSql(c, query);
  const [row] = await inDomain(query, () => db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${c.from} WHERE ${matchSql} LIMIT ${cap + 1}) s`, matchParams));
  return row!.n > cap ? null : row!.n;
}

export async function readItems(db: Queryable, c: Collection, query: ItemsQuery, versioned = false): Promise<ItemsPage> {
  const { sql, params } = itemsSql(c, query, versioned);
  const rows = await inDomain(query, () => db.query<{ id: number; f: string; version?: string }>(sql, params));
  const backwards = query.before !== null;
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (backwards) page.reverse();
  const first = page[0]?.id ?? null;
  const last = page.at(-1)?.id ?? null;
  return {
    features: page.map((r) => r.f).join(','),
    numberReturned: page.length,
    next: backwards ? last : more ? last : null,
    // A previous page exists when this one started after some id; a backward page knows from the extra row.
    prev: backwards ? (more ? first : null) : query.after !== null ? first : null,
    version: rows[0]?.version !== undefined ? Number(rows[0].version) : null,
  };
}

/** One item (null when there is none), with its version when the collection has versions. */
export async function readItem(db: Queryable, c: Collection, id: number, crs: Crs): Promise<Feature<Geometry | null> | null> {
  const [row] = await db.query<{ f: string }>(`SELECT ${featureText(c, crs)} AS f FROM ${fromWithProperties(c)} WHERE ${c.where} AND ${c.idSql} = $1`, [id]);
  return row ? (JSON.parse(row.f) as Feature<Geometry | null>) : null;
}

/** Whether the collection holds this item, without reading it (OPTIONS). */
export async function hasItem(db: Queryable, c: Collection, id: number): Promise<boolean> {
  return (await db.query(`SELECT 1 FROM ${c.from} WHERE ${c.where} AND ${c.idSql} = $1`, [id])).length > 0;
}

/** The spatial extent of a collection in CRS84, or null when it holds no geometry. */
export async function extentOf(db: Queryable, c: Collection): Promise<number[] | null> {
  const [row] = await db.query<{ e: string | null }>(`SELECT ST_Extent(${c.geom})::text AS e FROM ${c.from} WHERE ${c.where}`);
  const m = row?.e ? /BOX\(([-\d.e]+) ([-\d.e]+),([-\d.e]+) ([-\d.e]+)\)/.exec(row.e) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] : null;
}
