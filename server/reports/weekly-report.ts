import ExcelJS from 'exceljs';
import type { TaskType } from '../../core/categories.ts';
import type { IsoDate } from '../../core/dates.ts';
import type { CampaignSummary } from '../campaigns/queries.ts';
import { weekStart } from '../campaigns/weekly.ts';
import type { Queryable } from '../db/types.ts';
import { leaderText } from '../rhythm/leaders.ts';
import { levelWords, rhythmSettings } from '../rhythm/settings.ts';
import { weeklyStatus, type WeeklyStatus } from '../rhythm/submissions.ts';
import { addFooter, MU_FORMAT, printReady, round1 } from './print.ts';

/** 附件4's task columns and headings; a campaign's report shows only the task types it tracks, in this order. */
const HEADINGS: Record<TaskType, string> = {
  approved_not_supplied: '批而未供土地',
  idle: '闲置土地',
  inefficient: '低效工业用地',
};

/**
 * 附件4 (周报表) as .xlsx: per unit the tasks and this week's disposals — the figures the unit signed, or the disposal
 * records' figures where it did not submit (marked 未报送) — with who signed, the unit's leader (分包) and the
 * reason of any correction; headed by the campaign's level (全市/全县, 县区/乡镇), print-ready.
 */
export async function weeklyReportWorkbook(db: Queryable, campaign: CampaignSummary, friday: IsoDate, now: Date): Promise<{ friday: IsoDate; bytes: Uint8Array; status: WeeklyStatus }> {
  const [status, settings] = await Promise.all([weeklyStatus(db, campaign, friday, now), rhythmSettings(db, campaign)]);
  const words = levelWords(campaign);
  const types = campaign.taskTypes.filter((t) => t in HEADINGS);
  const n = types.length;
  const columns = 1 + 2 * n + 3;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '盘活 Panhuo';
  const sheet = workbook.addWorksheet('周报表');
  sheet.getCell(1, 1).value = `${words.area}批而未用土地处置周报表`;
  sheet.getCell(2, 1).value = `报送时间：${friday}（${weekStart(friday)} 至 ${friday}）`;
  sheet.getCell(2, columns).value = '单位：亩';
  sheet.getCell(2, columns).alignment = { horizontal: 'right' };
  const header = [words.unitHeader, '下达任务量', ...Array(n - 1).fill(''), '本周处置量', ...Array(n - 1).fill(''), '报送情况', '分包领导', '备注'];
  sheet.getRow(3).values = header;
  sheet.getRow(4).values = ['', ...types.map((t) => HEADINGS[t]), ...types.map((t) => HEADINGS[t]), '', '', ''];
  sheet.mergeCells(3, 1, 4, 1);
  if (n > 1) {
    sheet.mergeCells(3, 2, 3, 1 + n);
    sheet.mergeCells(3, 2 + n, 3, 1 + 2 * n);
  }
  for (const c of [columns - 2, columns - 1, columns]) sheet.mergeCells(3, c, 4, c);

  for (const row of status.rows) {
    const figures = row.submission?.figures ?? row.recorded;
    const state = row.submission ? `${row.submission.late ? '逾期报送' : '已报送'}（${row.submission.signedBy}）` : '未报送，按处置记录计';
    sheet.addRow([
      row.unit,
      ...types.map((t) => row.tasks[t] ?? null),
      ...types.map((t) => round1(figures[t] ?? 0)),
      state,
      leaderText(row.leader ?? undefined),
      row.submission?.reason ? `更正：${row.submission.reason}` : '',
    ]);
  }
  const sum = (pick: (r: WeeklyStatus['rows'][number]) => number | null | undefined) => round1(status.rows.reduce((s, r) => s + (pick(r) ?? 0), 0));
  const total = sheet.addRow([
    '合 计',
    ...types.map((t) => sum((r) => r.tasks[t])),
    ...types.map((t) => sum((r) => (r.submission?.figures ?? r.recorded)[t])),
    `已报送 ${status.summary.submitted + status.summary.late}/${status.rows.length}`,
    '',
    '',
  ]);
  total.font = { bold: true };
  for (let c = 2; c <= 1 + 2 * n; c++) sheet.getColumn(c).numFmt = MU_FORMAT;
  sheet.columns.forEach((column, i) => (column.width = i === 0 ? 12 : i <= 2 * n ? 13 : i === columns - 1 ? 28 : 18));
  printReady(sheet, { columns, headerFrom: 3, headerTo: 4, lastRow: total.number });
  addFooter(sheet, settings.footer, columns);
  return { friday, bytes: new Uint8Array(await workbook.xlsx.writeBuffer()), status };
}
