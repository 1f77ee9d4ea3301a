import ExcelJS from 'exceljs';
import type { AcrossYearsRow, TaskYearFigures } from '../../core/across-years/figures.ts';
import type { IsoDate } from '../../core/dates.ts';
import type { AcrossYears } from './queries.ts';

const thin = { style: 'thin' as const, color: { argb: 'FF8C99A6' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };
const HEAD_FILL = 'FFE8EEF5';
const TOTAL_FILL = 'FFF3F6F9';
const COLUMNS = 12;

const round2 = (x: number) => Math.round(x * 100) / 100;
const taskCells = (f: TaskYearFigures) => [f.taskMu == null ? null : round2(f.taskMu), round2(f.doneMu), f.rate];

/**
 * 历年考核指标 as a sheet for the reports, ready to print: a title, the bureau, the date and the unit of area, a
 * two-row header, then year by year each unit and the year's total; borders on every cell, A4 landscape fitted to
 * the page width with the header repeated on every page.
 */
export async function acrossYearsWorkbook(data: AcrossYears, today: IsoDate): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '盘活 Panhuo';
  const title = `${data.ledger.name}批而未用土地历年考核指标（${data.years.from}—${data.years.to}年）`;
  workbook.title = title;
  const sheet = workbook.addWorksheet('历年', {
    views: [{ state: 'frozen', ySplit: 4, xSplit: 2 }],
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }, printTitlesRow: '3:4',
    },
    headerFooter: { oddFooter: `&C第 &P 页，共 &N 页` },
  });
  sheet.columns = [7, 14, 11, 11, 9, 11, 11, 9, 13, 13, 13, 9].map((width) => ({ width }));

  const head = sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, COLUMNS);
  head.font = { bold: true, size: 16 };
  head.alignment = { horizontal: 'center', vertical: 'middle' };
  head.height = 30;
  const [y, m, d] = today.split('-').map(Number);
  const sub = sheet.addRow([`填报单位：${data.ledger.fullName}自然资源和规划局　　　制表日期：${y}年${m}月${d}日　　　面积单位：亩（台账面积；跨单位地块按椭球面积比例分摊）`]);
  sheet.mergeCells(2, 1, 2, COLUMNS);

  sheet.addRow(['年度', '单位', '批而未供土地消化', '', '', '闲置土地处置', '', '', '近五年批准批次供地率（截至年末）', '', '', '']);
  sheet.addRow(['', '', '任务（亩）', '消化（亩）', '完成率', '任务（亩）', '处置（亩）', '完成率', '批准年份', '批准面积（亩）', '供应面积（亩）', '供地率']);
  for (const range of ['A3:A4', 'B3:B4', 'C3:E3', 'F3:H3', 'I3:L3']) sheet.mergeCells(range);
  for (const r of [3, 4]) {
    const row = sheet.getRow(r);
    row.font = { bold: true };
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    row.height = 22;
  }

  const unitName = new Map(data.units.map((u) => [u.id, u.name]));
  const byYear = new Map<number, AcrossYearsRow[]>();
  for (const r of data.rows) byYear.set(r.year, [...(byYear.get(r.year) ?? []), r]);
  for (const [year, rows] of byYear) {
    const first = sheet.rowCount + 1;
    for (const r of rows) {
      const s = r.supply;
      const row = sheet.addRow([
        year, r.unitId == null ? '合计' : unitName.get(r.unitId) ?? '', ...taskCells(r.digested), ...taskCells(r.idle),
        `${s.approvalYears.from}—${s.approvalYears.to}`, round2(s.approvedMu), round2(s.suppliedMu), s.rate,
      ]);
      if (r.unitId == null) {
        row.font = { bold: true };
        row.eachCell({ includeEmpty: true }, (c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: TOTAL_FILL } }));
      }
    }
    if (rows.length > 1) sheet.mergeCells(first, 1, sheet.rowCount, 1);
    sheet.getCell(first, 1).alignment = { horizontal: 'center', vertical: 'middle' };
  }

  for (let r = 3; r <= sheet.rowCount; r++) {
    for (let c = 1; c <= COLUMNS; c++) {
      const cell = sheet.getCell(r, c);
      cell.border = border;
      if (r <= 4) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEAD_FILL } };
    }
  }
  for (const c of [3, 4, 6, 7, 10, 11]) sheet.getColumn(c).numFmt = '#,##0.00';
  for (const c of [5, 8, 12]) sheet.getColumn(c).numFmt = '0.0%';
  sheet.getColumn(9).alignment = { horizontal: 'center' };

  const note = sheet.addRow([`说明：${data.basis}。任务来源：${data.campaigns.map((c) => `${c.year}年 ${c.name}`).join('；') || '所选年份无专项行动'}。`]);
  sheet.mergeCells(note.number, 1, note.number, COLUMNS);
  note.alignment = { wrapText: true, vertical: 'top' };
  note.height = 48;
  sub.alignment = { horizontal: 'left' };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
