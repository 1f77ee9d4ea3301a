import { describe, expect, it } from 'vitest';
import { wgs84ToBd09 } from '../../core/coords/bd09.ts';
import { wgs84ToGcj02 } from '../../core/coords/gcj02.ts';
import { linkCoordinates, navigationLinks } from '../../core/navigation.ts';

const DESTINATION = { lon: 114.0224, lat: 32.9804, name: '驿城区 YC-001 地块' };

describe('navigationLinks', () => {
  const links = navigationLinks(DESTINATION);

  it('gives AMap GCJ-02 longitude first, flagged coordinate=gaode', () => {
    const url = new URL(links.amap);
    expect(url.origin + url.pathname).toBe('https://uri.amap.com/navigation');
    expect(url.searchParams.get('coordinate')).toBe('gaode');
    const [gLon, gLat] = wgs84ToGcj02(DESTINATION.lon, DESTINATION.lat);
    expect(url.searchParams.get('to')).toBe(`${gLon.toFixed(6)},${gLat.toFixed(6)},${DESTINATION.name}`);
  });

  it('gives Baidu BD-09 latitude first, flagged coord_type=bd09ll', () => {
    const url = new URL(links.baidu);
    expect(url.searchParams.get('coord_type')).toBe('bd09ll');
    expect(url.searchParams.get('output')).toBe('html');
    expect(url.searchParams.get('src')).toBeTruthy();
    const [bLon, bLat] = wgs84ToBd09(DESTINATION.lon, DESTINATION.lat);
    expect(url.searchParams.get('location')).toBe(`${bLat.toFixed(6)},${bLon.toFixed(6)}`);
  });

  it('gives Tencent GCJ-02 latitude first, with a referer', () => {
    const url = new URL(links.tencent);
    expect(url.origin + url.pathname).toBe('https://apis.map.qq.com/uri/v1/routeplan');
    expect(url.searchParams.get('referer')).toBeTruthy();
    const [gLon, gLat] = wgs84ToGcj02(DESTINATION.lon, DESTINATION.lat);
    expect(url.searchParams.get('tocoord')).toBe(`${gLat.toFixed(6)},${gLon.toFixed(6)}`);
  });

  it('with a known start, routes from it in each vendor’s system', () => {
    const origin = { lon: 114.01, lat: 32.97, name: '我的位置' };
    const routed = navigationLinks(DESTINATION, origin);
    const baidu = new URL(routed.baidu);
    expect(baidu.pathname).toBe('/direction');
    const [obLon, obLat] = wgs84ToBd09(origin.lon, origin.lat);
    expect(baidu.searchParams.get('origin')).toBe(`latlng:${obLat.toFixed(6)},${obLon.toFixed(6)}|name:我的位置`);
    const [oLon, oLat] = wgs84ToGcj02(origin.lon, origin.lat);
    expect(new URL(routed.tencent).searchParams.get('fromcoord')).toBe(`${oLat.toFixed(6)},${oLon.toFixed(6)}`);
    expect(new URL(routed.amap).searchParams.get('from')).toBe(`${oLon.toFixed(6)},${oLat.toFixed(6)},我的位置`);
  });

  it('reads back each link’s destination in the vendor’s own system, and never the unconverted one', () => {
    for (const vendor of ['amap', 'baidu', 'tencent'] as const) {
      const [lon, lat] = linkCoordinates(vendor, links[vendor])!;
      const expected = vendor === 'baidu' ? wgs84ToBd09(DESTINATION.lon, DESTINATION.lat) : wgs84ToGcj02(DESTINATION.lon, DESTINATION.lat);
      expect(lon).toBeCloseTo(expected[0], 6);
      expect(lat).toBeCloseTo(expected[1], 6);
      expect(Math.abs(lon - DESTINATION.lon) + Math.abs(lat - DESTINATION.lat)).toBeGreaterThan(0.001);
    }
  });
});
