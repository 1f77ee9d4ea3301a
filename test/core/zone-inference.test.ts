import { describe, expect, it } from 'vitest';
import type { MultiPolygon } from 'geojson';
import proj4 from 'proj4';
import { looksSwapped, prefixZone, stripPrefix, zoneFromArea, type EastNorth } from '../../core/coordfile/zone-inference.ts';

/** A box of lon/lat as a campaign's only unit. */
const box = (west: number, south: number, east: number, north: number): MultiPolygon => ({
  type: 'MultiPolygon', coordinates: [[[[west, south], [east, south], [east, north], [west, north], [west, south]]]],
});

/** Plane coordinates of lon/lat points in a Gauss–Krüger zone with the given central meridian (proj4 as the oracle). */
const plane = (meridian: number, points: Array<[number, number]>): EastNorth[] => {
  const gk = proj4('EPSG:4326', `+proj=tmerc +lat_0=0 +lon_0=${meridian} +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs`);
  return points.map((p) => gk.forward(p) as EastNorth);
};

describe('the Gauss–Krüger zone of coordinates without a CRS', () => {
  it('reads the zone and its width from an 8-digit easting', () => {
    expect(prefixZone(38501869.123)).toEqual({ zone: 38, width: 3 });
    expect(prefixZone(20501869.123)).toEqual({ zone: 20, width: 6 });
    expect(prefixZone(501869.123)).toBeNull();
    expect(prefixZone(24501869.123)).toBeNull();
    expect(stripPrefix(38501869.125)).toBeCloseTo(501869.125, 6);
  });

  it('tells northings written in the easting slot', () => {
    expect(looksSwapped([[501869.1, 3650123.4], [38501869.1, 3650123.4]])).toBe(false);
    expect(looksSwapped([[3650123.4, 501869.1], [3650123.4, 38501869.1]])).toBe(true);
  });

  it('picks the zone that puts the drawing inside the units: Zhumadian in 3° zone 38, Anze (112.2°E) in zone 37', () => {
    const zhumadian = plane(114, [[114.02, 32.98], [114.03, 32.99]]);
    expect(zoneFromArea(zhumadian, [box(113.2, 32.3, 115.2, 33.6)])).toMatchObject({ zone: 38, width: 3, source: 'campaign' });
    // Anze straddles nothing but lies west of 112.5°E: zone 37 (111°E); the same metres in zone 38 would land near 115°E.
    const anze = plane(111, [[112.2, 36.15], [112.25, 36.2]]);
    const found = zoneFromArea(anze, [box(111.8, 35.9, 112.6, 36.4)]);
    expect(found).toMatchObject({ zone: 37, width: 3, source: 'campaign' });
    expect(found!.note).toContain('按单位范围推定为 3° 带第 37 带');
  });

  it('names a 3° zone over the 6° zone with the same central meridian (117°E: 3° zone 39, 6° zone 20)', () => {
    expect(zoneFromArea(plane(117, [[117.1, 33.1]]), [box(116.5, 32.5, 117.5, 33.5)])).toMatchObject({ zone: 39, width: 3 });
  });

  it('falls back to the nearest zone, said so, when no zone puts the drawing inside; null without units', () => {
    const far = plane(114, [[114.02, 40.5]]);
    const found = zoneFromArea(far, [box(113.2, 32.3, 115.2, 33.6)]);
    expect(found).toMatchObject({ zone: 38, source: 'nearest' });
    expect(found!.note).toContain('请核对并选择带号');
    expect(zoneFromArea(far, [])).toBeNull();
  });
});
