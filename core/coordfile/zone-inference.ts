/**
 * The Gauss–Krüger zone of coordinates that arrive without a CRS (CAD drawings, coordinate tables): from the zone
 * number written before the easting where there is one, else the zone that puts the drawing inside the campaign's
 * units, else the person's choice. Also whether easting and northing were written the wrong way round.
 */
import { bbox, booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon } from 'geojson';
import { ZONES_IN_CHINA, centralMeridian, planeProjection, zoneOfLongitude } from './projection.ts';
import type { ZoneWidth } from './types.ts';

export interface GaussKrugerZone {
  zone: number;
  width: ZoneWidth;
}

/** A zone with how it was found and a sentence for the preview. */
export interface ZoneFinding extends GaussKrugerZone {
  source: 'prefix' | 'campaign' | 'chosen' | 'nearest';
  note: string;
}

/** Easting and northing in metres as the file gives them; the easting may carry the zone number in front. */
export type EastNorth = [number, number];

export const zoneLabel = ({ zone, width }: GaussKrugerZone) => `${width}° 带第 ${zone} 带`;

/**
 * The zone written before an 8-digit easting (38501869.123 → 3° zone 38). 3° zones in China are 25–45 and 6° zones
 * 13–23, so the number alone also says the width. Null for a 6-digit easting or a number that is no zone in China.
 */
export function prefixZone(easting: number): GaussKrugerZone | null {
  if (!(easting >= 1e7 && easting < 1e8)) return null;
  const zone = Math.floor(easting / 1e6);
  for (const width of [3, 6] as const) {
    if (zone >= ZONES_IN_CHINA[width].min && zone <= ZONES_IN_CHINA[width].max) return { zone, width };
  }
  return null;
}

/** Easting without its zone prefix (metres, 500000 on the central meridian). */
export function stripPrefix(easting: number): number {
  return easting >= 1e7 ? easting % 1e6 : easting;
}

const looksLikeEasting = (v: number) => (v >= 1e5 && v < 1e6) || prefixZone(v) !== null;
/** Northings in China run from about 2,000 km (Hainan) to 5,900 km (Mohe): seven digits. */
const looksLikeNorthing = (v: number) => v >= 1e6 && v < 1e7;

/**
 * True when most points read the other way round: the first number looks like a northing (7 digits) and the
 * second like an easting (6 digits, or 8 with a zone prefix). Ties and unreadable sets are not swapped.
 */
export function looksSwapped(points: EastNorth[]): boolean {
  let straight = 0;
  let swapped = 0;
  for (const [a, b] of points) {
    if (looksLikeEasting(a) && looksLikeNorthing(b)) straight++;
    else if (looksLikeNorthing(a) && looksLikeEasting(b)) swapped++;
  }
  return swapped > straight;
}

/** At most this many points are tested against the units per candidate zone: enough to tell zones 3° apart. */
const SAMPLE_POINTS = 64;

/**
 * The zone for eastings without prefix that puts most of the points inside the campaign's units (tried: every
 * 3° and 6° zone next to the units' extent; a 3° and a 6° zone sharing a central meridian project alike, and the
 * 3° one is named). When no zone puts any point inside, the zone whose drawing lands nearest the units, said so.
 * Null when the campaign has no unit boundaries to go by.
 */
export function zoneFromArea(points: EastNorth[], area: MultiPolygon[]): ZoneFinding | null {
  if (!area.length || !points.length) return null;
  const [minLon, minLat, maxLon, maxLat] = bbox({ type: 'GeometryCollection', geometries: area });
  const step = Math.max(1, Math.floor(points.length / SAMPLE_POINTS));
  const sample = points.filter((_, i) => i % step === 0);
  const centre: [number, number] = [(minLon + maxLon) / 2, (minLat + maxLat) / 2];
  let best: { zone: GaussKrugerZone; inside: number; distance: number } | null = null;
  for (const width of [3, 6] as const) {
    const { min, max } = ZONES_IN_CHINA[width];
    for (let zone = Math.max(min, zoneOfLongitude(minLon, width) - 1); zone <= Math.min(max, zoneOfLongitude(maxLon, width) + 1); zone++) {
      const projection = planeProjection('CGCS2000', zone, width);
      let inside = 0;
      let lonSum = 0;
      let latSum = 0;
      for (const [e, n] of sample) {
        const [lon, lat] = projection.toLonLat(e, n);
        lonSum += lon;
        latSum += lat;
        if (lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat && area.some((a) => booleanPointInPolygon([lon, lat], a))) inside++;
      }
      const distance = Math.hypot(lonSum / sample.length - centre[0], latSum / sample.length - centre[1]);
      // Strictly better only: the 3° zone is tried first and kept when a 6° zone with its meridian ties.
      if (!best || inside > best.inside || (inside === best.inside && inside === 0 && distance < best.distance)) {
        best = { zone: { zone, width }, inside, distance };
      }
    }
  }
  if (!best) return null;
  const label = zoneLabel(best.zone);
  if (best.inside === 0) {
    return { ...best.zone, source: 'nearest', note: `坐标不带带号，且在任何投影带中都不落在本专项行动的单位内：暂按离单位最近的 ${label}读取（中央经线 ${centralMeridian(best.zone.zone, best.zone.width)}°），请核对并选择带号` };
  }
  const share = Math.round((100 * best.inside) / sample.length);
  return { ...best.zone, source: 'campaign', note: `坐标不带带号：按单位范围推定为 ${label}（中央经线 ${centralMeridian(best.zone.zone, best.zone.width)}°，${share}% 的抽样点落在本专项行动的单位内），可在预览中更改` };
}

/** The finding for a zone the person chose. */
export function chosenZone(zone: GaussKrugerZone): ZoneFinding {
  return { ...zone, source: 'chosen', note: `按所选的 ${zoneLabel(zone)}读取（中央经线 ${centralMeridian(zone.zone, zone.width)}°）` };
}

/** The finding for zones read from prefixes (one or several across a file). */
export function prefixFinding(zones: GaussKrugerZone[]): ZoneFinding {
  const first = zones[0]!;
  const names = [...new Set(zones.map(zoneLabel))].join('、');
  return { ...first, source: 'prefix', note: `由横坐标的带号前缀得出：${names}` };
}
