import { describe, expect, it } from 'vitest';
import * as geographiclib from 'geographiclib-geodesic';
import { distance } from '@turf/turf';
import type { MultiPolygon } from 'geojson';
import { formatDistance } from '../../core/format.ts';
import { approach, compassLabel, inverse } from '../../core/geodesy.ts';

const { Geodesic } = (geographiclib as unknown as { default?: typeof geographiclib }).default ?? geographiclib;
const WGS84 = new Geodesic.Geodesic(6378137, 1 / 298.257223563);

describe('inverse', () => {
  it("reproduces GeographicLib's published example (Wellington → Salamanca, WGS84)", () => {
    // Karney, "Algorithms for geodesics" (2013) and the GeographicLib docs: s12 = 19959679.267 m, azi1 = 161.067669986°.
    const leg = inverse({ lat: -41.32, lon: 174.81 }, { lat: 40.96, lon: -5.5 }, WGS84);
    expect(leg.distanceM).toBeCloseTo(19959679.267, 3);
    expect(leg.bearingDeg).toBeCloseTo(161.067669986, 9);
  });

  it('on CGCS2000 (GRS80) differs from WGS84 by under a millimetre over 20 000 km', () => {
    const grs80 = inverse({ lat: -41.32, lon: 174.81 }, { lat: 40.96, lon: -5.5 });
    expect(Math.abs(grs80.distanceM - 19959679.267)).toBeLessThan(0.01);
    expect(grs80.distanceM).not.toBe(19959679.267);
  });

  it('agrees with a sphere to within its 0.5% error over a few hundred metres in Zhumadian', () => {
    const from = { lon: 114.0224, lat: 32.9804 };
    for (const to of [{ lon: 114.0254, lat: 32.9824 }, { lon: 114.0224, lat: 32.9764 }, { lon: 114.0184, lat: 32.9804 }]) {
      const leg = inverse(from, to);
      const spherical = distance([from.lon, from.lat], [to.lon, to.lat], { units: 'meters' });
      expect(Math.abs(leg.distanceM - spherical) / spherical).toBeLessThan(0.005);
    }
  });

  it('gives bearings clockwise from north in [0, 360)', () => {
    const from = { lon: 114, lat: 33 };
    expect(inverse(from, { lon: 114, lat: 33.01 }).bearingDeg).toBeCloseTo(0, 6);
    expect(inverse(from, { lon: 114.01, lat: 33 }).bearingDeg).toBeCloseTo(90, 1);
    expect(inverse(from, { lon: 114, lat: 32.99 }).bearingDeg).toBeCloseTo(180, 6);
    expect(inverse(from, { lon: 113.99, lat: 33 }).bearingDeg).toBeCloseTo(270, 1);
  });
});

describe('compassLabel', () => {
  it('names the eight directions, each 45° wide', () => {
    expect([0, 44, 46, 90, 135, 180, 225, 270, 315, 338, 359.9, -10].map(compassLabel)).toEqual([
      '北', '东北', '东北', '东', '东南', '南', '西南', '西', '西北', '北', '北', '北',
    ]);
  });
});

/** A 0.002° square (≈ 190 m × 220 m) parcel with a hole in its north-east quarter:
 *   +-------+
 *   |   [ ] |
 *   |       |
 *   +-------+
 */
const PARCEL: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [[114, 33], [114.002, 33], [114.002, 33.002], [114, 33.002], [114, 33]],
      [[114.0012, 33.0012], [114.0018, 33.0012], [114.0018, 33.0018], [114.0012, 33.0018], [114.0012, 33.0012]],
    ],
  ],
};

describe('approach', () => {
  it('says the person is inside, at distance 0 from the boundary', () => {
    const a = approach({ lon: 114.0005, lat: 33.0005 }, PARCEL);
    expect(a.inside).toBe(true);
    expect(a.nearest.distanceM).toBe(0);
    expect(a.centre.distanceM).toBeGreaterThan(0);
  });

  it('measures the way to the nearest edge when outside (due west of the parcel: east)', () => {
    const position = { lon: 113.997, lat: 33.001 };
    const a = approach(position, PARCEL);
    expect(a.inside).toBe(false);
    const direct = inverse(position, { lon: 114, lat: 33.001 });
    expect(a.nearest.distanceM).toBeCloseTo(direct.distanceM, 0);
    expect(compassLabel(a.nearest.bearingDeg)).toBe('东');
    expect(a.nearest.point.lon).toBeCloseTo(114, 6);
    expect(a.nearest.point.lat).toBeCloseTo(33.001, 6);
  });

  it('goes to the corner when that is nearest (south-west of the parcel: north-east)', () => {
    const position = { lon: 113.999, lat: 32.999 };
    const a = approach(position, PARCEL);
    expect(a.nearest.distanceM).toBeCloseTo(inverse(position, { lon: 114, lat: 33 }).distanceM, 0);
    expect(compassLabel(a.nearest.bearingDeg)).toBe('东北');
  });

  it('treats a point in the hole as outside, with the hole edge nearest', () => {
    const position = { lon: 114.0015, lat: 33.0015 };
    const a = approach(position, PARCEL);
    expect(a.inside).toBe(false);
    expect(a.nearest.distanceM).toBeLessThan(40);
  });
});

describe('formatDistance', () => {
  it('uses metres below a kilometre', () => {
    expect([12.4, 999.4, 1234, 15_600].map(formatDistance)).toEqual(['12 米', '999 米', '1.2 千米', '16 千米']);
  });
});
