import ExcelJS from 'exceljs';
import type { TaskType } from '../../core/categories.ts';
import type { IsoDate } from '../../core/dates.ts';
import { completionRate, rankWithTies } from '../../core/progress.ts';
import { campaignProgress } from '../campaigns/progress.ts';
import { campaignTaskBases, type CampaignSummary, type TaskBaseRow } from '../campaigns/queries.ts';
import type { Queryable } from '../db/types.ts';

const round2 = (x: number) => Math.round(x * 100) / 100;
const pct = (rate: number | null) => (rate == null ? null : round2(rate * 100) / 100);

/**
 * 附件2 and 附件3 as the document gives them, filled in with the disposed mu (盘活面积) to a date, the completion rate
 * against the row's own task, and the rank among units; subtotal and total rows sum their units' disposals.
 */
export async function annexWorkbook(db: Queryable, campaign: CampaignSummary, date: IsoDate): Promise<Uint8Array> {
  const [bases, progress] = await Promise.all([campaignTaskBases(db, campaign.id), campaignProgress(db, campaign, date)]);
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
    sheet.addRow([`2021 年全市批而未供土地处置任务分解表（盘活面积统计至 ${date}）`]);
    sheet.addRow(['单位：亩']);
    sheet.addRow(['县 区', '批准面积', '供应面积', '未供面积', '下达任务率', '下达任务量', '盘活面积', '完成率', '完成率排名', '备注']);
    const rates = annex2.map((b) => ({ key: b, rate: b.unitId == null ? null : completionRate(disposedOf(b, 'approved_not_supplied'), b.taskMu) }));
    const ranks = rankWithTies(rates);
    for (const b of annex2) {
      const disposed = disposedOf(b, 'approved_not_supplied');
      sheet.addRow([b.unitId == null ? b.rowLabel : unitName.get(b.unitId), b.approvedMu, b.suppliedMu, b.unsuppliedMu, b.rate, b.taskMu, round2(disposed), pct(completionRate(disposed, b.taskMu)), ranks.get(b) ?? null, null]);
    }
    style(sheet, 3, [5, 8]);
  }

  const annex3 = bases.filter((b) => b.document === '附件3');
  if (annex3.length) {
    const sheet = workbook.addWorksheet('附件3 闲置低效');
    sheet.addRow([`2021 年度全市闲置低效土地处置任务分解表（盘活面积统计至 ${date}）`]);
    sheet.addRow(['单位：亩']);
    const lists = [...new Set(annex3.map((b) => b.baseList))];
    sheet.addRow(['行政区域', ...lists.flatMap((l) => [`${l} 宗数`, '面积', '完成任务率', '完成任务量']), '闲置 盘活面积', '闲置 完成率', '闲置 排名', '低效 盘活面积', '低效 完成率', '低效 排名']);
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
      sheet.addRow([key.unitId == null ? key.rowLabel : unitName.get(key.unitId), ...cells, ...figures('idle', idleRanks), ...figures('inefficient', inefficientRanks)]);
    }
    style(sheet, 3, []);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function style(sheet: ExcelJS.Worksheet, headerRow: number, percentColumns: number[]) {
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(headerRow).font = { bold: true };
  sheet.columns.forEach((c) => (c.width = 13));
  for (const col of percentColumns) sheet.getColumn(col).numFmt = '0.00%';
}
