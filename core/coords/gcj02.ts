/**
 * GCJ-02 (the shifted system of AMap and Tencent) ↔ WGS84/CGCS2000. Data from consumer maps in China is in GCJ-02
 * and must be converted before it meets our CGCS2000 parcels; the shift is 100–700 m.
 * The forward formula is the widely published one; the inverse iterates it until forward(inverse(p)) is within
 * 1e-9° of p (≈0.1 mm), far inside the 1 cm an imported boundary may move.
 */

const A = 6378245.0;
const EE = 0.00669342162296594323;

export function outOfChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function transformLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/** WGS84/CGCS2000 [lon, lat] → GCJ-02 [lon, lat]. Outside China the systems coincide. */
export function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  if (outOfChina(lon, lat)) return [lon, lat];
  let dLat = transformLat(lon - 105, lat - 35);
  let dLon = transformLon(lon - 105, lat - 35);
  const radLat = (lat / 180) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

/** GCJ-02 [lon, lat] → WGS84/CGCS2000 [lon, lat], by fixed-point iteration of the forward formula. */
export function gcj02ToWgs84(lon: number, lat: number): [number, number] {
  if (outOfChina(lon, lat)) return [lon, lat];
  let [x, y] = [lon, lat];
  for (let i = 0; i < 30; i++) {
    const [gx, gy] = wgs84ToGcj02(x, y);
    const dx = gx - lon;
    const dy = gy - lat;
    if (Math.abs(dx) < 1e-10 && Math.abs(dy) < 1e-10) break;
    x -= dx;
    y -= dy;
  }
  return [x, y];
}
