import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areasMu, ellipsoidalAreaMu, gaussKrugerZone3, planeAreaMu, sphericalAreaMu, zoneOfGeometry } from '../../core/area/index.ts';

/** A square of `side` degrees with its south-west corner at (lon, lat), counter-clockwise. */
function square(lon: number, lat: number, side = 0.01): Polygon {
  return { type: 'Polygon', coordinates: [[[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]]] };
}

describe('three areas of a parcel', () => {
  // DOMAIN.md: on a 0.01° square, spherical vs ellipsoidal is +0.32% at 18°N, +0.05% at 33°N, −0.34% at 50°N.
  it.each([
    [18, 0.0032],
    [33, 0.0005],
    [50, -0.0034],
  ])('spherical differs from ellipsoidal by the known amount at %i°N', (lat, expected) => {
    const g = square(110, lat);
    const ratio = sphericalAreaMu(g) / ellipsoidalAreaMu(g) - 1;
    expect(ratio).toBeCloseTo(expected, 3);
  });

  it('a 0.01° square near Zhumadian is about 1.036 km² (1554 mu) on the ellipsoid', () => {
    expect(ellipsoidalAreaMu(square(114, 33))).toBeCloseTo(1554.57, 1);
  });

  it('the Gauss–Krüger plane area equals the ellipsoidal one on the central meridian and exceeds it away from it', () => {
    const onMeridian = square(113.995, 33);
    const atEdge = square(115.45, 33);
    const scaleNear = planeAreaMu(onMeridian) / ellipsoidalAreaMu(onMeridian);
    const scaleFar = planeAreaMu(atEdge) / ellipsoidalAreaMu(atEdge);
    // On the central meridian the scale factor is 1: the two agree to a millionth.
    expect(Math.abs(scaleNear - 1)).toBeLessThan(1e-6);
    expect(planeAreaMu(atEdge)).toBeGreaterThan(ellipsoidalAreaMu(atEdge));
    expect(scaleFar - 1).toBeGreaterThan(2e-4);
  });

  it('picks the 3° zone from the parcel (Zhumadian 114°E is zone 38, Anze 112.2°E zone 37)', () => {
    expect(gaussKrugerZone3(114.02)).toBe(38);
    expect(gaussKrugerZone3(112.2)).toBe(37);
    expect(zoneOfGeometry(square(114, 33))).toBe(38);
  });

  it('does not depend on the ring start vertex or winding', () => {
    const g = square(114, 33);
    const ring = g.coordinates[0]!.slice(0, -1);
    const rotated: Position[] = [...ring.slice(2), ...ring.slice(0, 2)];
    const reversed: Position[] = [...ring].reverse();
    for (const r of [rotated, reversed]) {
      const h: Polygon = { type: 'Polygon', coordinates: [[...r, r[0]!]] };
      expect(ellipsoidalAreaMu(h)).toBeCloseTo(ellipsoidalAreaMu(g), 6);
      expect(planeAreaMu(h)).toBeCloseTo(planeAreaMu(g), 6);
    }
  });

  it('subtracts holes and adds the parts of a MultiPolygon', () => {
    const outer = square(114, 33, 0.02).coordinates[0]!;
    const hole = square(114.005, 33.005, 0.01).coordinates[0]!.slice().reverse();
    const withHole: Polygon = { type: 'Polygon', coordinates: [outer, hole] };
    const expected = ellipsoidalAreaMu(square(114, 33, 0.02)) - ellipsoidalAreaMu(square(114.005, 33.005, 0.01));
    expect(ellipsoidalAreaMu(withHole)).toBeCloseTo(expected, 6);
    const two = areasMu({ type: 'MultiPolygon', coordinates: [square(114, 33).coordinates, square(114.1, 33).coordinates] });
    expect(two.ellipsoidal).toBeCloseTo(ellipsoidalAreaMu(square(114, 33)) + ellipsoidalAreaMu(square(114.1, 33)), 6);
    expect(two.gaussKrugerZone).toBe(38);
  });
});
