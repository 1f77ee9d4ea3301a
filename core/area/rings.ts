import type { MultiPolygon, Polygon, Position } from 'geojson';

/** Polygons of a Polygon or MultiPolygon: each is [outer, ...holes] (RFC 7946 rings, first point repeated last). */
export function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/**
 * Sums a polygon's area as |outer| − Σ|holes| for every part, given the unsigned area of one ring.
 * Taking absolute values keeps the result right whatever the winding order of the input.
 */
export function sumRingAreas(geometry: Polygon | MultiPolygon, ringArea: (ring: Position[]) => number): number {
  let total = 0;
  for (const [outer, ...holes] of polygonsOf(geometry)) {
    if (!outer) continue;
    total += Math.abs(ringArea(outer));
    for (const hole of holes) total -= Math.abs(ringArea(hole));
  }
  return total;
}
