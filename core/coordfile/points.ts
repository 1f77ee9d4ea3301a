import { BAD_RING_NUMBER, COORDINATE_OUT_OF_RANGE, NOT_A_NUMBER, SWAPPED_XY } from './issues.ts';
import { clip, issue, type IssueList } from './issue-list.ts';
import type { PointRecord } from './records.ts';
import type { PlanePoint } from './rings.ts';

/** A decimal number as written in these files; rejects NaN, Infinity, exponents, thousands separators. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

export function parseDecimal(text: string): number | null {
  return DECIMAL.test(text) ? Number(text) : null;
}

/** A point with its zone prefix (the millions of an 8-digit easting) split off. */
export interface ZonedPoint extends PlanePoint {
  prefix: number | null;
}

/** Digits before the decimal point of a non-negative number. */
function integerDigits(v: number): number {
  return String(Math.trunc(v)).length;
}

/**
 * Reads the point lines of one parcel. X is the northing, 6–7 digits before the decimal point in China; Y the
 * easting, 6 digits, or 8 with the zone number in front. Swapped X and Y are reported once per parcel, never
 * swapped back: the file's author must say which is which. Returns null when any point is unusable.
 */
export function readPoints(records: PointRecord[], errors: IssueList): ZonedPoint[] | null {
  const points: ZonedPoint[] = [];
  const swapped: PointRecord[] = [];
  let usable = true;
  for (const r of records) {
    const ringOk = /^\d+$/.test(r.ring);
    if (!ringOk) errors.add(issue(BAD_RING_NUMBER, r.line, `圈号“${clip(r.ring)}”不是正整数`));
    const x = parseDecimal(r.x);
    const y = parseDecimal(r.y);
    if (x === null || y === null) {
      errors.add(issue(NOT_A_NUMBER, r.line, `坐标“${clip(r.x)},${clip(r.y)}”不是数字（${x === null ? 'X' : 'Y'} 坐标应为以米为单位的数字，如 3650123.456）`));
      usable = false;
      continue;
    }
    if (x < 0 || y < 0) {
      errors.add(issue(COORDINATE_OUT_OF_RANGE, r.line, `坐标“${r.x},${r.y}”为负数；高斯克吕格坐标在中国境内均为正数`));
      usable = false;
      continue;
    }
    const xDigits = integerDigits(x);
    const yDigits = integerDigits(y);
    if (yDigits === 7 && (xDigits === 6 || xDigits === 8)) {
      swapped.push(r);
      continue;
    }
    if (xDigits !== 6 && xDigits !== 7) {
      errors.add(issue(COORDINATE_OUT_OF_RANGE, r.line, `X 坐标（纵坐标，北向）${r.x} 的整数部分有 ${xDigits} 位，应为 7 位（如 3650123.456）`));
      usable = false;
      continue;
    }
    if (yDigits !== 6 && yDigits !== 8) {
      errors.add(issue(COORDINATE_OUT_OF_RANGE, r.line, `Y 坐标（横坐标，东向）${r.y} 的整数部分有 ${yDigits} 位，应为 6 位（不带带号，如 501869.123）或 8 位（带带号，如 38501869.123）`));
      usable = false;
      continue;
    }
    if (!ringOk) {
      usable = false;
      continue;
    }
    const prefix = yDigits === 8 ? Math.floor(y / 1e6) : null;
    points.push({ line: r.line, name: r.name, ring: Number(r.ring), northing: x, easting: prefix === null ? y : y - prefix * 1e6, prefix });
  }
  if (swapped.length > 0) {
    const first = swapped[0]!;
    const more = swapped.length > 1 ? `（本地块共 ${swapped.length} 行如此）` : '';
    errors.add(issue(SWAPPED_XY, first.line,
      `X 坐标 ${first.x} 像是东向坐标、Y 坐标 ${first.y} 像是北向坐标，X 与 Y 似乎写反了${more}；本规范中 X 为 7 位的北向坐标，Y 为东向坐标，请核对后重新导出`));
    usable = false;
  }
  return usable ? points : null;
}
