/** The query parameters of /ogc, each parsed once into a typed value or refused with a 400 naming it. */
import type { Expr } from '../../core/cql2/ast.ts';
import { parseCql2Json } from '../../core/cql2/json.ts';
import { parseCql2Text } from '../../core/cql2/text.ts';
import { crsOf, DEFAULT_CRS, type Crs } from '../../core/ogc/crs.ts';
import { parseDatetime } from '../../core/ogc/datetime.ts';
import { badParameter } from '../http/errors.ts';
import * as params from '../http/params.ts';
import type { ItemsQuery } from './items.ts';

export const LIMITS = { default: 100, max: 10_000 } as const;

/** Part 1 refuses parameters it does not know (a typo must not silently widen the answer). */
export function onlyKnown(query: Record<string, string>, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !known.includes(k));
  if (unknown.length) throw badParameter(unknown[0]!, `不认识这个参数（可用：${known.join('、')}）`);
}

export function crsParam(name: string, text: string | undefined): Crs {
  if (text === undefined || text === '') return DEFAULT_CRS;
  const crs = crsOf(text);
  if (!crs) throw badParameter(name, `不支持的坐标参考系“${text.slice(0, 80)}”（支持 CRS84、EPSG:4490、4326、3857 和 CGCS2000 高斯-克吕格 EPSG:4491–4501、4513–4554，见集合的 crs 列表）`);
  return crs;
}

export function format(text: string | undefined): void {
  if (text !== undefined && text !== '' && !['json', 'geojson', 'application/json', 'application/geo+json'].includes(text.toLowerCase())) {
    throw badParameter('f', `只提供 JSON（f=json），收到“${text.slice(0, 40)}”`);
  }
}

function bboxOf(text: string | undefined): number[] | null {
  if (text === undefined || text === '') return null;
  const nums = text.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (!(nums.length === 4 || nums.length === 6) || nums.some((n) => !Number.isFinite(n))) {
    throw badParameter('bbox', `应为 4 个（或 6 个）以逗号分隔的数字，收到“${text.slice(0, 80)}”`);
  }
  const [minX, minY, maxX, maxY] = nums.length === 6 ? [nums[0]!, nums[1]!, nums[3]!, nums[4]!] : (nums as [number, number, number, number]);
  if (minY > maxY) throw badParameter('bbox', '第二个坐标轴的最小值大于最大值');
  // x may exceed: a box across the antimeridian; China never needs it, and refusing beats answering wrongly.
  if (minX > maxX) throw badParameter('bbox', '第一个坐标轴的最小值大于最大值（不支持跨越 180° 经线的范围）');
  return nums;
}

/** The longest CQL2 filter accepted, characters. */
const MAX_FILTER_CHARS = 8000;

function filterOf(q: Record<string, string>): Expr | null {
  const text = q.filter;
  if (text === undefined || text === '') return null;
  // Explicit, not left to Node's header size: a filter this long is no query a person or GIS client writes.
  if (text.length > MAX_FILTER_CHARS) throw badParameter('filter', `过长（${text.length} 个字符，上限 ${MAX_FILTER_CHARS}）`);
  const lang = q['filter-lang'] || 'cql2-text';
  if (lang !== 'cql2-text' && lang !== 'cql2-json') throw badParameter('filter-lang', `应为 cql2-text 或 cql2-json，收到“${lang.slice(0, 40)}”`);
  const parsed = lang === 'cql2-json' ? parseCql2Json(text) : parseCql2Text(text);
  if (!parsed.ok) throw badParameter('filter', parsed.reason);
  return parsed.expr;
}

export const ITEMS_PARAMETERS = ['limit', 'bbox', 'bbox-crs', 'datetime', 'filter', 'filter-lang', 'filter-crs', 'crs', 'after', 'before', 'campaign', 'f'] as const;

export function itemsQuery(q: Record<string, string>): ItemsQuery {
  onlyKnown(q, ITEMS_PARAMETERS);
  format(q.f);
  const coords = bboxOf(q.bbox);
  const time = q.datetime ? parseDatetime(q.datetime) : null;
  if (time && !time.ok) throw badParameter('datetime', time.reason);
  const expr = filterOf(q);
  const after = params.optionalId('after', q.after);
  const before = params.optionalId('before', q.before);
  if (after !== null && before !== null) throw badParameter('before', '不能与 after 同时给出');
  return {
    // Above the maximum is not an error (Part 1, 7.15.2): the maximum is served, and the next link goes on from there.
    limit: Math.min(params.intInRange('limit', q.limit, 1, 1_000_000_000, LIMITS.default), LIMITS.max),
    after,
    before,
    bbox: coords ? { coords, crs: crsParam('bbox-crs', q['bbox-crs']) } : null,
    time: time?.ok ? time.range : null,
    filter: expr ? { expr, crs: crsParam('filter-crs', q['filter-crs']) } : null,
    crs: crsParam('crs', q.crs),
    campaign: params.optionalId('campaign', q.campaign),
  };
}
