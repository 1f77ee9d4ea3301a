import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as codes from '../../../core/coordfile/index.ts';
import { MAX_FILE_BYTES, MAX_POINT_LINES, parseCoordinateFile, type IssueCode } from '../../../core/coordfile/index.ts';
import { FIXTURES, coordText, expectNamesLine, fixture, parsed } from './helpers.ts';

/**
 * Where the issue is reported: `file` → ok: false; `warning` → a warning of the file or of a parcel, every parcel
 * still valid; `parcel` → errors of the first parcel (BAD-001), which is invalid while BAD-002 stays valid;
 * `parcel-warning` → the first parcel's warnings, the parcel still valid.
 */
type Level = 'file' | 'warning' | 'parcel' | 'parcel-warning';

const CORPUS: [file: string, level: Level, code: IssueCode, line: number | null][] = [
  ['unclosed-ring.txt', 'parcel', codes.UNCLOSED_RING, 18],
  ['too-few-points.txt', 'parcel', codes.TOO_FEW_POINTS, 14],
  ['empty-parcel.txt', 'parcel', codes.TOO_FEW_POINTS, 13],
  ['not-a-number.txt', 'parcel', codes.NOT_A_NUMBER, 15],
  ['nan-text.txt', 'parcel', codes.NOT_A_NUMBER, 15],
  ['infinity-text.txt', 'parcel', codes.NOT_A_NUMBER, 16],
  ['comma-decimal.txt', 'parcel', codes.BAD_POINT_LINE, 15],
  ['chinese-comma.txt', 'parcel', codes.BAD_POINT_LINE, 15],
  ['bad-point-line.txt', 'parcel', codes.BAD_POINT_LINE, 16],
  ['bad-ring-number.txt', 'parcel', codes.BAD_RING_NUMBER, 15],
  ['missing-coordinates-section.txt', 'file', codes.MISSING_COORDINATES_SECTION, null],
  ['missing-at.txt', 'parcel', codes.MISSING_AT, 13],
  ['header-field-count.txt', 'parcel', codes.BAD_PARCEL_HEADER, 13],
  ['point-count-wrong.txt', 'parcel', codes.POINT_COUNT_MISMATCH, 13],
  ['point-count-not-a-number.txt', 'parcel', codes.BAD_PARCEL_HEADER, 13],
  ['not-polygon.txt', 'parcel', codes.NOT_POLYGON, 13],
  ['area-mismatch.txt', 'parcel-warning', codes.AREA_MISMATCH, 13],
  ['duplicate-point.txt', 'parcel-warning', codes.DUPLICATE_POINT, 16],
  ['truncated-mid-parcel.txt', 'file', codes.TRUNCATED, 21],
  ['truncated-mid-line.txt', 'file', codes.TRUNCATED, 21],
  ['swapped-xy.txt', 'parcel', codes.SWAPPED_XY, 14],
  ['swapped-xy-no-prefix.txt', 'parcel', codes.SWAPPED_XY, 14],
  ['zone-mismatch.txt', 'warning', codes.ZONE_MISMATCH, 13],
  ['easting-outside-zone.txt', 'parcel', codes.EASTING_OUTSIDE_ZONE, 15],
  ['prefix-not-a-zone.txt', 'parcel', codes.ZONE_WIDTH_MISMATCH, 14],
  ['mixed-zone-prefix.txt', 'parcel', codes.MIXED_ZONE_PREFIX, 16],
  ['zone-missing.txt', 'file', codes.ZONE_MISSING, null],
  ['zone-width-6-with-3-degree-zone.txt', 'file', codes.ZONE_WIDTH_MISMATCH, 9],
  ['bad-zone-width.txt', 'file', codes.BAD_HEADER_VALUE, 6],
  ['bad-zone-number.txt', 'file', codes.BAD_HEADER_VALUE, 9],
  ['unknown-crs.txt', 'file', codes.UNKNOWN_CRS, 5],
  ['missing-crs.txt', 'file', codes.UNKNOWN_CRS, null],
  ['unsupported-projection.txt', 'file', codes.UNSUPPORTED_PROJECTION, 7],
  ['unsupported-unit.txt', 'file', codes.UNSUPPORTED_UNIT, 8],
  ['negative-coordinate.txt', 'parcel', codes.COORDINATE_OUT_OF_RANGE, 16],
  ['y-seven-digits.txt', 'parcel', codes.COORDINATE_OUT_OF_RANGE, 15],
  ['x-eight-digits.txt', 'parcel', codes.COORDINATE_OUT_OF_RANGE, 15],
  ['ring-not-contiguous.txt', 'parcel', codes.RING_NOT_CONTIGUOUS, 20],
  ['self-intersection-bowtie.txt', 'parcel', codes.SELF_INTERSECTION, 17],
  ['self-intersection-figure-eight.txt', 'parcel', codes.SELF_INTERSECTION, 17],
  ['self-intersection-spike.txt', 'parcel', codes.SELF_INTERSECTION, 15],
  ['hole-outside-shell.txt', 'parcel', codes.RINGS_INTERSECT, 22],
  ['duplicate-parcel-code.txt', 'warning', codes.DUPLICATE_PARCEL_CODE, 19],
  ['point-before-parcel.txt', 'file', codes.POINT_WITHOUT_PARCEL, 13],
  ['no-parcels.txt', 'file', codes.NO_PARCELS, 12],
  ['header-line-ignored.txt', 'warning', codes.HEADER_LINE_IGNORED, 11],
  ['empty-file.txt', 'file', codes.EMPTY_FILE, null],
  ['blank-file.txt', 'file', codes.EMPTY_FILE, null],
  ['binary-garbage.png.txt', 'file', codes.NOT_TEXT, null],
  ['control-characters.txt', 'file', codes.NOT_TEXT, null],
  ['invalid-gbk.txt', 'file', codes.BAD_ENCODING, 13],
  ['latin1-noise.txt', 'file', codes.BAD_ENCODING, 1],
];

describe('malformed corpus', () => {
  it('has an expectation for every file in bad/, and at least 30 files', () => {
    const files = readdirSync(join(FIXTURES, 'bad')).sort();
    expect(CORPUS.map(([file]) => file).sort()).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CORPUS)('%s → %s %s on line %s', (file, level, code, line) => {
    const result = parseCoordinateFile(fixture(join('bad', file)));
    if (level === 'file') {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors.map((e) => e.code)).toEqual([code]);
      expectNamesLine(result.errors[0]!, line);
      return;
    }
    const ok = parsed(result);
    if (level === 'warning') {
      const found = ok.warnings.find((w) => w.code === code) ?? ok.parcels.flatMap((p) => p.warnings).find((w) => w.code === code);
      expect(found).toBeDefined();
      expectNamesLine(found!, line);
      expect(ok.parcels.every((p) => p.valid)).toBe(true);
      return;
    }
    const [first, second] = ok.parcels;
    expect(second).toMatchObject({ code: 'BAD-002', valid: true, errors: [] });
    const list = level === 'parcel' ? first!.errors : first!.warnings;
    expect(list.map((i) => i.code)).toContain(code);
    expectNamesLine(list.find((i) => i.code === code)!, line);
    expect(first!.valid).toBe(level === 'parcel-warning');
  });

  it('says what is wrong in words a land officer reads', () => {
    const message = (file: string) => {
      const r = parseCoordinateFile(fixture(join('bad', file)));
      return r.ok ? [...r.warnings, ...r.parcels.flatMap((p) => [...p.errors, ...p.warnings])][0]!.message : r.errors[0]!.message;
    };
    expect(message('not-a-number.txt')).toBe('第 15 行：坐标“3650000.000,38501abc.000”不是数字（Y 坐标应为以米为单位的数字，如 3650123.456）');
    expect(message('chinese-comma.txt')).toContain('中文逗号');
    expect(message('swapped-xy.txt')).toContain('X 与 Y 似乎写反了（本地块共 5 行如此）');
    expect(message('zone-mismatch.txt')).toMatch(/带号=37.*前缀为 38.*已按坐标前缀 38 计算/);
    expect(message('unclosed-ring.txt')).toContain('相距 0.500 米');
    expect(message('area-mismatch.txt')).toContain('文件所写面积多 7.50 亩');
  });

  it('never guesses: swapped coordinates are not swapped back, unclosed rings are not closed', () => {
    for (const file of ['swapped-xy.txt', 'unclosed-ring.txt', 'self-intersection-bowtie.txt']) {
      const first = parsed(parseCoordinateFile(fixture(join('bad', file)))).parcels[0]!;
      expect(first.geometry).toBeNull();
      expect(first.areaMu).toBeNull();
    }
  });
});

describe('limits', () => {
  it(`refuses a file over ${MAX_FILE_BYTES / 1024 / 1024} MB before reading it`, () => {
    const bytes = new Uint8Array(MAX_FILE_BYTES + 1).fill(0x20);
    const started = performance.now();
    const result = parseCoordinateFile(bytes);
    expect(performance.now() - started).toBeLessThan(100);
    expect(result).toMatchObject({ ok: false, errors: [{ code: codes.TOO_LARGE, line: null }] });
    expect(!result.ok && result.errors[0]!.message).toContain('50 MB');
  });

  it(`refuses more than ${MAX_POINT_LINES} point lines, naming the line where the limit was passed`, () => {
    const body = ['200001,0,BIG,,面,,,,@', ...Array.from({ length: MAX_POINT_LINES + 1 }, (_, i) => `J${i},1,3650000.000,38500000.000`)];
    const result = parseCoordinateFile(coordText(body));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.code).toBe(codes.TOO_LARGE);
    expectNamesLine(result.errors[0]!, 7 + MAX_POINT_LINES + 2);
  });

  it('refuses a parcel of more than 1,000 rings (ring nesting is quadratic in their number)', () => {
    const rings = Array.from({ length: 1001 }, (_, r) => {
      const y = (38500000 + 10 * r).toFixed(3);
      const y2 = (38500000 + 10 * r + 5).toFixed(3);
      return [`J1,${r + 1},3650000.000,${y}`, `J2,${r + 1},3650000.000,${y2}`, `J3,${r + 1},3649995.000,${y2}`, `J1,${r + 1},3650000.000,${y}`];
    }).flat();
    const p = parsed(parseCoordinateFile(coordText(['4004,,RINGS,,面,,,,@', ...rings]))).parcels[0]!;
    expect(p.errors.map((e) => e.code)).toEqual([codes.TOO_MANY_RINGS]);
    expectNamesLine(p.errors[0]!, 8 + 1000 * 4 + 1);
  });

  it('caps the issues of one parcel and counts the rest', () => {
    const body = ['300,0,MANY,,面,,,,@', ...Array.from({ length: 300 }, (_, i) => `J${i},1,abc,38500000.000`)];
    const p = parsed(parseCoordinateFile(coordText(body))).parcels[0]!;
    expect(p.errors).toHaveLength(51);
    expect(p.errors.at(-1)).toMatchObject({ code: codes.TOO_MANY_ISSUES, line: null });
    expect(p.errors.at(-1)!.message).toContain('另有 250 处');
  });

  it('stays fast near the limit: 9,000 parcels of 21 points, and one ring of 100,000 points', () => {
    const parcels: string[] = [];
    for (let k = 0; k < 9000; k++) {
      const x0 = 3600000 + Math.floor(k / 90) * 500;
      const y0 = 38400000 + (k % 90) * 500;
      parcels.push(`21,,P${k},,面,,,,@`);
      for (let i = 0; i < 20; i++) {
        const a = (i / 20) * 2 * Math.PI;
        parcels.push(`J${i + 1},1,${(x0 + 100 * Math.sin(a)).toFixed(3)},${(y0 + 100 * Math.cos(a)).toFixed(3)}`);
      }
      parcels.push(`J1,1,${x0.toFixed(3)},${(y0 + 100).toFixed(3)}`);
    }
    let started = performance.now();
    const many = parsed(parseCoordinateFile(coordText(parcels)));
    const manyMs = performance.now() - started;
    expect(many.parcels).toHaveLength(9000);
    expect(many.parcels.every((p) => p.valid)).toBe(true);

    const n = 100_000;
    const circle = [`${n + 1},,ROUND,,面,,,,@`];
    for (let i = 0; i < n; i++) {
      const a = (-i / n) * 2 * Math.PI;
      circle.push(`J${i + 1},1,${(3650000 + 1000 * Math.sin(a)).toFixed(3)},${(38500000 + 1000 * Math.cos(a)).toFixed(3)}`);
    }
    circle.push('J1,1,3650000.000,38501000.000');
    started = performance.now();
    const round = parsed(parseCoordinateFile(coordText(circle)));
    const roundMs = performance.now() - started;
    expect(round.parcels[0]!.errors).toEqual([]);
    // π·1000² m² ≈ 4712.39 mu.
    expect(round.parcels[0]!.areaMu!.plane).toBeCloseTo(4712.39, 0);
    console.log(`coordfile: 189,000 points in 9,000 parcels ${manyMs.toFixed(0)} ms; one ring of 100,000 points ${roundMs.toFixed(0)} ms`);
    expect(manyMs).toBeLessThan(15_000);
    expect(roundMs).toBeLessThan(15_000);
  });
});
