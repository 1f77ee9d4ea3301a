import type { MultiPolygon, Polygon, Position } from 'geojson';
import * as gjv from 'geojson-validation';
import { kinks } from '@turf/turf';
import { ellipsoidalAreaMu } from './area/ellipsoidal.ts';
import { m2FromMu } from './measure.ts';

/** Why a boundary cannot be saved; the codes are stable for programs, the messages are for people. */
export const GEOMETRY_PROBLEMS = {
  notPolygon: 'not_polygon',
  malformed: 'malformed',
  outOfRange: 'out_of_range',
  selfIntersection: 'self_intersection',
  ringTooSmall: 'ring_too_small',
  tooLarge: 'too_large',
} as const;
export type GeometryProblemCode = (typeof GEOMETRY_PROBLEMS)[keyof typeof GEOMETRY_PROBLEMS];

export interface GeometryProblem {
  code: GeometryProblemCode;
  message: string;
  /** Where, when known: e.g. a self-intersection point. */
  at?: Position;
}

/** China's extent with a margin, lon/lat: a point outside is a wrong coordinate system or swapped axes. */
const CHINA = { minLon: 73, maxLon: 136, minLat: 3, maxLat: 54 };
/** A ring smaller than this (1 m²) is a slip of the mouse or a degenerate sliver, not a parcel boundary. */
export const MIN_RING_M2 = 1;

/**
 * What one parcel boundary may hold. A real parcel has tens to a few thousand vertices; these bounds keep one request
 * from costing the validator, Turf and PostGIS unbounded time or stack (a coordinates array nested 5,000 deep).
 */
export const BOUNDARY_LIMITS = { vertices: 100_000, rings: 1_000 } as const;

/**
 * Why the shape of `coordinates` is out of bounds before anything walks it recursively: nested deeper than a
 * MultiPolygon's 4 levels, or more rings or vertices than BOUNDARY_LIMITS. Null when within bounds (which says nothing
 * yet about validity). Iterative, so a hostile depth cannot overflow the stack here either.
 */
export function boundarySizeProblem(coordinates: unknown, type: 'Polygon' | 'MultiPolygon'): GeometryProblem | null {
  const levels = type === 'Polygon' ? 3 : 4;
  let rings = 0;
  let vertices = 0;
  const stack: Array<[unknown, number]> = [[coordinates, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (!Array.isArray(v)) continue;
    if (depth > levels) return { code: 'malformed', message: `边界坐标嵌套过深：${type} 的 coordinates 应为 ${levels} 层数组` };
    if (depth === levels - 1) rings++;
    if (depth === levels) vertices++;
    if (rings > BOUNDARY_LIMITS.rings) return { code: 'too_large', message: `边界的环过多：超过 ${BOUNDARY_LIMITS.rings} 个` };
    if (vertices > BOUNDARY_LIMITS.vertices) return { code: 'too_large', message: `边界的坐标点过多：超过 ${BOUNDARY_LIMITS.vertices} 个` };
    for (const child of v) if (Array.isArray(child)) stack.push([child, depth + 1]);
  }
  return null;
}

const gjvLib = ((gjv as unknown as { default?: typeof gjv }).default ?? gjv) as typeof gjv;

/**
 * Checks a parcel boundary: GeoJSON Polygon or MultiPolygon (geojson-validation), lon/lat in China, no ring crossing
 * itself or another ring of its polygon (Turf kinks), no ring under 1 m². Returns the boundary as a MultiPolygon
 * with the problems found; the same rules run in the browser while drawing and on the server before saving.
 */
export function checkBoundary(input: unknown): { geometry: MultiPolygon | null; problems: GeometryProblem[] } {
  const g = input as Polygon | MultiPolygon;
  if (typeof input !== 'object' || input === null || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    return { geometry: null, problems: [{ code: 'not_polygon', message: '地块边界须为面（Polygon 或 MultiPolygon）' }] };
  }
  if (nestedTooDeep(g)) return { geometry: null, problems: [{ code: 'malformed', message: '边界格式有误：坐标嵌套层数不对（每个坐标应为 [经度, 纬度]）' }] };
  const tooBig = boundarySizeProblem((g as { coordinates?: unknown }).coordinates, g.type);
  if (tooBig) return { geometry: null, problems: [tooBig] };
  const trace = (g.type === 'Polygon' ? gjvLib.isPolygon(g, true) : gjvLib.isMultiPolygon(g, true)) as string[];
  if (trace.length) return { geometry: null, problems: [{ code: 'malformed', message: `边界格式有误：${trace.slice(0, 3).map(translate).join('；')}` }] };

  const geometry: MultiPolygon = g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g;
  const problems: GeometryProblem[] = [];
  const outside = geometry.coordinates.flat(2).find(([lon, lat]) => !(lon! >= CHINA.minLon && lon! <= CHINA.maxLon && lat! >= CHINA.minLat && lat! <= CHINA.maxLat));
  if (outside) {
    const swapped = outside[1]! >= CHINA.minLon && outside[1]! <= CHINA.maxLon && outside[0]! >= CHINA.minLat && outside[0]! <= CHINA.maxLat;
    problems.push({
      code: 'out_of_range',
      at: outside,
      message: `坐标 (${outside[0]}, ${outside[1]}) 不在中国范围内（经度 ${CHINA.minLon}–${CHINA.maxLon}°，纬度 ${CHINA.minLat}–${CHINA.maxLat}°）${swapped ? '，疑似经纬度写反（应为经度在前）' : '；坐标须为 CGCS2000 经纬度'}`,
    });
    return { geometry, problems };
  }
  geometry.coordinates.forEach((polygon, p) => {
    const crossing = kinks({ type: 'Polygon', coordinates: polygon }).features[0];
    if (crossing) {
      const at = crossing.geometry.coordinates;
      problems.push({ code: 'self_intersection', at, message: `${partName(geometry, p)}边界自相交（约在 ${at[0]!.toFixed(6)}, ${at[1]!.toFixed(6)}）` });
      // A crossed ring's area is meaningless (a bow-tie's lobes cancel out): its size is not judged.
      return;
    }
    polygon.forEach((ring, r) => {
      const m2 = m2FromMu(ellipsoidalAreaMu({ type: 'Polygon', coordinates: [ring] }));
      if (m2 < MIN_RING_M2) {
        problems.push({ code: 'ring_too_small', message: `${partName(geometry, p)}${r === 0 ? '外环' : `第 ${r} 个内环（洞）`}面积不足 1 平方米或退化为线` });
      }
    });
  });
  return { geometry, problems };
}

/**
 * Whether a Polygon's or MultiPolygon's coordinates nest deeper than GeoJSON allows (a position holding arrays).
 * Checked level by level without recursion, before any library recurses into it: an input nested thousands deep
 * would overflow the stack there. Other shape faults are left to geojson-validation, which names them.
 */
export function nestedTooDeep(g: { type: string; coordinates?: unknown }): boolean {
  let items: unknown[] = [g.coordinates];
  for (let level = g.type === 'Polygon' ? 2 : 3; level >= 0; level--) {
    const next: unknown[] = [];
    for (const item of items) {
      if (!Array.isArray(item)) continue;
      if (level === 0 && item.some((v) => typeof v === 'object' && v !== null)) return true;
      for (const v of item) next.push(v);
    }
    items = next;
  }
  return false;
}

function partName(g: MultiPolygon, index: number): string {
  return g.coordinates.length > 1 ? `第 ${index + 1} 部分` : '';
}

/** geojson-validation speaks English; a land officer reads Chinese. */
function translate(message: string): string {
  return message
    .replace(/at \d+: /g, '')
    .replace(/ Item .* is invalid\./, '')
    .replace(/The first and last positions must be equivalent/, '环的首尾坐标必须相同（环须闭合）')
    .replace(/coordinates must have at least four positions/, '每个环至少需要 4 个坐标点（含闭合点）')
    .replace(/Position must be at least two elements/, '每个坐标须有经度和纬度两个数')
    .replace(/Position must only contain numbers/, '坐标须为数字')
    .replace(/must have a member with the name "coordinates"/, '缺少 coordinates');
}
