import proj4 from 'proj4';
import { gaussKrugerProj } from '../area/plane.ts';
import type { Datum, ZoneWidth } from './types.ts';

/** proj4 ellipsoid of each datum: GRS80 (CGCS2000), IAG-75 = IAU76 (Xian 80), Krassovsky (Beijing 54). */
const ELLIPSOID: Record<Datum, string> = { CGCS2000: 'GRS80', Xian80: 'IAU76', Beijing54: 'krass' };

/** Zone numbers that cover China (73°E–135°E): 3° zones 25–45 (EPSG:4513–4533), 6° zones 13–23. */
export const ZONES_IN_CHINA: Record<ZoneWidth, { min: number; max: number }> = {
  3: { min: 25, max: 45 },
  6: { min: 13, max: 23 },
};

export function isZoneInChina(zone: number, width: ZoneWidth): boolean {
  return Number.isInteger(zone) && zone >= ZONES_IN_CHINA[width].min && zone <= ZONES_IN_CHINA[width].max;
}

/** Central meridian in degrees: 3n° for 3° zones, 6n − 3° for 6° zones. */
export function centralMeridian(zone: number, width: ZoneWidth): number {
  return width === 3 ? 3 * zone : 6 * zone - 3;
}

/** The zone whose central meridian is nearest to a longitude. */
export function zoneOfLongitude(lon: number, width: ZoneWidth): number {
  return width === 3 ? Math.round(lon / 3) : Math.floor(lon / 6) + 1;
}

/** Gauss–Krüger plane of one zone; eastings here are without the zone prefix (500000 on the central meridian). */
export interface PlaneProjection {
  toLonLat(easting: number, northing: number): [number, number];
  toPlane(lon: number, lat: number): [number, number];
}

const cache = new Map<string, PlaneProjection>();

/**
 * The plane of a zone on a datum's own ellipsoid. Longitudes and latitudes stay on that datum: no datum shift
 * is applied (the files rarely carry usable parameters), which the parser reports for Xian 80 and Beijing 54.
 */
export function planeProjection(datum: Datum, zone: number, width: ZoneWidth): PlaneProjection {
  const key = `${datum}/${width}/${zone}`;
  let projection = cache.get(key);
  if (!projection) {
    const ellipsoid = ELLIPSOID[datum];
    const converter = proj4(gaussKrugerProj(centralMeridian(zone, width), ellipsoid), `+proj=longlat +ellps=${ellipsoid} +no_defs`);
    projection = {
      toLonLat: (easting, northing) => converter.forward([easting, northing]) as [number, number],
      toPlane: (lon, lat) => converter.inverse([lon, lat]) as [number, number],
    };
    cache.set(key, projection);
  }
  return projection;
}
