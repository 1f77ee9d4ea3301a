import type { MultiPolygon, Polygon } from 'geojson';
import { ellipsoidalAreaMu } from './ellipsoidal.ts';
import { planeAreaMu, zoneOfGeometry } from './plane.ts';
import { sphericalAreaMu } from './spherical.ts';

export { ellipsoidalAreaMu } from './ellipsoidal.ts';
export { planeAreaMu, zoneOfGeometry, gaussKrugerZone3, gaussKrugerProj, gaussKrugerEpsgNoPrefix } from './plane.ts';
export { sphericalAreaMu } from './spherical.ts';

/** The three areas of a parcel, each in mu, with the Gauss–Krüger zone the plane area was computed in. */
export interface AreasMu {
  ellipsoidal: number;
  plane: number;
  spherical: number;
  gaussKrugerZone: number;
}

export function areasMu(geometry: Polygon | MultiPolygon): AreasMu {
  const zone = zoneOfGeometry(geometry);
  return {
    ellipsoidal: ellipsoidalAreaMu(geometry),
    plane: planeAreaMu(geometry, zone),
    spherical: sphericalAreaMu(geometry),
    gaussKrugerZone: zone,
  };
}
