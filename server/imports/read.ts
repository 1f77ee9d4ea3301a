import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { FILE_LIMITS } from '../files/limits.ts';
import { checkZip, ZIP_FILES } from '../files/zip.ts';
import { coordinateColumns, readCoordinateTable, type TableRow } from './formats/coordinate-table.ts';
import { coordinateFilesInZip, readCoordinateFile, readCoordinateFiles } from './formats/coordfile.ts';
import { readDxf } from './formats/dxf.ts';
import { readGeoJson } from './formats/geojson.ts';
import { readKml, readKmz } from './formats/kml.ts';
import { readShapefile } from './formats/shapefile.ts';
import { chosenEncoding, decodeText, ENCODINGS } from './formats/text-encoding.ts';
import { fail, NO_READ_OPTIONS, type ImportCandidate, type ReadOptions, type ReadResult } from './formats/types.ts';
import { applySourceCrs } from './source-crs.ts';

/** Files bigger than this are refused before reading (server/files/limits.ts). */
export const MAX_IMPORT_BYTES = FILE_LIMITS.uploadBytes;

/**
 * An .xlsx: a coordinate table when its headers say so (X/Y or 经度/纬度 columns), else an Excel ledger (the first
 * sheet, headers in row 1, one parcel per row; attributes only, matched by 地块编号).
 */
async function readExcel(bytes: Uint8Array, options: ReadOptions): Promise<ReadResult> {
  // An .xlsx is a zip: its central directory is checked before ExcelJS inflates anything.
  checkZip(bytes, ZIP_FILES.xlsx);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    return fail(`无法读取 Excel 文件：${(error as Error).message}（须为 .xlsx）`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount < 2) return fail('Excel 台账的第一张工作表没有数据行（第 1 行应为表头）');
  const headers = (sheet.getRow(1).values as unknown[]).map((v) => (v == null ? '' : String(v).trim()));
  if (coordinateColumns(headers.slice(1))) return readCoordinateTable('Excel', headers.slice(1), tableRows(sheet), options);
  const candidates: ImportCandidate[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const values = row.values as unknown[];
    const attributes = Object.fromEntries(headers.map((h, i) => [h, cellValue(values[i])]).filter(([h, v]) => h && v !== null));
    if (String(attributes['地块编号'] ?? '').startsWith('合计')) return;
    candidates.push({ index: candidates.length + 1, source: `第 ${number} 行`, attributes, geometry: null, statedAreaMu: null, errors: [], warnings: [] });
  });
  return { ok: true, format: 'Excel 台账', candidates, warnings: ['Excel 台账只更新已有地块的属性（按地块编号匹配），不含图形'] };
}

/** A sheet's rows after the header as text cells (0-based columns), each with its row number. */
function tableRows(sheet: ExcelJS.Worksheet): TableRow[] {
  const rows: TableRow[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push({ row: number, cells: values.map((v) => { const c = cellValue(v); return c == null ? '' : String(c); }) });
  });
  return rows;
}

/** A CSV coordinate table (point lists exported from survey software or a map app), UTF-8 or GBK. */
async function readCsv(bytes: Uint8Array, options: ReadOptions): Promise<ReadResult> {
  const { text, encoding, how } = decodeText(bytes, chosenEncoding(options.encoding));
  const workbook = new ExcelJS.Workbook();
  // Cells kept as written (ExcelJS would turn codes like 0012 into numbers and some into dates).
  const sheet = await workbook.csv.read(Readable.from([text]), { map: (value: unknown) => value } as never).catch(() => null);
  if (!sheet) return fail('无法读取 CSV 文件：格式不对（应为逗号分隔、第 1 行为表头）');
  const headers = ((sheet.getRow(1).values as unknown[]) ?? []).slice(1).map((v) => (v == null ? '' : String(v).trim()));
  if (!coordinateColumns(headers)) return fail(`CSV 的表头“${headers.join(',').slice(0, 80)}”中没有坐标列：应有 X、Y（高斯坐标，米）或 经度、纬度 列，可另有 点号、地块编号、圈号`);
  const read = await readCoordinateTable('CSV', headers, tableRows(sheet), options);
  return read.ok ? { ...read, encoding: { name: ENCODINGS[encoding], how } } : read;
}

function cellValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object' && v !== null && 'result' in v) return (v as { result: unknown }).result; // formula
  if (typeof v === 'object' && v !== null && 'richText' in v) return (v as { richText: Array<{ text: string }> }).richText.map((t) => t.text).join('');
  return v;
}

/**
 * Reads an uploaded file into import candidates in CGCS2000 lon/lat, or says why it cannot: by its extension, then
 * the person's choices (text encoding, zone, layers, source coordinate system) applied. Runs in a worker thread
 * (server/files/pool.ts): call it through readImportUpload.
 */
export async function readImportFile(name: string, bytes: Uint8Array, options: ReadOptions = NO_READ_OPTIONS): Promise<ReadResult> {
  const read = await readByFormat(name, bytes, options);
  return read.ok ? applySourceCrs(read, options.sourceCrs) : read;
}

async function readByFormat(name: string, bytes: Uint8Array, options: ReadOptions): Promise<ReadResult> {
  if (bytes.byteLength > MAX_IMPORT_BYTES) return fail(`文件过大（${(bytes.byteLength / 1048576).toFixed(1)} MB），上限为 50 MB`);
  if (bytes.byteLength === 0) return fail('文件是空的');
  const extension = name.toLowerCase().split('.').pop();
  const encoding = options.encoding;
  switch (extension) {
    case 'txt':
      return readCoordinateFile(bytes);
    case 'geojson':
    case 'json':
      return readGeoJson(bytes, encoding);
    case 'kml':
      return readKml(bytes, encoding);
    case 'kmz':
      return readKmz(bytes, encoding);
    case 'zip': {
      // The central directory is checked (members, expanded size) before anything is inflated.
      checkZip(bytes, ZIP_FILES.zip);
      const coordinateFiles = coordinateFilesInZip(bytes);
      return coordinateFiles ? readCoordinateFiles(coordinateFiles) : readShapefile(bytes, encoding);
    }
    case 'xlsx':
      return readExcel(bytes, options);
    case 'csv':
      return readCsv(bytes, options);
    case 'dxf':
      return readDxf(bytes, options);
    default:
      return fail(`不支持的文件类型“.${extension}”：可导入界址点坐标文件（.txt）、GeoJSON、Shapefile（.zip）、KML/KMZ、Excel 台账或坐标表（.xlsx）、坐标表（.csv）、CAD 图（.dxf）`);
  }
}
