import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { areasMu } from '../../core/area/index.ts';
import { checkBoundary } from '../../core/geometry-checks.ts';
import { assemble, disassemble } from '../../web/features/editing/assemble.ts';

/** A square ring of side `d` degrees with its south-west corner at (lon, lat), in the given winding. */
function square(lon: number, lat: number, d: number, clockwise = false): Polygon {
  const ring: Position[] = [
    [lon, lat],
    [lon + d, lat],
    [lon + d, lat + d],
    [lon, lat + d],
    [lon, lat],
  ];
  return { type: 'Polygon', coordinates: [clockwise ? ring.reverse() : ring] };
}

describe('assemble', () => {
  const outer = square(113.8, 32.95, 0.004);
  const hole = square(113.801, 32.951, 0.001);
  const apart = square(113.81, 32.95, 0.002);

  it('one polygon is itself', () => {
    const { geometry, roles } = assemble([outer]);
    expect(geometry).toEqual(outer);
    expect(roles).toEqual(['part']);
  });

  it('a polygon within the outer ring becomes its hole, whatever the order drawn; area is outer − hole', () => {
    for (const input of [
      [outer, hole],
      [hole, outer],
    ]) {
      const { geometry, roles } = assemble(input);
      expect(geometry!.type).toBe('Polygon');
      expect((geometry as Polygon).coordinates).toHaveLength(2);
      expect(roles[input.indexOf(hole)]).toBe('hole');
      const mu = areasMu(geometry!).ellipsoidal;
      expect(Math.abs(mu - (areasMu(outer).ellipsoidal - areasMu(hole).ellipsoidal))).toBeLessThan(0.01);
      expect(checkBoundary(geometry).problems).toEqual([]);
    }
  });

  it('a polygon outside becomes another part (MultiPolygon); holes go to the part that contains them', () => {
    const holeInApart = square(113.8105, 32.9505, 0.0005, true);
    const { geometry, roles } = assemble([outer, apart, hole, holeInApart]);
    expect(roles).toEqual(['part', 'part', 'hole', 'hole']);
    expect(geometry!.type).toBe('MultiPolygon');
    const parts = (geometry as MultiPolygon).coordinates;
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => p.length)).toEqual([2, 2]);
    expect(parts[1]![0]![0]).toEqual([113.81, 32.95]);
    expect(checkBoundary(geometry).problems).toEqual([]);
  });

  it('an island within a hole is a part of its own', () => {
    const island = square(113.8013, 32.9513, 0.0003);
    const { roles, geometry } = assemble([outer, hole, island]);
    expect(roles).toEqual(['part', 'hole', 'part']);
    expect((geometry as MultiPolygon).coordinates).toHaveLength(2);
  });

  it('ignores a polygon still being drawn (fewer than three distinct vertices)', () => {
    const drawing: Polygon = { type: 'Polygon', coordinates: [[[113.801, 32.951], [113.802, 32.951], [113.801, 32.951]]] };
    const { geometry, roles } = assemble([outer, drawing]);
    expect(geometry).toEqual(outer);
    expect(roles).toEqual(['part', null]);
    expect(assemble([]).geometry).toBeNull();
  });

  it('disassembles a MultiPolygon with holes into one polygon per ring, and assembles it back', () => {
    const multi: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [[outer.coordinates[0]!, square(113.801, 32.951, 0.001, true).coordinates[0]!], apart.coordinates],
    };
    const pieces = disassemble(multi);
    expect(pieces).toHaveLength(3);
    expect(pieces.every((p) => p.coordinates.length === 1)).toBe(true);
    const back = assemble(pieces).geometry as MultiPolygon;
    expect(back).toEqual(multi);
    expect(areasMu(back).ellipsoidal).toBeCloseTo(areasMu(multi).ellipsoidal, 6);
  });
});
