/**
 * BD-09 (Baidu's coordinates: GCJ-02 shifted once more) ↔ GCJ-02, and CGCS2000/WGS84 → BD-09. Baidu Maps reads
 * BD-09 unless told otherwise (coord_type), so a destination handed to it must be converted twice.
 * The formulas are the widely published ones (Baidu does not publish its own); the inverse is their usual
 * closed-form approximation, good to about 10 cm (far below a phone's GPS error).
 */
import { outOfChina, wgs84ToGcj02 } from './gcj02.ts';

const X_PI = (Math.PI * 3000) / 180;

/** GCJ-02 [lon, lat] → BD-09 [lon, lat]. */
export function gcj02ToBd09(lon: number, lat: number): [number, number] {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/** BD-09 [lon, lat] → GCJ-02 [lon, lat]. */
export function bd09ToGcj02(lon: number, lat: number): [number, number] {
  const x = lon - 0.0065;
  const y = lat - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
  return [z * Math.cos(theta), z * Math.sin(theta)];
}

/**
 * WGS84/CGCS2000 [lon, lat] → BD-09 [lon, lat]. Outside China there is no GCJ-02 shift, but Baidu still applies
 * its own, so only the first step is skipped there.
 */
export function wgs84ToBd09(lon: number, lat: number): [number, number] {
  const [gLon, gLat] = outOfChina(lon, lat) ? [lon, lat] : wgs84ToGcj02(lon, lat);
  return gcj02ToBd09(gLon, gLat);
}
