import ExcelJS from 'exceljs';
import { cellValue, columnByKey, type LedgerColumnKey } from '../../core/ledger/row.ts';
import type { LedgerView, Totals } from '../../core/ledger/view.ts';

export interface WorkbookHeading {
  /** e.g. 驻马店市批而未用土地盘活利用专项行动 */
  campaignName: string;
  /** The unit whose bureau keeps the ledger, e.g. 驻马店市 (full name). */
  bureau: string;
  /** The date written in the heading, YYYY-MM-DD. */
  date: string;
}

const MU_COLUMNS = new Set<LedgerColumnKey>(['ledgerMu', 'approvedMu', 'disposedMu', 'ellipsoidalMu']);
const thin = { style: 'thin' as const, color: { argb: 'FFB8C2CC' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * The ledger table as the bureau files it: a title row, a row naming the bureau, the date and the unit of area, the
 * column headers (units in brackets), then per unit a group row with its count and Σ mu followed by its parcels in the
 * order shown, and the grand total. Only the columns shown, in their order, after a 序号 column.
 */
export async function ledgerTableWorkbook(view: LedgerView, columns: readonly LedgerColumnKey[], heading: WorkbookHeading): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '盘活 Panhuo';
  workbook.title = `${heading.campaignName} 台账`;
  const sheet = workbook.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 3 }], pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const specs = columns.map(columnByKey);
  sheet.columns = [{ key: 'index', width: 7 }, ...specs.map((c) => ({ key: c.key, width: c.width }))];
  const lastColumn = specs.length + 1;

  const title = sheet.addRow([`${heading.campaignName}台账`]);
  sheet.mergeCells(1, 1, 1, lastColumn);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  title.height = 30;
  const [y, m, d] = heading.date.split('-').map(Number);
  const sub = sheet.addRow([`填报单位：${heading.bureau}自然资源和规划局　　　截至：${y}年${m}月${d}日　　　面积单位：亩　　　共 ${view.total.count} 宗`]);
  sheet.mergeCells(2, 1, 2, lastColumn);
  sub.alignment = { horizontal: 'left' };

  const header = sheet.addRow(['序号', ...specs.map((c) => c.header)]);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.height = 32;
  header.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
    c.border = border;
  });

  const totalsRow = (label: string, totals: Totals, fill: string) => {
    const values: Record<string, unknown> = { index: label };
    const firstText = specs.find((c) => !MU_COLUMNS.has(c.key));
    if (firstText) values[firstText.key] = `${totals.count} 宗`;
    if (columns.includes('ledgerMu')) values.ledgerMu = round2(totals.ledgerMu);
    if (columns.includes('disposedMu')) values.disposedMu = round2(totals.disposedMu);
    const row = sheet.addRow(values);
    row.font = { bold: true };
    row.eachCell({ includeEmpty: true }, (c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
      c.border = border;
    });
  };

  let index = 0;
  for (const group of view.groups) {
    totalsRow(group.unitName, group, 'FFF3F6F9');
    for (const parcel of group.rows) {
      index += 1;
      const values = Object.fromEntries(columns.map((key) => {
        const v = cellValue(parcel, key);
        return [key, typeof v === 'number' && MU_COLUMNS.has(key) ? round2(v) : v];
      }));
      const row = sheet.addRow({ index, ...values });
      row.eachCell({ includeEmpty: true }, (c) => (c.border = border));
    }
  }
  totalsRow('合计', view.total, 'FFE8EEF5');
  for (const key of MU_COLUMNS) if (columns.includes(key)) sheet.getColumn(key).numFmt = '#,##0.00';
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const round2 = (x: number) => Math.round(x * 100) / 100;
