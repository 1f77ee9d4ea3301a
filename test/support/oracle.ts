/** Independent checks of imported geometry: vertices against the original's, areas by GeographicLib directly. */
import * as geographiclib from 'geographiclib-geodesic';
import type { Position } from 'geojson';

const { Geodesic } = (geographiclib as unknown as { default?: typeof geographiclib }).default ?? geographiclib;
const CGCS2000 = new Geodesic.Geodesic(6378137, 1 / 298.257222101);

/** Geodesic distance in metres on the CGCS2000 ellipsoid. */
export function metresBetween(a: Position, b: Position): number {
  return CGCS2000.Inverse(a[1]!, a[0]!, b[1]!, b[0]!).s12!;
}

/** The largest distance from a vertex of `expected` to the nearest vertex of `actual` (metres). */
export function worstVertex(expected: Position[][], actual: Position[][]): number {
  const candidates = actual.flat();
  return Math.max(...expected.flat().map((p) => Math.min(...candidates.map((q) => metresBetween(p, q)))));
}

/** Ellipsoidal area of polygon rings (outer first, holes after) in m², GeographicLib on CGCS2000. */
export function geodesicAreaM2(rings: Position[][]): number {
  return rings.reduce((sum, ring, i) => {
    const polygon = CGCS2000.Polygon(false);
    for (const [lon, lat] of ring.slice(0, -1)) polygon.AddPoint(lat!, lon!);
    const area = Math.abs(polygon.Compute(false, true).area ?? 0);
    return sum + (i === 0 ? area : -area);
  }, 0);
}
