import type { FeatureCollection } from 'geojson';
import ExcelJS from 'exceljs';
import shpwrite from '@mapbox/shp-write';
import JSZip from 'jszip';
import { FIELDS } from '../../core/fields/registry.ts';
import { cellText } from '../../core/fields/text.ts';
import { LEDGER_COLUMNS } from '../../core/ledger-columns.ts';

import type { ParcelFeature } from '../parcels/serialize.ts';
import { writeDbf } from './dbf.ts';
import iconv from 'iconv-lite';
import { zoneOfGeometry } from '../../core/area/plane.ts';
import { writeCoordinateFile, type WritableParcel } from '../../core/coordfile/index.ts';
import { ApiError } from '../http/errors.ts';

/** CGCS2000 geographic coordinates, as the .prj of an exported shapefile states them. */
export const CGCS2000_PRJ =
  'GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["Degree",0.0174532925199433]]';

/** The ledger as .xlsx: the ledger columns, then the three areas and the check, a frozen header and totals row. */
export async function ledgerWorkbook(features: ParcelFeature[], title: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '盘活 Panhuo';
  const sheet = workbook.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    ...LEDGER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width })),
    { header: '所在单位', key: 'unitName', width: 10 },
    { header: '椭球面积（亩）', key: 'ellipsoidal', width: 14 },
    { header: '高斯平面面积（亩）', key: 'plane', width: 16 },
    { header: '面积核对', key: 'check', width: 10 },
    { header: '差值（亩，台账−椭球）', key: 'diff', width: 18 },
  ];
  for (const f of features) {
    const p = f.properties;
    sheet.addRow({
      ...Object.fromEntries(LEDGER_COLUMNS.map((c) => [c.key, cellText(c.key, p[c.key])])),
      unitName: p.unitName,
      ellipsoidal: p.areaMu ? round2(p.areaMu.ellipsoidal) : null,
      plane: p.areaMu ? round2(p.areaMu.plane) : null,
      check: p.areaCheck ? (p.areaCheck.ok ? '相符' : '不符') : '无图形',
      diff: p.areaCheck ? round2(p.areaCheck.diffMu) : null,
    });
  }
  sheet.getRow(1).font = { bold: true };
  const total = sheet.addRow({ code: `合计（${features.length} 宗）`, ledgerMu: round2(features.reduce((s, f) => s + f.properties.ledgerMu, 0)) });
  total.font = { bold: true };
  workbook.title = title;
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The attribute table's fields: every ledger field by its registry DBF name, then the unit and the drawn area. */
const SHAPE_FIELDS = [...FIELDS.map((f) => f.dbf), 'UNIT', 'AREA_MU'];

/**
 * A zipped shapefile (polygons in CGCS2000 lon/lat, with the .prj saying so) of the parcels that have a boundary.
 * The writer makes .shp, .shx and .prj; the attribute table is ours, in UTF-8 with a .cpg, so Chinese survives.
 */
export async function shapefileZip(features: ParcelFeature[]): Promise<Uint8Array> {
  const withBoundary = features.filter((f) => f.geometry);
  const rows = withBoundary.map((f) => ({
    ...Object.fromEntries(FIELDS.map((field) => [field.dbf, cellText(field.key, f.properties[field.key])])),
    UNIT: typeof f.properties.unitName === 'string' ? f.properties.unitName : null,
    AREA_MU: f.properties.areaMu ? round2(f.properties.areaMu.ellipsoidal) : null,
  }));
  const collection: FeatureCollection = {
    type: 'FeatureCollection',
    features: withBoundary.map((f) => ({ type: 'Feature', geometry: f.geometry!, properties: {} })),
  };
  // Files at the zip's root, not in a folder: GDAL (`/vsizip/x.zip`), ArcGIS and QGIS open such a zip directly.
  const written = await shpwrite.zip<'nodebuffer'>(collection, { outputType: 'nodebuffer', compression: 'DEFLATE', types: { polygon: 'parcels' }, prj: CGCS2000_PRJ, filename: 'parcels' });
  const zip = await JSZip.loadAsync(written);
  const dbfPath = Object.keys(zip.files).find((name) => name.endsWith('.dbf'))!;
  zip.file(dbfPath, writeDbf(SHAPE_FIELDS, rows));
  zip.file(dbfPath.replace(/\.dbf$/, '.cpg'), 'UTF-8');
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

export const COORDFILE_ENCODINGS = ['gbk', 'utf-8'] as const;
export type CoordfileEncoding = (typeof COORDFILE_ENCODINGS)[number];

/** A coordinate-file export: one text file, or a zip of one file per zone when the parcels lie in several. */
export interface CoordinateExport {
  body: Uint8Array;
  zones: number[];
  zip: boolean;
}

/**
 * The Ministry's coordinate text file (界址点坐标, CGCS2000 3° zones with the zone prefix) of the parcels that have
 * a boundary, each parcel in its own zone: a file holds one 带号, so parcels in several zones give one file per
 * zone in a zip (the importer reads such a zip back). GBK by default, as the ministry's tools expect; written as
 * GB18030, GBK's superset, so a rare character outside GBK survives instead of becoming “?”.
 */
export async function coordinateFile(features: ParcelFeature[], encoding: CoordfileEncoding): Promise<CoordinateExport> {
  const byZone = new Map<number, WritableParcel[]>();
  for (const f of features) {
    if (!f.geometry) continue;
    const zone = zoneOfGeometry(f.geometry);
    byZone.set(zone, [...(byZone.get(zone) ?? []), {
      code: String(f.properties.code),
      name: String(f.properties.projectName ?? ''),
      landUse: f.properties.landUse == null ? '' : String(f.properties.landUse),
      landClassCode: String(f.properties.landClassCode ?? ''),
      geometry: f.geometry,
    }]);
  }
  if (!byZone.size) throw new ApiError(404, 'nothing_to_export', '所选地块都没有图形，无法导出界址点坐标文件');
  const date = new Date().toISOString().slice(0, 10);
  const encode = (text: string) => (encoding === 'gbk' ? new Uint8Array(iconv.encode(text, 'gb18030')) : new TextEncoder().encode(text));
  const files = [...byZone].sort(([a], [b]) => a - b).map(([zone, parcels]) => ({ zone, bytes: encode(writeCoordinateFile(parcels, { zone, producer: '盘活 Panhuo', date })) }));
  if (files.length === 1) return { body: files[0]!.bytes, zones: [files[0]!.zone], zip: false };
  const zip = new JSZip();
  for (const { zone, bytes } of files) zip.file(`coordinates-zone${zone}.txt`, bytes); // ASCII names: older unzip tools read non-ASCII names as the local code page
  return { body: await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), zones: files.map((f) => f.zone), zip: true };
}
