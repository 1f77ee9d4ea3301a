import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MultiPolygon, Position } from 'geojson';
import JSZip from 'jszip';
import { gdalDir, type GdalDir } from '../support/gdal.ts';
import { previewUpload } from '../support/import-preview.ts';
import { geodesicAreaM2, worstVertex } from '../support/oracle.ts';
import { startTestServer } from '../support/server.ts';
import { signIn, DEMO_PASSWORDS, type Client } from '../support/session.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Client;
let gdal: GdalDir;
beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
  gdal = await gdalDir();
});
afterAll(async () => {
  await server?.close();
  await gdal?.remove();
});

/** An irregular hexagon about `r` degrees across around a point, with an optional square hole. */
function parcelAt(lon: number, lat: number, hole = false): MultiPolygon {
  const r = 0.002;
  const outer: Position[] = [[-1, -0.4], [-0.2, -1], [0.9, -0.7], [1, 0.3], [0.1, 1], [-0.8, 0.6]].map(([x, y]) => [lon + x! * r, lat + y! * r]);
  const rings = [[...outer, outer[0]!]];
  if (hole) {
    const h: Position[] = [[-0.3, -0.3], [-0.3, 0.3], [0.3, 0.3], [0.3, -0.3]].map(([x, y]) => [lon + x! * r, lat + y! * r]);
    rings.push([...h, h[0]!]);
  }
  return { type: 'MultiPolygon', coordinates: [rings] };
}

/** Three 3° zones in Henan and beyond, Hainan at 18°N and Heilongjiang at 50°N (zones 37, 38, 39, 37, 42). */
const PLACES: Array<{ code: string; lon: number; lat: number; zone: number; hole?: boolean }> = [
  { code: 'RT-Z37-Henan', lon: 111.62, lat: 33.41, zone: 37 },
  { code: 'RT-Z38-Zhumadian', lon: 114.02, lat: 32.98, zone: 38, hole: true },
  { code: 'RT-Z39-Anhui', lon: 116.8, lat: 33.1, zone: 39 },
  { code: 'RT-Hainan-18N', lon: 109.75, lat: 18.3, zone: 37 },
  { code: 'RT-Heilongjiang-50N', lon: 127.5, lat: 50.2, zone: 42 },
];

/** CGCS2000 3° zone with prefix (EPSG:4513–4533) of a lon/lat, by PROJ through gdaltransform: [easting, northing]. */
function projGaussKruger(zone: number, lon: number, lat: number): Promise<[number, number]> {
  return new Promise((resolve, reject) => {
    const child = execFile('gdaltransform', ['-s_srs', 'EPSG:4490', '-t_srs', `EPSG:${4488 + zone}`, '-output_xy'], (error, out) => {
      if (error) reject(error);
      else resolve(out.trim().split(/\s+/).map(Number) as [number, number]);
    });
    // gdaltransform takes the traditional GIS order, longitude first.
    child.stdin!.end(`${lon} ${lat}\n`);
  });
}

describe('coordinate-file export that re-imports exactly', () => {
  it('writes each parcel in its own zone (a zip of one GBK file per zone) and reads every vertex back within 1 mm', async () => {
    const ids: number[] = [];
    for (const place of PLACES) {
      const geometry = parcelAt(place.lon, place.lat, place.hole);
      const ledgerMu = Math.round((geodesicAreaM2(geometry.coordinates[0]!) / (10000 / 15)) * 100) / 100;
      const r = await admin.request('POST', '/api/parcels', { campaignId: 1, code: place.code, projectName: `往返测试 ${place.code}`, category: 'idle', status: 'registered', ledgerMu, geometry });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      ids.push(r.body.id);
    }
    const originals = await Promise.all(ids.map(async (id) => (await server.get(`/api/parcels/${id}`)).body));

    const response = await fetch(`${server.url}/api/exports/parcels?format=coordfile&ids=${ids.join(',')}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const zipBytes = new Uint8Array(await response.arrayBuffer());
    const zip = await JSZip.loadAsync(zipBytes);
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(['coordinates-zone37.txt', 'coordinates-zone38.txt', 'coordinates-zone39.txt', 'coordinates-zone42.txt']);
    for (const name of names) {
      const bytes = await zip.file(name)!.async('uint8array');
      // GBK: 属性描述 is CA F4 D0 D4 C3 E8 CA F6 in GB 2312, after the '['.
      expect([...bytes.slice(1, 9)]).toEqual([0xca, 0xf4, 0xd0, 0xd4, 0xc3, 0xe8, 0xca, 0xf6]);
      const text = new TextDecoder('gbk').decode(bytes);
      const zone = Number(/zone(\d+)/.exec(name)![1]);
      expect(text).toContain(`带号=${zone}\r\n`);
      expect(text).toContain('几度分带=3\r\n');
      // Every parcel's vertices in its file's zone: PROJ (gdaltransform, not our proj4) agrees to the millimetre.
      const points = [...text.matchAll(/\r\nJ\d+,\d+,([\d.]+),([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
      expect(points.every(([, y]) => Math.floor(y / 1e6) === zone)).toBe(true);
      for (const code of [...text.matchAll(/,(RT-[^,]+),/g)].map((m) => m[1]!)) {
        const original = originals.find((o) => o.properties.code === code)!;
        expect(PLACES.find((place) => place.code === code)!.zone).toBe(zone);
        for (const [lon, lat] of original.geometry.coordinates[0][0]) {
          const [easting, northing] = await projGaussKruger(zone, lon, lat);
          expect(Math.min(...points.map(([x, y]) => Math.hypot(x - northing, y - easting)))).toBeLessThan(0.001);
        }
      }
    }

    const p = await previewUpload(server.url, 'admin', 'parcels.zip', zipBytes);
    expect(p.status, JSON.stringify(p.body.error)).toBe(200);
    expect(p.body.format).toContain('4 个界址点坐标文件');
    expect(p.body.items).toHaveLength(PLACES.length);
    for (const original of originals) {
      const item = p.body.items.find((i: any) => i.parcel.code === original.properties.code);
      expect(item, original.properties.code).toBeDefined();
      // Nothing refused in reading (unit and overlap findings of the preview are not this test's subject).
      expect(item.errors.filter((e: string) => !/单位|重叠|重复/.test(e))).toEqual([]);
      expect(item.action).toBe('update');
      const [polygon] = item.parcel.geometry.coordinates;
      expect(polygon).toHaveLength(original.geometry.coordinates[0].length);
      expect(worstVertex(original.geometry.coordinates[0], polygon)).toBeLessThan(0.001);
      expect(worstVertex(polygon, original.geometry.coordinates[0])).toBeLessThan(0.001);
    }
  });

  it('writes UTF-8 on request, one plain file when all parcels share a zone, and refuses an unknown encoding', async () => {
    // The demo parcels all lie in Zhumadian, 3° zone 38.
    const r = await fetch(`${server.url}/api/exports/parcels?format=coordfile&encoding=utf-8&campaign=1&category=inefficient`);
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await r.arrayBuffer());
    expect(text).toContain('[属性描述]');
    expect(text).toContain('带号=38');
    const bad = await server.get('/api/exports/parcels?format=coordfile&encoding=big5');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('参数 encoding');
  });

  it('writes a Shapefile zip that GDAL opens at its root', async () => {
    const r = await fetch(`${server.url}/api/exports/parcels?format=shapefile&campaign=1&category=inefficient`);
    await gdal.write('parcels.zip', new Uint8Array(await r.arrayBuffer()));
    const info = await gdal.ogrinfo('-ro', '-so', '-al', '/vsizip/parcels.zip');
    expect(info).toContain('Layer name: parcels');
    expect(info).toMatch(/Feature Count: [1-9]/);
    expect(info).toContain('China');
  });
});
