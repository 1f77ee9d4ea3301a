/**
 * The coordinate reference systems Panhuo's OGC API – Features answers in (Part 2), and their axis order.
 * Boundaries are stored in CGCS2000 longitude/latitude (SRID 4326 in PostGIS: the two agree to centimetres; see
 * data/migrations/001_schema.sql), and EPSG:4490 is declared as the storage CRS. Every other CRS is a PostGIS
 * ST_Transform away.
 */

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG_URI = 'http://www.opengis.net/def/crs/EPSG/0/';

export interface Crs {
  uri: string;
  /** The PostGIS SRID to transform to. */
  srid: number;
  /**
   * The CRS's first axis is latitude (EPSG:4326, EPSG:4490) or northing (every CGCS2000 Gauss–Krüger CRS: EPSG defines
   * them as X north, Y east): coordinates are swapped from GeoJSON's x/y order, as Part 2 requires.
   */
  swapped: boolean;
  /** Decimal places written: 9 in degrees (≈ 0.1 mm), 4 in metres (0.1 mm). */
  decimals: number;
  title: string;
}

const gauss = (srid: number, zone: number, width: 3 | 6, prefix: boolean): Crs => ({
  uri: `${EPSG_URI}${srid}`, srid, swapped: true, decimals: 4,
  title: `CGCS2000 / ${width}-degree Gauss-Kruger ${prefix ? `zone ${zone}` : `CM ${width === 3 ? 3 * zone : 6 * zone - 3}E`}`,
});

/** CRS84 first: the default of every response. */
export const SUPPORTED_CRS: readonly Crs[] = [
  { uri: CRS84, srid: 4326, swapped: false, decimals: 9, title: 'WGS 84 longitude/latitude (CRS84)' },
  { uri: `${EPSG_URI}4490`, srid: 4490, swapped: true, decimals: 9, title: 'China Geodetic Coordinate System 2000 (CGCS2000)' },
  { uri: `${EPSG_URI}4326`, srid: 4326, swapped: true, decimals: 9, title: 'WGS 84' },
  { uri: `${EPSG_URI}3857`, srid: 3857, swapped: false, decimals: 4, title: 'WGS 84 / Pseudo-Mercator' },
  // 3° zones 25–45 with the zone number as easting prefix (EPSG:4513–4533 = 4488 + zone), then without (4534–4554).
  ...Array.from({ length: 21 }, (_, k) => gauss(4513 + k, 25 + k, 3, true)),
  ...Array.from({ length: 21 }, (_, k) => gauss(4534 + k, 25 + k, 3, false)),
  // 6° zones 13–23 with prefix (EPSG:4491–4501).
  ...Array.from({ length: 11 }, (_, k) => gauss(4491 + k, 13 + k, 6, true)),
];

export const STORAGE_CRS = `${EPSG_URI}4490`;
export const DEFAULT_CRS = SUPPORTED_CRS[0]!;

const BY_URI = new Map(SUPPORTED_CRS.map((c) => [c.uri, c]));

/**
 * A CRS named by its URI (as Part 2 asks), or by the short forms clients also send: `EPSG:4547`, `[EPSG:4547]`
 * (a safe CURIE), `CRS84`, `OGC:CRS84`. Null when not one Panhuo supports.
 */
export function crsOf(text: string): Crs | null {
  const t = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (/^(OGC:)?CRS84$/i.test(t)) return DEFAULT_CRS;
  const short = /^EPSG:(\d{4,5})$/i.exec(t);
  if (short) return BY_URI.get(`${EPSG_URI}${short[1]}`) ?? null;
  return BY_URI.get(t.replace(/^https:/, 'http:')) ?? null;
}
