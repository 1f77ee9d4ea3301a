import ExcelJS from 'exceljs';
import type { TaskType } from '../../core/categories.ts';
import type { IsoDate } from '../../core/dates.ts';
import { completionRate, rankWithTies } from '../../core/progress.ts';
import { campaignProgress } from '../campaigns/progress.ts';
import { campaignTaskBases, type CampaignSummary, type TaskBaseRow } from '../campaigns/queries.ts';
import type { Queryable } from '../db/types.ts';
import { levelWords, rhythmSettings, type ReportFooter } from '../rhythm/settings.ts';
import { addFooter, MU_FORMAT, PERCENT_FORMAT, printReady } from './print.ts';

const round2 = (x: number) => Math.round(x * 100) / 100;
const pct = (rate: number | null) => (rate == null ? null : round2(rate * 100) / 100);

/**
 * 附件2 and 附件3 as the document gives them, filled in with the disposed mu (盘活面积) to a date, the completion rate
 * against the row's own task, and the rank among units; subtotal and total rows sum their units' disposals.
 */
export async function annexWorkbook(db: Queryable, campaign: CampaignSummary, date: IsoDate): Promise<Uint8Array> {
  const [bases, progress, settings] = await Promise.all([campaignTaskBases(db, campaign.id), campaignProgress(db, campaign, date), rhythmSettings(db, campaign)]);
  const words = levelWords(campaign);
  const year = campaign.startDate.slice(0, 4);
  const tracks = (t: TaskType) => campaign.taskTypes.includes(t);
  const unitName = new Map(progress.units.map((u) => [u.unitId, u.name]));
  const disposedOf = (row: TaskBaseRow, taskType: TaskType): number => {
    if (row.unitId != null) return progress.units.find((u) => u.unitId === row.unitId)?.tasks[taskType]?.disposedMu ?? 0;
    const members = campaign.subtotals[row.rowLabel ?? ''];
    return progress.units.filter((u) => !members || members.includes(u.name)).reduce((s, u) => s + (u.tasks[taskType]?.disposedMu ?? 0), 0);
  };
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '盘活 Panhuo';

  const annex2 = bases.filter((b) => b.document === '附件2');
  if (annex2.length) {
    const sheet = workbook.addWorksheet('附件2 批而未供');
    sheet.addRow([`${year} 年${words.area}批而未供土地处置任务分解表（盘活面积统计至 ${date}）`]);
    sheet.addRow(['单位：亩']);
    sheet.addRow([words.unitHeader, '批准面积', '供应面积', '未供面积', '下达任务率', '下达任务量', '盘活面积', '完成率', '完成率排名', '备注']);
    const rates = annex2.map((b) => ({ key: b, rate: b.unitId == null ? null : completionRate(disposedOf(b, 'approved_not_supplied'), b.taskMu) }));
    const ranks = rankWithTies(rates);
    for (const b of annex2) {
      const disposed = disposedOf(b, 'approved_not_supplied');
      sheet.addRow([b.unitId == null ? b.rowLabel : unitName.get(b.unitId), b.approvedMu, b.suppliedMu, b.unsuppliedMu, b.rate, b.taskMu, round2(disposed), pct(completionRate(disposed, b.taskMu)), ranks.get(b) ?? null, null]);
    }
    style(sheet, 10, [5, 8], [2, 3, 4, 6, 7], settings.footer);
  }

  const annex3 = bases.filter((b) => b.document === '附件3');
  if (annex3.length) {
    const sheet = workbook.addWorksheet('附件3 闲置低效');
    sheet.addRow([`${year} 年度${words.area}闲置${tracks('inefficient') ? '低效' : ''}土地处置任务分解表（盘活面积统计至 ${date}）`]);
    sheet.addRow(['单位：亩']);
    const lists = [...new Set(annex3.map((b) => b.baseList))];
    const typesShown = (['idle', 'inefficient'] as const).filter(tracks);
    const typeWord = { idle: '闲置', inefficient: '低效' } as const;
    sheet.addRow(['行政区域', ...lists.flatMap((l) => [`${l} 宗数`, '面积', '完成任务率', '完成任务量']), ...typesShown.flatMap((t) => [`${typeWord[t]} 盘活面积`, `${typeWord[t]} 完成率`, `${typeWord[t]} 排名`])]);
    const rowKeys = [...new Map(annex3.map((b) => [`${b.unitId}/${b.rowLabel}`, b])).values()];
    const taskOf = (key: TaskBaseRow, taskType: TaskType) =>
      annex3.filter((b) => b.unitId === key.unitId && b.rowLabel === key.rowLabel && b.taskType === taskType).reduce((s, b) => s + (b.taskMu ?? 0), 0);
    const rankFor = (taskType: TaskType) => rankWithTies(rowKeys.map((k) => ({ key: k, rate: k.unitId == null ? null : completionRate(disposedOf(k, taskType), taskOf(k, taskType)) })));
    const [idleRanks, inefficientRanks] = [rankFor('idle'), rankFor('inefficient')];
    for (const key of rowKeys) {
      const cells = lists.flatMap((l) => {
        const b = annex3.find((x) => x.unitId === key.unitId && x.rowLabel === key.rowLabel && x.baseList === l);
        return [b?.parcelCount ?? null, b?.areaMu ?? null, b?.rate ?? null, b?.taskMu ?? null];
      });
      const figures = (taskType: TaskType, ranks: Map<TaskBaseRow, number | null>) => {
        const disposed = disposedOf(key, taskType);
        return [round2(disposed), pct(completionRate(disposed, taskOf(key, taskType))), ranks.get(key) ?? null];
      };
      const ranksOf = { idle: idleRanks, inefficient: inefficientRanks };
      sheet.addRow([key.unitId == null ? key.rowLabel : unitName.get(key.unitId), ...cells, ...typesShown.flatMap((t) => figures(t, ranksOf[t]))]);
    }
    const columns = 1 + lists.length * 4 + typesShown.length * 3;
    const percent = [...lists.map((_, i) => 4 + i * 4), ...typesShown.map((_, i) => 1 + lists.length * 4 + i * 3 + 2)];
    const mu = [...lists.map((_, i) => 3 + i * 4), ...lists.map((_, i) => 5 + i * 4), ...typesShown.map((_, i) => 1 + lists.length * 4 + i * 3 + 1)];
    style(sheet, columns, percent, mu, settings.footer);
  }
  if (!workbook.worksheets.length) {
    // A campaign whose task tables were never entered: say so rather than hand out a workbook with no sheet.
    const sheet = workbook.addWorksheet('任务分解表');
    sheet.addRow([`${campaign.name}尚未录入任务分解表（附件2、附件3）：管理员可在“新建专项行动”中导入任务表`]);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function style(sheet: ExcelJS.Worksheet, columns: number, percentColumns: number[], muColumns: number[], footer: ReportFooter) {
  sheet.columns.forEach((c) => (c.width = 13));
  for (const col of percentColumns) sheet.getColumn(col).numFmt = PERCENT_FORMAT;
  for (const col of muColumns) sheet.getColumn(col).numFmt = MU_FORMAT;
  printReady(sheet, { columns, headerFrom: 3, headerTo: 3, lastRow: sheet.rowCount });
  addFooter(sheet, footer, columns);
}
