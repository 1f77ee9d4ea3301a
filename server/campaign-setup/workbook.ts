import ExcelJS from 'exceljs';
import type { Cell, SheetRow } from '../../core/campaign-setup/cells.ts';
import { parseCsv } from '../../core/monitoring.ts';
import { checkZip, ZIP_FILES } from '../files/zip.ts';
import { decodeText } from '../imports/formats/text-encoding.ts';

export type SheetRead = { ok: true; rows: SheetRow[]; sheetName: string } | { ok: false; error: string };

/** What ExcelJS gives for a cell, as text or number: formulas by their result, rich text joined, dates as ISO days. */
function plain(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return plain(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

/**
 * The first worksheet of an .xlsx, or a .csv (UTF-8, or GB18030 as Chinese systems export it), as rows of cells with
 * their row numbers. Merged cells keep their value in the first cell only, as in Excel. Runs in a worker thread
 * (server/files/pool.ts): call it through readSheetUpload.
 */
export async function readSheet(fileName: string, bytes: Uint8Array): Promise<SheetRead> {
  const extension = fileName.toLowerCase().split('.').pop();
  if (bytes.byteLength === 0) return { ok: false, error: '文件是空的' };
  if (extension === 'csv') {
    return { ok: true, rows: parseCsv(decodeText(bytes).text.replace(/^\uFEFF/, '')), sheetName: fileName };
  }
  if (extension !== 'xlsx') return { ok: false, error: `不支持的文件类型“.${extension ?? ''}”：请上传 Excel（.xlsx）或 CSV 文件` };
  // An .xlsx is a zip: its central directory is checked before ExcelJS inflates anything.
  checkZip(bytes, ZIP_FILES.xlsx);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    return { ok: false, error: `无法读取 Excel 文件：${(error as Error).message}（须为 .xlsx；旧版 .xls 请另存为 .xlsx）` };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, error: 'Excel 文件中没有工作表' };
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      // A merged cell's other cells repeat the master's value in ExcelJS; Excel shows it once.
      cells[column - 1] = cell.isMerged && cell.master !== cell ? null : plain(cell.value);
    });
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
    rows.push({ number, cells });
  });
  return { ok: true, rows, sheetName: sheet.name };
}
