import { describe, expect, it } from 'vitest';
import { distance } from '@turf/turf';
import { bd09ToGcj02, bd09ToWgs84, gcj02ToBd09, wgs84ToBd09 } from '../../core/coords/bd09.ts';
import { wgs84ToGcj02 } from '../../core/coords/gcj02.ts';

/**
 * Reference pairs published with the widely used coordtransform library (wandergis/coordtransform, test/app.js and
 * README): each conversion applied to (116.404, 39.915), with the results it prints.
 */
const INPUT: [number, number] = [116.404, 39.915];
const PUBLISHED = {
  bd09ToGcj02: [116.39762729119315, 39.90865673957631],
  gcj02ToBd09: [116.41036949371029, 39.92133699351021],
  wgs84ToGcj02: [116.41024449916938, 39.91640428150164],
} as const;

const metres = (a: [number, number], b: readonly [number, number]) => distance(a, [b[0], b[1]], { units: 'meters' });

describe('BD-09', () => {
  it('matches the published coordtransform forward reference pairs to 1e-9°', () => {
    const cases: Array<[[number, number], readonly [number, number]]> = [
      [gcj02ToBd09(...INPUT), PUBLISHED.gcj02ToBd09],
      [wgs84ToGcj02(...INPUT), PUBLISHED.wgs84ToGcj02],
    ];
    for (const [actual, expected] of cases) {
      expect(actual[0]).toBeCloseTo(expected[0], 9);
      expect(actual[1]).toBeCloseTo(expected[1], 9);
    }
  });

  it('WGS84 → BD-09 is GCJ-02 then BD-09, and lands the reference GCJ-02 point where Baidu has it', () => {
    const bd = wgs84ToBd09(...INPUT);
    const viaGcj = gcj02ToBd09(...(PUBLISHED.wgs84ToGcj02 as unknown as [number, number]));
    expect(metres(bd, viaGcj)).toBeLessThan(1e-6);
    // Baidu's shift on top of GCJ-02 is some 600–900 m around Beijing.
    expect(metres(bd, PUBLISHED.wgs84ToGcj02)).toBeGreaterThan(500);
    expect(metres(bd, PUBLISHED.wgs84ToGcj02)).toBeLessThan(1000);
  });

  it('inverts exactly where the published closed-form inverse is only within 15 cm of it', () => {
    const exact = bd09ToGcj02(...INPUT);
    expect(metres(gcj02ToBd09(...exact), INPUT)).toBeLessThan(0.001);
    expect(metres(exact, PUBLISHED.bd09ToGcj02)).toBeLessThan(0.15);
  });

  it('forward(inverse(p)) is within 1 cm of p across China, BD-09 → GCJ-02 and BD-09 → CGCS2000', () => {
    for (let lon = 74; lon <= 134; lon += 4.7) {
      for (let lat = 18.2; lat <= 53; lat += 3.1) {
        const p: [number, number] = [lon, lat];
        expect(metres(gcj02ToBd09(...bd09ToGcj02(...p)), p)).toBeLessThan(0.01);
        expect(metres(wgs84ToBd09(...bd09ToWgs84(...p)), p)).toBeLessThan(0.01);
      }
    }
  });

  it('round-trips GCJ-02 → BD-09 → GCJ-02 to within 1 cm across China', () => {
    const places: Array<[number, number]> = [
      [114.0224, 32.9804], // 驻马店
      [112.25, 36.15], // 安泽
      [121.47, 31.23],
      [87.6, 43.8],
      [126.63, 45.75],
      [110.35, 20.02],
    ];
    for (const p of places) {
      const back = bd09ToGcj02(...gcj02ToBd09(...p));
      expect(metres(back, p)).toBeLessThan(0.01);
    }
  });

  it('shifts Zhumadian by the usual amount and in the usual direction (north-east)', () => {
    const wgs: [number, number] = [114.0224, 32.9804];
    const bd = wgs84ToBd09(...wgs);
    expect(bd[0]).toBeGreaterThan(wgs[0]);
    expect(bd[1]).toBeGreaterThan(wgs[1]);
    expect(metres(bd, wgs)).toBeGreaterThan(700);
    expect(metres(bd, wgs)).toBeLessThan(1500);
  });
});
