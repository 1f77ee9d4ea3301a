import ExcelJS from 'exceljs';
import type { TaskType } from '../../core/categories.ts';
import type { IsoDate } from '../../core/dates.ts';
import { reportFriday } from '../../core/weeks.ts';
import type { Queryable } from '../db/types.ts';
import { campaignUnitList, unitTasks, type CampaignSummary } from '../campaigns/queries.ts';
import { weekStart, weeklyDisposals } from '../campaigns/weekly.ts';

/** 附件4's three task columns, in its order and with its headings. */
const COLUMNS: Array<{ taskType: TaskType; heading: string }> = [
  { taskType: 'approved_not_supplied', heading: '批而未供土地' },
  { taskType: 'idle', heading: '闲置土地' },
  { taskType: 'inefficient', heading: '低效工业用地' },
];

export interface WeeklyReportRow {
  unit: string;
  tasks: Array<number | null>;
  thisWeek: number[];
}

/** The weekly report's figures (附件4): per unit in the document's order, the tasks and this week's disposals, in mu. */
export async function weeklyReportRows(db: Queryable, campaign: CampaignSummary, week: IsoDate): Promise<{ friday: IsoDate; rows: WeeklyReportRow[] }> {
  const friday = reportFriday(week);
  const { weeks, byUnit } = await weeklyDisposals(db, campaign, friday);
  const at = weeks.indexOf(friday);
  const [units, tasks] = await Promise.all([campaignUnitList(db, campaign.id), unitTasks(db, campaign.id)]);
  const rows = units.map((u) => ({
    unit: u.name,
    tasks: COLUMNS.map((c) => tasks.find((t) => t.unitId === u.id && t.taskType === c.taskType)?.taskMu ?? null),
    thisWeek: COLUMNS.map((c) => (at < 0 ? 0 : byUnit.get(u.id)?.get(c.taskType)?.[at] ?? 0)),
  }));
  return { friday, rows };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** 附件4 全市批而未用土地处置周报表 as .xlsx, laid out as the seed document lays it out. */
export async function weeklyReportWorkbook(db: Queryable, campaign: CampaignSummary, week: IsoDate): Promise<{ friday: IsoDate; bytes: Uint8Array }> {
  const { friday, rows } = await weeklyReportRows(db, campaign, week);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '盘活 Panhuo';
  const sheet = workbook.addWorksheet('周报表');
  sheet.mergeCells('A1:H1');
  sheet.getCell('A1').value = '全市批而未用土地处置周报表';
  sheet.getCell('A1').font = { bold: true, size: 16 };
  sheet.getCell('A1').alignment = { horizontal: 'center' };
  sheet.getCell('A2').value = `报送时间：${friday}（${weekStart(friday)} 至 ${friday}）`;
  sheet.getCell('H2').value = '单位：亩';
  sheet.getRow(3).values = ['县 区', '下达任务量', '', '', '本周处置量', '', '', '备注'];
  sheet.getRow(4).values = ['', ...COLUMNS.map((c) => c.heading), ...COLUMNS.map((c) => c.heading), ''];
  sheet.mergeCells('A3:A4');
  sheet.mergeCells('B3:D3');
  sheet.mergeCells('E3:G3');
  sheet.mergeCells('H3:H4');
  for (const r of [3, 4]) {
    sheet.getRow(r).font = { bold: true };
    sheet.getRow(r).alignment = { horizontal: 'center', vertical: 'middle' };
  }
  for (const row of rows) sheet.addRow([row.unit, ...row.tasks, ...row.thisWeek.map(round2), '']);
  const total = (pick: (r: WeeklyReportRow) => Array<number | null>, i: number) => round2(rows.reduce((s, r) => s + (pick(r)[i] ?? 0), 0));
  const totalRow = sheet.addRow(['合 计', ...COLUMNS.map((_, i) => total((r) => r.tasks, i)), ...COLUMNS.map((_, i) => total((r) => r.thisWeek, i)), '']);
  totalRow.font = { bold: true };
  sheet.columns.forEach((column, i) => (column.width = i === 0 ? 10 : i === 7 ? 12 : 14));
  return { friday, bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) };
}
