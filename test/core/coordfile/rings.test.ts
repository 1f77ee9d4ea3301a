import { describe, expect, it } from 'vitest';
import { DUPLICATE_POINT, parseCoordinateFile } from '../../../core/coordfile/index.ts';
import { coordText, parsed, signedDegreeArea } from './helpers.ts';

/** Point lines of one rectangle ring (X north, Y east without prefix), clockwise unless reversed, closed. */
function ring(number: number, x1: number, y1: number, x2: number, y2: number, reverse = false): string[] {
  const corners = [[x2, y1], [x2, y2], [x1, y2], [x1, y1]];
  if (reverse) corners.reverse();
  const closedCorners = [...corners, corners[0]!];
  return closedCorners.map(([x, y], i) => `J${(i % 4) + 1},${number},${x!.toFixed(3)},${(38e6 + y!).toFixed(3)}`);
}

function parcelOf(rings: string[][]) {
  const lines = rings.flat();
  return parsed(parseCoordinateFile(coordText([`${lines.length},,R,,面,,,,@`, ...lines]))).parcels[0]!;
}

describe('ring assembly', () => {
  it('decides holes by containment, not by 圈号: a hole numbered 1 before its shell numbered 2', () => {
    const p = parcelOf([ring(1, 3650040, 500040, 3650060, 500060), ring(2, 3650000, 500000, 3650100, 500100)]);
    expect(p.errors).toEqual([]);
    expect(p.geometry!.coordinates).toHaveLength(1);
    const [shell, hole] = p.geometry!.coordinates[0]!;
    expect(signedDegreeArea(shell!)).toBeGreaterThan(0);
    expect(signedDegreeArea(hole!)).toBeLessThan(0);
    // 100² − 20² m² = 9,600 m² = 14.4 mu.
    expect(p.areaMu!.plane).toBeCloseTo(14.4, 9);
  });

  it('does not depend on the winding of shells and holes in the file', () => {
    const a = parcelOf([ring(1, 3650000, 500000, 3650100, 500100), ring(2, 3650040, 500040, 3650060, 500060)]);
    const b = parcelOf([ring(1, 3650000, 500000, 3650100, 500100, true), ring(2, 3650040, 500040, 3650060, 500060, true)]);
    expect(b.areaMu).toEqual(a.areaMu);
    expect(b.geometry!.coordinates[0]!.map(signedDegreeArea).map(Math.sign)).toEqual([1, -1]);
  });

  it('accepts a hole that touches its shell at one vertex', () => {
    const p = parcelOf([
      ring(1, 3650000, 500000, 3650100, 500100),
      ['J5,2,3650100.000,38500050.000', 'J6,2,3650050.000,38500060.000', 'J7,2,3650050.000,38500040.000', 'J5,2,3650100.000,38500050.000'],
    ]);
    expect(p.errors).toEqual([]);
    expect(p.geometry!.coordinates[0]).toHaveLength(2);
  });

  it('accepts a closing point within 1 mm of the first, and closes on the first exactly', () => {
    const lines = ring(1, 3650000, 500000, 3650100, 500100);
    lines[4] = 'J1,1,3650100.001,38500000.000';
    const p = parcelOf([lines]);
    expect(p.errors).toEqual([]);
    const shell = p.geometry!.coordinates[0]![0]!;
    expect(shell.at(-1)).toEqual(shell[0]);
  });

  it('drops a repeated point before the closing one with a warning, keeping the parcel valid', () => {
    const lines = ring(1, 3650000, 500000, 3650100, 500100);
    lines.splice(4, 0, lines[0]!.replace('J1', 'J5'));
    const p = parcelOf([lines]);
    expect(p.valid).toBe(true);
    expect(p.warnings.map((w) => [w.code, w.line])).toEqual([[DUPLICATE_POINT, 13]]);
    expect(p.geometry!.coordinates[0]![0]).toHaveLength(5);
  });
});
