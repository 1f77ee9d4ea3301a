import { DUPLICATE_POINT, RING_NOT_CONTIGUOUS, TOO_FEW_POINTS, TOO_MANY_RINGS, UNCLOSED_RING } from './issues.ts';
import { issue, type IssueList } from './issue-list.ts';

/** A boundary point in the zone's plane: easting without zone prefix and northing, in metres. */
export interface PlanePoint {
  line: number;
  name: string;
  ring: number;
  easting: number;
  northing: number;
}

/** One ring (圈) as written, without its closing repeat and without consecutive duplicates. */
export interface Ring {
  number: number;
  points: PlanePoint[];
}

/** Points closer than this are the same point: the files carry millimetres. */
const SAME_POINT_METRES = 0.001;
/** Floating-point noise in differences of 7-digit coordinates, so that exactly 1 mm counts as within 1 mm. */
const NOISE_METRES = 1e-9;

/** Why a cap: nesting rings is quadratic in their number, and no real parcel has a thousand holes. */
const MAX_RINGS_PER_PARCEL = 1000;

/**
 * Groups point lines into rings by 圈号 in file order and checks each ring: contiguous, closed by repeating its
 * first point, at least three distinct points. Returns null after reporting to `errors` when any ring fails.
 */
export function assembleRings(points: PlanePoint[], errors: IssueList, warnings: IssueList): Ring[] | null {
  const groups: PlanePoint[][] = [];
  const endedAt = new Map<number, number>();
  for (const p of points) {
    const last = groups.at(-1);
    if (last && last[0]!.ring === p.ring) {
      last.push(p);
      continue;
    }
    if (last) endedAt.set(last[0]!.ring, last.at(-1)!.line);
    const ended = endedAt.get(p.ring);
    if (ended !== undefined) {
      errors.add(issue(RING_NOT_CONTIGUOUS, p.line, `圈号 ${p.ring} 的界址点在第 ${ended} 行已经结束，此处又再次出现；同一圈的界址点须连续排列`));
      return null;
    }
    groups.push([p]);
  }
  if (groups.length > MAX_RINGS_PER_PARCEL) {
    const line = groups[MAX_RINGS_PER_PARCEL]![0]!.line;
    errors.add(issue(TOO_MANY_RINGS, line, `一个地块有 ${groups.length} 个圈，超过上限 ${MAX_RINGS_PER_PARCEL}；请检查圈号是否写错`));
    return null;
  }
  const rings: Ring[] = [];
  for (const group of groups) {
    const ring = closedRing(group, errors, warnings);
    if (ring) rings.push(ring);
  }
  return rings.length === groups.length ? rings : null;
}

function closedRing(group: PlanePoint[], errors: IssueList, warnings: IssueList): Ring | null {
  const first = group[0]!;
  const last = group.at(-1)!;
  const number = first.ring;
  const gap = distance(first, last);
  if (group.length < 2 || !samePoint(first, last)) {
    const why = group.length < 2 ? '只有一个点' : `最后一点 ${last.name} 与第一点 ${first.name}（第 ${first.line} 行）相距 ${gap.toFixed(3)} 米`;
    errors.add(issue(UNCLOSED_RING, last.line, `第 ${number} 圈未闭合：${why}；每一圈须以重复第一点的坐标结束`));
    return null;
  }
  const distinct: PlanePoint[] = [];
  for (const p of group.slice(0, -1)) {
    const previous = distinct.at(-1);
    if (previous && samePoint(previous, p)) {
      warnings.add(issue(DUPLICATE_POINT, p.line, `界址点 ${p.name} 与上一点 ${previous.name}（第 ${previous.line} 行）坐标相同，已略去这一重复点`));
      continue;
    }
    distinct.push(p);
  }
  // A duplicate just before the closing repeat equals the first point: it is the same closure written twice.
  while (distinct.length > 1 && samePoint(distinct.at(-1)!, first)) {
    const p = distinct.pop()!;
    warnings.add(issue(DUPLICATE_POINT, p.line, `界址点 ${p.name} 与第一点 ${first.name} 坐标相同，已略去这一重复点`));
  }
  if (distinct.length < 3) {
    errors.add(issue(TOO_FEW_POINTS, first.line, `第 ${number} 圈只有 ${distinct.length} 个不同的界址点，构成一个面至少需要 3 个（另加闭合的重复点）`));
    return null;
  }
  return { number, points: distinct };
}

function samePoint(a: PlanePoint, b: PlanePoint): boolean {
  return distance(a, b) <= SAME_POINT_METRES + NOISE_METRES;
}

function distance(a: PlanePoint, b: PlanePoint): number {
  return Math.hypot(a.easting - b.easting, a.northing - b.northing);
}
