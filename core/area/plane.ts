import type { MultiPolygon, Polygon } from 'geojson';
import proj4 from 'proj4';
import { muFromM2 } from '../measure.ts';
import { polygonsOf, sumRingAreas } from './rings.ts';

/** The 3° Gauss–Krüger zone of a longitude: zone n has central meridian 3n° (Zhumadian ≈ 114°E is zone 38). */
export function gaussKrugerZone3(lon: number): number {
  return Math.round(lon / 3);
}

/** EPSG code of the CGCS2000 3° Gauss–Krüger zone, easting without zone prefix (EPSG:4534–4554, zones 25–45). */
export function gaussKrugerEpsgNoPrefix(zone: number): number {
  return 4509 + zone;
}

/**
 * proj4 definition of a Gauss–Krüger zone with the given central meridian (no zone prefix). The ellipsoid is
 * CGCS2000's GRS80 unless another proj4 name is given (IAU76 for Xian 80, krass for Beijing 54).
 */
export function gaussKrugerProj(centralMeridian: number, ellipsoid = 'GRS80'): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${centralMeridian} +k=1 +x_0=500000 +y_0=0 +ellps=${ellipsoid} +units=m +no_defs`;
}

const projections = new Map<number, proj4.Converter>();
function projectionOfZone(zone: number): proj4.Converter {
  let p = projections.get(zone);
  if (!p) {
    p = proj4('EPSG:4326', gaussKrugerProj(zone * 3));
    projections.set(zone, p);
  }
  return p;
}

/** The zone of a parcel is that of the mean longitude of its outer rings' vertices. */
export function zoneOfGeometry(geometry: Polygon | MultiPolygon): number {
  let sum = 0;
  let n = 0;
  for (const [outer] of polygonsOf(geometry)) {
    for (const [lon] of outer ?? []) {
      sum += lon!;
      n++;
    }
  }
  return gaussKrugerZone3(n ? sum / n : 0);
}

/**
 * Plane area in mu in the CGCS2000 3° Gauss–Krüger projection of the parcel's own zone (shoelace formula
 * on projected metres). It is larger than the ellipsoidal area, the more so the farther from the central meridian.
 */
export function planeAreaMu(geometry: Polygon | MultiPolygon, zone = zoneOfGeometry(geometry)): number {
  const projection = projectionOfZone(zone);
  const m2 = sumRingAreas(geometry, (ring) => {
    const xy = ring.map((p) => projection.forward([p[0]!, p[1]!]));
    let twice = 0;
    for (let i = 0; i < xy.length - 1; i++) {
      const [x1, y1] = xy[i]!;
      const [x2, y2] = xy[i + 1]!;
      twice += x1! * y2! - x2! * y1!;
    }
    return twice / 2;
  });
  return muFromM2(m2);
}
