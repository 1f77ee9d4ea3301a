import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Issue, ParseResult, ParsedParcel } from '../../../core/coordfile/index.ts';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/coordfile');

/** A fixture file's bytes, as an upload would deliver them. */
export function fixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, path)));
}

export function parsed(result: ParseResult): Extract<ParseResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected the file to parse: ${result.errors.map((e) => e.message).join('; ')}`);
  return result;
}

export function parcelByCode(result: ParseResult, code: string): ParsedParcel {
  const parcel = parsed(result).parcels.find((p) => p.code === code);
  if (!parcel) throw new Error(`no parcel ${code}`);
  return parcel;
}

/** Issues carry the line they are about, and their message starts by naming it. */
export function expectNamesLine(issue: Issue, line: number | null): void {
  expect(issue.line).toBe(line);
  if (line === null) expect(issue.message).not.toMatch(/^第 \d+ 行/);
  else expect(issue.message.startsWith(`第 ${line} 行：`)).toBe(true);
}

/** Signed area of a lon/lat ring (shoelace in degrees): positive when counter-clockwise. */
export function signedDegreeArea(ring: number[][]): number {
  let twice = 0;
  for (let i = 0; i < ring.length - 1; i++) twice += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return twice / 2;
}

/** The classic Gauss–Krüger forward series (Snyder 1987, eqs. 8-9, 8-10), independent of proj4: [easting, northing]. */
export function gaussKrugerSeries(lon: number, lat: number, lon0: number, a = 6378137, f = 1 / 298.257222101): [number, number] {
  const e2 = f * (2 - f);
  const ep2 = e2 / (1 - e2);
  const e4 = e2 * e2;
  const e6 = e4 * e2;
  const phi = (lat * Math.PI) / 180;
  const N = a / Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  const T = Math.tan(phi) ** 2;
  const C = ep2 * Math.cos(phi) ** 2;
  const A = (((lon - lon0) * Math.PI) / 180) * Math.cos(phi);
  const M = a * ((1 - e2 / 4 - (3 * e4) / 64 - (5 * e6) / 256) * phi
    - ((3 * e2) / 8 + (3 * e4) / 32 + (45 * e6) / 1024) * Math.sin(2 * phi)
    + ((15 * e4) / 256 + (45 * e6) / 1024) * Math.sin(4 * phi)
    - ((35 * e6) / 3072) * Math.sin(6 * phi));
  const x = N * (A + ((1 - T + C) * A ** 3) / 6 + ((5 - 18 * T + T * T + 72 * C - 58 * ep2) * A ** 5) / 120);
  const y = M + N * Math.tan(phi) * (A ** 2 / 2 + ((5 - T + 9 * C + 4 * C * C) * A ** 4) / 24
    + ((61 - 58 * T + T * T + 600 * C - 330 * ep2) * A ** 6) / 720);
  return [500000 + x, y];
}

/** A minimal valid file around a list of point lines (zone 38, 3°, CGCS2000 unless overridden; null leaves a key out). */
export function coordText(body: string[], header: Record<string, string | null> = {}): string {
  const attributes = { 坐标系: '2000国家大地坐标系', 几度分带: '3', 投影类型: '高斯克吕格', 计量单位: '米', 带号: '38', ...header };
  const lines = Object.entries(attributes).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`);
  return ['[属性描述]', ...lines, '[地块坐标]', ...body].join('\n');
}
