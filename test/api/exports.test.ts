import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import shp from 'shpjs';
import { LEDGER_COLUMNS } from '../../core/ledger-columns.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const download = async (query: string) => {
  const r = await fetch(`${server.url}/api/exports/parcels?${query}`);
  return { status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'), body: new Uint8Array(await r.arrayBuffer()) };
};

describe('GET /api/exports/parcels', () => {
  it('exports the current filter as GeoJSON, the same parcels the list gives', async () => {
    const list = (await server.get('/api/parcels?campaign=1&category=idle&limit=5000')).body;
    const file = await download('format=geojson&campaign=1&category=idle');
    expect(file.status).toBe(200);
    expect(file.disposition).toContain('attachment');
    const json = JSON.parse(new TextDecoder().decode(file.body));
    expect(json.features.map((f: any) => f.id)).toEqual(list.features.map((f: any) => f.id));
    expect(json.features[0].properties.areaMu.ellipsoidal).toBeGreaterThan(0);
  });

  it('exports a selection as the ledger in .xlsx with the bureau’s headers, one row per parcel and a total', async () => {
    const list = (await server.get('/api/parcels?campaign=1&limit=3')).body.features;
    const file = await download(`format=xlsx&ids=${list.map((f: any) => f.id).join(',')}`);
    expect(file.type).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body.buffer as ArrayBuffer);
    const sheet = workbook.getWorksheet('台账')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, LEDGER_COLUMNS.length)).toEqual(LEDGER_COLUMNS.map((c) => c.header));
    expect(headers).toContain('椭球面积（亩）');
    expect(sheet.rowCount).toBe(1 + list.length + 1);
    const codes = [2, 3, 4].map((r) => sheet.getRow(r).getCell(1).value);
    expect(codes).toEqual(list.map((f: any) => f.properties.code));
    expect(sheet.getRow(2).getCell(5).value).toBe(list[0].properties.ledgerMu);
    const total = sheet.getRow(5).getCell(5).value as number;
    expect(total).toBeCloseTo(list.reduce((s: number, f: any) => s + f.properties.ledgerMu, 0), 2);
  });

  it('exports a zipped shapefile with a CGCS2000 .prj and the same polygons', async () => {
    const list = (await server.get('/api/parcels?campaign=1&category=inefficient&limit=5000')).body.features;
    const file = await download('format=shapefile&campaign=1&category=inefficient');
    const zip = await JSZip.loadAsync(file.body);
    const prj = await zip.file(/\.prj$/)[0]!.async('string');
    expect(prj).toContain('China_2000');
    expect(prj).toContain('298.257222101');
    const parsed = (await shp(file.body.buffer as ArrayBuffer)) as any;
    expect(parsed.features).toHaveLength(list.length);
    const first = parsed.features.find((f: any) => f.properties.CODE === list[0].properties.code);
    // Chinese text survives: the attribute table is UTF-8 with a .cpg saying so.
    expect(first.properties.NAME).toBe(list[0].properties.projectName);
    expect(first.properties.CATEGORY).toBe('低效用地');
    expect(await zip.file(/\.cpg$/)[0]!.async('string')).toBe('UTF-8');
    const [lon, lat] = list[0].geometry.coordinates[0][0][0];
    const ring = first.geometry.type === 'Polygon' ? first.geometry.coordinates[0] : first.geometry.coordinates[0][0];
    expect(ring.some(([x, y]: number[]) => Math.abs(x! - lon) < 1e-9 && Math.abs(y! - lat) < 1e-9)).toBe(true);
  });

  it('refuses an unknown format with a 400 naming it', async () => {
    const r = await server.get('/api/exports/parcels?format=dwg');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('参数 format');
  });
});
