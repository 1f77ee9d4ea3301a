/**
 * Distance and direction on the CGCS2000 (GRS80) ellipsoid, for a person walking to a parcel: how far, which way,
 * and whether they are already standing in it. Geodesics by GeographicLib (Karney 2013), accurate to nanometres.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import * as geographiclib from 'geographiclib-geodesic';
import { booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import { polygonsOf } from './area/rings.ts';

// The package is CommonJS: Node's ESM sees only its default export, bundlers see named ones.
const { Geodesic } = (geographiclib as unknown as { default?: typeof geographiclib }).default ?? geographiclib;

/** GRS80: a = 6378137 m, f = 1/298.257222101 (CGCS2000 differs from it by 0.1 mm in b). */
export const CGCS2000_GEODESIC = new Geodesic.Geodesic(6378137, 1 / 298.257222101);

export interface LonLat {
  lon: number;
  lat: number;
}

/** A geodesic leg: its length in metres and the initial bearing in degrees clockwise from north, in [0, 360). */
export interface Leg {
  distanceM: number;
  bearingDeg: number;
}

/** The geodesic from one CGCS2000 point to another (GeographicLib's inverse problem). */
export function inverse(from: LonLat, to: LonLat, geodesic = CGCS2000_GEODESIC): Leg {
  const r = geodesic.Inverse(from.lat, from.lon, to.lat, to.lon);
  const azimuth = r.azi1 ?? 0;
  return { distanceM: r.s12 ?? 0, bearingDeg: ((azimuth % 360) + 360) % 360 };
}

const COMPASS = ['北', '东北', '东', '东南', '南', '西南', '西', '西北'] as const;
export type CompassLabel = (typeof COMPASS)[number];

/** The eight-point compass direction of a bearing (degrees from north), each sector 45° wide centred on its point. */
export function compassLabel(bearingDeg: number): CompassLabel {
  const normal = ((bearingDeg % 360) + 360) % 360;
  return COMPASS[Math.round(normal / 45) % 8]!;
}

export interface Approach {
  inside: boolean;
  /** To the nearest point of the boundary; distance 0 (and bearing 0, the point being the person's own) when inside. */
  nearest: Leg & { point: LonLat };
  /** To a point guaranteed to lie on the parcel (its centroid when that is inside, else a point on its surface). */
  centre: Leg & { point: LonLat };
}

/**
 * Nearest point of a segment to the origin in a local plane (metres east, north of the person). Parcels are at most
 * a few kilometres across, where the plane's error is far below GPS accuracy; the distance that is shown comes from
 * the geodesic to that point, not from the plane.
 */
function nearestOnSegment(a: [number, number], b: [number, number]): [number, number] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, -(a[0] * dx + a[1] * dy) / length2));
  return [a[0] + t * dx, a[1] + t * dy];
}

function nearestBoundaryPoint(position: LonLat, geometry: Polygon | MultiPolygon): LonLat {
  const metresPerDegLat = 111_320;
  const metresPerDegLon = 111_320 * Math.cos((position.lat * Math.PI) / 180);
  const toPlane = ([lon, lat]: Position): [number, number] => [(lon! - position.lon) * metresPerDegLon, (lat! - position.lat) * metresPerDegLat];
  let best: [number, number] | null = null;
  let bestD2 = Infinity;
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const p = nearestOnSegment(toPlane(ring[i]!), toPlane(ring[i + 1]!));
        const d2 = p[0] * p[0] + p[1] * p[1];
        if (d2 < bestD2) {
          bestD2 = d2;
          best = p;
        }
      }
    }
  }
  if (!best) return position;
  return { lon: position.lon + best[0] / metresPerDegLon, lat: position.lat + best[1] / metresPerDegLat };
}

/** A point that lies on the parcel: its centroid when that is inside, else a point on its surface (Turf). */
export function pointOnSurface(geometry: Polygon | MultiPolygon): LonLat {
  const [lon, lat] = pointOnFeature(geometry).geometry.coordinates as [number, number];
  return { lon, lat };
}

/** Where a person stands relative to a parcel: inside or not, the way to its edge and to its middle. */
export function approach(position: LonLat, geometry: Polygon | MultiPolygon): Approach {
  const point: Position = [position.lon, position.lat];
  const inside = booleanPointInPolygon(point, geometry);
  const edge = inside ? position : nearestBoundaryPoint(position, geometry);
  const nearest = { ...(inside ? { distanceM: 0, bearingDeg: 0 } : inverse(position, edge)), point: edge };
  const centrePoint = pointOnSurface(geometry);
  return { inside, nearest, centre: { ...inverse(position, centrePoint), point: centrePoint } };
}
