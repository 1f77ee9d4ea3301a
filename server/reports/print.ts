import type ExcelJS from 'exceljs';
import type { ReportFooter } from '../rhythm/settings.ts';

/** Number formats of every report: mu to one decimal, rates as percentages to one decimal. */
export const MU_FORMAT = '0.0';
export const PERCENT_FORMAT = '0.0%';
export const round1 = (x: number) => Math.round(x * 10) / 10;

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/**
 * Makes a sheet print as the document's tables do: a centred bold title over all columns, every cell of the table
 * bordered, A4 landscape fitted to the page width, header rows repeated on each page.
 */
export function printReady(sheet: ExcelJS.Worksheet, table: { columns: number; headerFrom: number; headerTo: number; lastRow: number }) {
  sheet.mergeCells(1, 1, 1, table.columns);
  const title = sheet.getCell(1, 1);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 28;
  for (let r = table.headerFrom; r <= table.lastRow; r++) {
    const row = sheet.getRow(r);
    for (let c = 1; c <= table.columns; c++) {
      const cell = row.getCell(c);
      cell.border = THIN;
      if (r <= table.headerTo) {
        cell.font = { bold: true };
        cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      } else cell.alignment = { vertical: 'middle', wrapText: c > 1 && typeof cell.value === 'string', ...(c === 1 ? { horizontal: 'center' } : {}) };
    }
  }
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    printTitlesRow: `${table.headerFrom}:${table.headerTo}`,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
}

/** The document's closing lines under the table: 主办 / 督办, then the issuing office and date (…印发). */
export function addFooter(sheet: ExcelJS.Worksheet, footer: ReportFooter, columns: number) {
  sheet.addRow([]);
  const lines = [
    footer.host ? `主办：${footer.host}` : null,
    footer.supervisor ? `督办：${footer.supervisor}` : null,
    footer.issuer ? `${footer.issuer}${footer.date ? `　${footer.date}` : ''}印发` : null,
  ].filter((x): x is string => x != null);
  for (const line of lines) {
    const row = sheet.addRow([line]);
    sheet.mergeCells(row.number, 1, row.number, columns);
    row.getCell(1).alignment = { horizontal: line.endsWith('印发') ? 'right' : 'left' };
  }
}
