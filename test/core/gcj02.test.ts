import { describe, expect, it } from 'vitest';
import { distance } from '@turf/turf';
import { gcj02ToWgs84, outOfChina, wgs84ToGcj02 } from '../../core/coords/gcj02.ts';

describe('GCJ-02', () => {
  it('shifts points in China by a few hundred metres', () => {
    const wgs: [number, number] = [114.0224, 32.9804];
    const gcj = wgs84ToGcj02(...wgs);
    const metres = distance(wgs, gcj, { units: 'meters' });
    expect(metres).toBeGreaterThan(100);
    expect(metres).toBeLessThan(700);
  });
  it('inverts to within 1 cm', () => {
    for (const p of [[114.0224, 32.9804], [112.25, 36.15], [121.47, 31.23], [87.6, 43.8]] as Array<[number, number]>) {
      const back = gcj02ToWgs84(...wgs84ToGcj02(...p));
      expect(distance(p, back, { units: 'meters' })).toBeLessThan(0.01);
    }
  });
  it('forward(inverse(p)) is within 1 cm of p on a grid over China (the published forward formula is the oracle)', () => {
    for (let lon = 74; lon <= 134; lon += 4.7) {
      for (let lat = 18.2; lat <= 53; lat += 3.1) {
        const p: [number, number] = [lon, lat];
        expect(distance(p, wgs84ToGcj02(...gcj02ToWgs84(...p)), { units: 'meters' })).toBeLessThan(0.01);
      }
    }
  });
  it('leaves points outside China alone', () => {
    expect(outOfChina(2.35, 48.85)).toBe(true);
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]);
  });
});
