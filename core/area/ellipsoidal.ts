import type { MultiPolygon, Polygon } from 'geojson';
import * as geographiclib from 'geographiclib-geodesic';
import { muFromM2 } from '../measure.ts';
import { sumRingAreas } from './rings.ts';

// The package is CommonJS: Node's ESM sees only its default export, bundlers see named ones.
const { Geodesic } = (geographiclib as unknown as { default?: typeof geographiclib }).default ?? geographiclib;

/** CGCS2000 uses the GRS80 ellipsoid: a = 6378137 m, f = 1/298.257222101. */
const CGCS2000 = new Geodesic.Geodesic(6378137, 1 / 298.257222101);

/**
 * Ellipsoidal area in mu on the CGCS2000 (GRS80) ellipsoid, with edges as geodesics (GeographicLib).
 * This is the authoritative area for the ledger check, as in the third national land survey.
 */
export function ellipsoidalAreaMu(geometry: Polygon | MultiPolygon): number {
  const m2 = sumRingAreas(geometry, (ring) => {
    const polygon = CGCS2000.Polygon(false);
    // The closing vertex repeats the first; GeographicLib closes the ring itself.
    for (const [lon, lat] of ring.slice(0, -1)) polygon.AddPoint(lat!, lon!);
    return polygon.Compute(false, true).area ?? 0;
  });
  return muFromM2(m2);
}
