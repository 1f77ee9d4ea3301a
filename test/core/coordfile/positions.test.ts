import { describe, expect, it } from 'vitest';
import { ZONE_WIDTH_ASSUMED, parseCoordinateFile } from '../../../core/coordfile/index.ts';
import { coordText, gaussKrugerSeries, parsed } from './helpers.ts';

/** One square parcel whose first vertex is (X, Y) as written; the others 100 m north and east of it. */
function squareFrom(x: number, y: number): string[] {
  const p = (dx: number, dy: number) => `${(x + dx).toFixed(3)},${(y + dy).toFixed(3)}`;
  return ['5,1.0000,P-1,位置检验,面,,,,@', `J1,1,${p(0, 0)}`, `J2,1,${p(100, 0)}`, `J3,1,${p(100, 100)}`, `J4,1,${p(0, 100)}`, `J1,1,${p(0, 0)}`];
}

function firstVertex(text: string): number[] {
  return parsed(parseCoordinateFile(text)).parcels[0]!.geometry!.coordinates[0]![0]![0]!;
}

describe('known positions', () => {
  it('puts Y = 38500000 (the central meridian of zone 38) at exactly 114°E', () => {
    const [lon] = firstVertex(coordText(squareFrom(3650000, 38500000)));
    expect(lon!.toFixed(6)).toBe('114.000000');
  });

  it('puts Y = 500000 without prefix at 114°E when 带号 = 38, and at 111°E when 带号 = 37', () => {
    expect(firstVertex(coordText(squareFrom(3650000, 500000)))[0]!.toFixed(6)).toBe('114.000000');
    expect(firstVertex(coordText(squareFrom(3650000, 500000), { 带号: '37' }))[0]!.toFixed(6)).toBe('111.000000');
  });

  it('assumes 3° zones when 几度分带 is missing, and says so', () => {
    const result = parsed(parseCoordinateFile(coordText(squareFrom(3650000, 38500000), { 几度分带: null })));
    expect(result.header.zoneWidth).toBe(3);
    expect(result.warnings).toMatchObject([{ code: ZONE_WIDTH_ASSUMED, line: null }]);
    expect(result.parcels[0]!.geometry!.coordinates[0]![0]![0]![0]!.toFixed(6)).toBe('114.000000');
  });

  it('puts the central meridian of 6° zone 20 at 117°E', () => {
    expect(firstVertex(coordText(squareFrom(3650000, 20500000), { 几度分带: '6', 带号: '20' }))[0]!.toFixed(6)).toBe('117.000000');
  });

  it.each([
    [114.6, 33.0],
    [115.2, 32.5],
    [112.7, 34.2],
  ])('maps back to %f°E %f°N within 1 mm, against the Gauss–Krüger series computed independently', (lon, lat) => {
    const [easting, northing] = gaussKrugerSeries(lon, lat, 114);
    const [parsedLon, parsedLat] = firstVertex(coordText(squareFrom(northing, 38e6 + easting)));
    // 1e-8° is ~1 mm; rounding to the millimetre in the file adds at most 0.7 mm.
    expect(Math.abs(parsedLon! - lon)).toBeLessThan(1.2e-8);
    expect(Math.abs(parsedLat! - lat)).toBeLessThan(1.2e-8);
  });

  it('reads Beijing 54 on the Krassovsky ellipsoid, a few metres from the same numbers on CGCS2000', () => {
    const [lon54, lat54] = firstVertex(coordText(squareFrom(3650000, 38550000), { 坐标系: '1954北京坐标系' }));
    const [lon, lat] = firstVertex(coordText(squareFrom(3650000, 38550000)));
    const [easting, northing] = gaussKrugerSeries(lon54!, lat54!, 114, 6378245, 1 / 298.3);
    expect(easting).toBeCloseTo(550000, 2);
    expect(northing).toBeCloseTo(3650000, 2);
    const metres = Math.hypot((lon54! - lon!) * 92_000, (lat54! - lat!) * 111_000);
    expect(metres).toBeGreaterThan(1);
    expect(metres).toBeLessThan(200);
  });
});
