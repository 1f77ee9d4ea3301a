import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Position } from 'geojson';
import proj4 from 'proj4';
import { wgs84ToBd09 } from '../../core/coords/bd09.ts';
import { wgs84ToGcj02 } from '../../core/coords/gcj02.ts';
import { gdalDir, type GdalDir } from '../support/gdal.ts';
import { previewUpload } from '../support/import-preview.ts';
import { geodesicAreaM2, worstVertex } from '../support/oracle.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let gdal: GdalDir;
beforeAll(async () => {
  server = await startTestServer();
  gdal = await gdalDir();
});
afterAll(async () => {
  await server?.close();
  await gdal?.remove();
});

/** A small CGCS2000 parcel in 驿城区, and the same in the consumer systems by the published forward formulas. */
const ORIGINAL: Position[] = [[114.0402, 32.9702], [114.0431, 32.9705], [114.0427, 32.9731], [114.0399, 32.9726], [114.0402, 32.9702]];
const shifted = (f: (lon: number, lat: number) => [number, number]) => ORIGINAL.map(([lon, lat]) => f(lon!, lat!));

async function kml(name: string, ring: Position[], documentName?: string): Promise<string> {
  const geojson = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { Name: 'KML-1' }, geometry: { type: 'Polygon', coordinates: [ring] } }] };
  await gdal.write(`${name}.geojson`, JSON.stringify(geojson));
  await gdal.ogr2ogr('-f', 'KML', `${name}.kml`, `${name}.geojson`);
  const text = new TextDecoder().decode(await gdal.read(`${name}.kml`));
  // GDAL names the document after the layer; a map app puts its own name there.
  return documentName ? text.replace(/<Document id="root_doc">/, `<Document id="root_doc"><name>${documentName}</name>`) : text;
}

const firstRing = (item: any): Position[] => item.parcel.geometry.coordinates[0][0];

describe('consumer map coordinates (GCJ-02, BD-09)', () => {
  it('warns on every KML; read as CGCS2000 a GCJ-02 file lies hundreds of metres off, read as GCJ-02 within 1 cm', async () => {
    const file = await kml('gcj', shifted(wgs84ToGcj02));
    const asIs = await previewUpload(server.url, 'admin', 'map.kml', file);
    expect(asIs.status).toBe(200);
    expect(asIs.body.warnings.join()).toContain('坐标可能是 GCJ-02');
    expect(asIs.body.coordinates.sourceCrs).toEqual({ value: 'cgcs2000', suggested: null, reason: null });
    expect(worstVertex([ORIGINAL], [firstRing(asIs.body.items[0])])).toBeGreaterThan(100);

    const converted = await previewUpload(server.url, 'admin', 'map.kml', file, { sourceCrs: 'gcj02' });
    expect(converted.body.warnings.join()).toContain('坐标可能是 GCJ-02');
    expect(converted.body.warnings.join()).toContain('已换算为 CGCS2000');
    expect(converted.body.coordinates.sourceCrs.value).toBe('gcj02');
    expect(worstVertex([ORIGINAL], [firstRing(converted.body.items[0])])).toBeLessThan(0.01);
    expect(converted.body.items[0].areaMu.ellipsoidal * (10000 / 15)).toBeCloseTo(geodesicAreaM2([ORIGINAL]), 0);
  });

  it('suggests and applies GCJ-02 when the KML names AMap, and lets the person overrule it', async () => {
    const file = await kml('amap', shifted(wgs84ToGcj02), '高德地图 我的收藏');
    const suggested = await previewUpload(server.url, 'admin', 'amap.kml', file);
    expect(suggested.body.coordinates.sourceCrs).toMatchObject({ value: 'gcj02', suggested: 'gcj02' });
    expect(suggested.body.coordinates.sourceCrs.reason).toContain('高德');
    expect(worstVertex([ORIGINAL], [firstRing(suggested.body.items[0])])).toBeLessThan(0.01);
    const overruled = await previewUpload(server.url, 'admin', 'amap.kml', file, { sourceCrs: 'cgcs2000' });
    expect(overruled.body.coordinates.sourceCrs).toMatchObject({ value: 'cgcs2000', suggested: 'gcj02' });
    expect(worstVertex([ORIGINAL], [firstRing(overruled.body.items[0])])).toBeGreaterThan(100);
    const bad = await previewUpload(server.url, 'admin', 'amap.kml', file, { sourceCrs: 'wgs72' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('参数 sourceCrs');
  });

  it('reads a Baidu CSV point list (bd_lng, bd_lat) as BD-09, converted to within 1 cm', async () => {
    const rows = shifted(wgs84ToBd09).slice(0, -1).map(([lon, lat], i) => `BD-1,J${i + 1},${lon!.toFixed(9)},${lat!.toFixed(9)}`);
    const p = await previewUpload(server.url, 'admin', '百度坐标.csv', ['地块编号,点号,bd_lng,bd_lat', ...rows].join('\r\n'));
    expect(p.status).toBe(200);
    expect(p.body.coordinates.sourceCrs).toMatchObject({ value: 'bd09', suggested: 'bd09' });
    expect(p.body.items[0].parcel.code).toBe('BD-1');
    expect(worstVertex([ORIGINAL], [firstRing(p.body.items[0])])).toBeLessThan(0.01);
  });
});

describe('coordinate tables and Shapefiles in Gauss–Krüger zones', () => {
  const gk38 = proj4('EPSG:4326', '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=38500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
  const HOLE: Position[] = [[114.0408, 32.971], [114.0415, 32.971], [114.0415, 32.9716], [114.0408, 32.9716], [114.0408, 32.971]];

  it('reads an Excel table of 点号, X, Y grouped by 宗地号 with 圈号 (zone from the prefix)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('坐标');
    sheet.addRow(['宗地号', '圈号', '点号', 'X', 'Y', '地类编码']);
    const rows = (code: string, ring: number, points: Position[]) => points.slice(0, -1).forEach(([lon, lat], i) => {
      const [e, n] = gk38.forward([lon!, lat!]);
      // Merged-cell style: the code only on the parcel's first row.
      sheet.addRow([ring === 1 && i === 0 ? code : '', ring, `J${i + 1}`, Number(n!.toFixed(3)), Number(e!.toFixed(3)), ring === 1 && i === 0 ? '0601' : '']);
    });
    rows('XLS-1', 1, ORIGINAL);
    rows('XLS-1', 2, HOLE);
    const p = await previewUpload(server.url, 'admin', '坐标表.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(p.status, JSON.stringify(p.body.error)).toBe(200);
    expect(p.body.format).toContain('坐标表');
    expect(p.body.coordinates.zone).toMatchObject({ zone: 38, width: 3, source: 'prefix', swapped: false });
    const [item] = p.body.items;
    expect(item.errors).toEqual([]);
    expect(item.parcel.code).toBe('XLS-1');
    const [polygon] = item.parcel.geometry.coordinates;
    expect(polygon).toHaveLength(2);
    expect(worstVertex([ORIGINAL, HOLE], polygon)).toBeLessThan(0.01);
    expect(item.areaMu.ellipsoidal * (10000 / 15)).toBeCloseTo(geodesicAreaM2([ORIGINAL, HOLE]), 0);
  });

  it('reads a CSV table with X and Y swapped and no prefix: zone from the campaign, the swap said', async () => {
    const lines = ORIGINAL.slice(0, -1).map(([lon, lat], i) => {
      const [e, n] = gk38.forward([lon!, lat!]);
      return `CSV-1,J${i + 1},${(e! - 38e6).toFixed(3)},${n!.toFixed(3)}`;
    });
    const p = await previewUpload(server.url, 'admin', 'points.csv', ['地块编号,点号,X,Y', ...lines].join('\n'));
    expect(p.status, JSON.stringify(p.body.error)).toBe(200);
    expect(p.body.coordinates.zone).toMatchObject({ zone: 38, width: 3, source: 'campaign', swapped: true });
    expect(p.body.warnings.join()).toContain('X 与 Y 对调了');
    expect(worstVertex([ORIGINAL], [firstRing(p.body.items[0])])).toBeLessThan(0.01);
  });

  for (const srs of ['EPSG:4490', 'EPSG:4526', 'EPSG:4547']) {
    it(`reads a Shapefile written by ogr2ogr in ${srs}`, async () => {
      const name = srs.replace(':', '');
      await gdal.write(`${name}.geojson`, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { CODE: `SHP-${name}`, NAME: 'shp' }, geometry: { type: 'Polygon', coordinates: [ORIGINAL, HOLE] } }] }));
      // GDAL writes a zipped shapefile itself when the name ends in .shp.zip.
      await gdal.ogr2ogr('-f', 'ESRI Shapefile', '-s_srs', 'EPSG:4490', '-t_srs', srs, `${name}.shp.zip`, `${name}.geojson`);
      const p = await previewUpload(server.url, 'admin', `${name}.zip`, await gdal.read(`${name}.shp.zip`));
      expect(p.status, JSON.stringify(p.body.error)).toBe(200);
      const [polygon] = p.body.items[0].parcel.geometry.coordinates;
      expect(worstVertex([ORIGINAL, HOLE], polygon)).toBeLessThan(0.01);
      expect(p.body.items[0].areaMu.ellipsoidal * (10000 / 15)).toBeCloseTo(geodesicAreaM2([ORIGINAL, HOLE]), 0);
    });
  }
});
