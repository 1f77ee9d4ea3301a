/**
 * Links that hand a destination to the phone's map app (or its web map when the app is missing). Our coordinates
 * are CGCS2000; AMap and Tencent read GCJ-02, Baidu reads BD-09 (coord_type=bd09ll). Each vendor's URI API:
 * - AMap  https://lbs.amap.com/api/uri-api/guide/travel/route — uri.amap.com/navigation, to=lon,lat,name,
 *   coordinate=gaode (GCJ-02), callnative=1 opens the app when installed.
 * - Baidu https://lbsyun.baidu.com/docs/webapi?title=mapadjustment/uri/web — api.map.baidu.com/direction
 *   (origin and destination as latlng:lat,lng|name:…, latitude first) or /marker (location=lat,lng) when the start
 *   is unknown, output=html, src required.
 * - Tencent https://lbs.qq.com/webApi/uriV1/uriGuide/uriWebRoute — apis.map.qq.com/uri/v1/routeplan,
 *   tocoord=lat,lng (GCJ-02, latitude first), referer required; without from the app starts at the current position.
 */
import { wgs84ToBd09 } from './coords/bd09.ts';
import { wgs84ToGcj02 } from './coords/gcj02.ts';

export interface Place {
  /** CGCS2000 longitude and latitude, degrees. */
  lon: number;
  lat: number;
  name: string;
}

export interface NavigationLinks {
  amap: string;
  baidu: string;
  tencent: string;
}

/** Who is asking, as Baidu (src) and Tencent (referer) want it. */
const SOURCE = 'webapp.panhuo.field';

/** Six decimals: 0.1 m, finer than any phone's position and what the vendors' examples use. */
const fixed = (value: number) => value.toFixed(6);

function search(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

/** Navigation links to `destination`, starting from `origin` (the person's position) when known. */
export function navigationLinks(destination: Place, origin?: Place | null): NavigationLinks {
  const [gLon, gLat] = wgs84ToGcj02(destination.lon, destination.lat);
  const [bLon, bLat] = wgs84ToBd09(destination.lon, destination.lat);

  const amapParams: Record<string, string> = {
    to: `${fixed(gLon)},${fixed(gLat)},${destination.name}`,
    mode: 'car',
    coordinate: 'gaode',
    callnative: '1',
    src: SOURCE,
  };
  const tencentParams: Record<string, string> = { type: 'drive', to: destination.name, tocoord: `${fixed(gLat)},${fixed(gLon)}`, referer: SOURCE };
  let baidu: string;
  if (origin) {
    const [oLon, oLat] = wgs84ToGcj02(origin.lon, origin.lat);
    const [obLon, obLat] = wgs84ToBd09(origin.lon, origin.lat);
    amapParams.from = `${fixed(oLon)},${fixed(oLat)},${origin.name}`;
    tencentParams.from = origin.name;
    tencentParams.fromcoord = `${fixed(oLat)},${fixed(oLon)}`;
    baidu = `https://api.map.baidu.com/direction?${search({
      origin: `latlng:${fixed(obLat)},${fixed(obLon)}|name:${origin.name}`,
      destination: `latlng:${fixed(bLat)},${fixed(bLon)}|name:${destination.name}`,
      mode: 'driving',
      coord_type: 'bd09ll',
      output: 'html',
      src: SOURCE,
    })}`;
  } else {
    baidu = `https://api.map.baidu.com/marker?${search({
      location: `${fixed(bLat)},${fixed(bLon)}`,
      title: destination.name,
      content: destination.name,
      coord_type: 'bd09ll',
      output: 'html',
      src: SOURCE,
    })}`;
  }
  return {
    amap: `https://uri.amap.com/navigation?${search(amapParams)}`,
    baidu,
    tencent: `https://apis.map.qq.com/uri/v1/routeplan?${search(tencentParams)}`,
  };
}

/** The destination coordinates a link carries, as [lon, lat] in the vendor's own system (for checks and tests). */
export function linkCoordinates(vendor: keyof NavigationLinks, link: string): [number, number] | null {
  const params = new URL(link).searchParams;
  const pair = (text: string | null | undefined, latFirst: boolean): [number, number] | null => {
    const match = text?.match(/(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/);
    if (!match) return null;
    const a = Number(match[1]);
    const b = Number(match[2]);
    return latFirst ? [b, a] : [a, b];
  };
  switch (vendor) {
    case 'amap':
      return pair(params.get('to'), false);
    case 'baidu':
      return pair(params.get('destination') ?? params.get('location'), true);
    case 'tencent':
      return pair(params.get('tocoord'), true);
  }
}
