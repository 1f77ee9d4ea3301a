/**
 * BD-09 (Baidu's coordinates: GCJ-02 shifted once more) ↔ GCJ-02, and CGCS2000/WGS84 → BD-09. Baidu Maps reads
 * BD-09 unless told otherwise (coord_type), so a destination handed to it must be converted twice.
 * The formulas are the widely published ones (Baidu does not publish its own). The usual closed-form inverse is
 * off by up to ~10 cm; imported boundaries need better, so the inverse here starts from it and iterates the
 * forward formula until it reproduces the input to below 1e-9° (≈0.1 mm).
 */
import { gcj02ToWgs84, outOfChina, wgs84ToGcj02 } from './gcj02.ts';

const X_PI = (Math.PI * 3000) / 180;

/** GCJ-02 [lon, lat] → BD-09 [lon, lat]. */
export function gcj02ToBd09(lon: number, lat: number): [number, number] {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/** The published closed-form BD-09 → GCJ-02: within ~10 cm, the starting point of the exact inverse. */
function bd09ToGcj02Approximate(lon: number, lat: number): [number, number] {
  const x = lon - 0.0065;
  const y = lat - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
  return [z * Math.cos(theta), z * Math.sin(theta)];
}

/** BD-09 [lon, lat] → GCJ-02 [lon, lat]: gcj02ToBd09 of the result gives the input back to below 1e-9°. */
export function bd09ToGcj02(lon: number, lat: number): [number, number] {
  let [x, y] = bd09ToGcj02Approximate(lon, lat);
  for (let i = 0; i < 30; i++) {
    const [bx, by] = gcj02ToBd09(x, y);
    const dx = bx - lon;
    const dy = by - lat;
    if (Math.abs(dx) < 1e-10 && Math.abs(dy) < 1e-10) break;
    x -= dx;
    y -= dy;
  }
  return [x, y];
}

/** BD-09 [lon, lat] → WGS84/CGCS2000 [lon, lat]: both exact inverses in turn. */
export function bd09ToWgs84(lon: number, lat: number): [number, number] {
  return gcj02ToWgs84(...bd09ToGcj02(lon, lat));
}

/**
 * WGS84/CGCS2000 [lon, lat] → BD-09 [lon, lat]. Outside China there is no GCJ-02 shift, but Baidu still applies
 * its own, so only the first step is skipped there.
 */
export function wgs84ToBd09(lon: number, lat: number): [number, number] {
  const [gLon, gLat] = outOfChina(lon, lat) ? [lon, lat] : wgs84ToGcj02(lon, lat);
  return gcj02ToBd09(gLon, gLat);
}
