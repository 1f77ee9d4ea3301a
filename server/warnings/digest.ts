import ExcelJS from 'exceljs';
import { warningPath } from '../../core/warnings/link.ts';
import { SEVERITY_LABELS, WARNING_KINDS, WARNING_KIND_LABELS, type WarningKind } from '../../core/warnings/types.ts';
import type { CampaignSummary } from '../campaigns/queries.ts';
import type { CampaignWarnings } from './campaign-warnings.ts';

const NO_UNIT = '未归属单位';

/**
 * The daily digest as a workbook: 汇总 (per unit, the number of warnings of each kind, in the document's unit order,
 * with a 合计 row), then one sheet per kind with its rows; every row links to its parcel (or unit) in Panhuo.
 */
export async function digestWorkbook(campaign: CampaignSummary, result: CampaignWarnings, origin: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '盘活 Panhuo';
  const { counts } = result;

  const summary = workbook.addWorksheet('汇总');
  summary.addRow([`预警日报：${campaign.name}（${result.date}）`]);
  summary.addRow([`共 ${counts.total} 项：严重 ${counts.bySeverity.high} 项，警示 ${counts.bySeverity.medium} 项，提示 ${counts.bySeverity.low} 项；久未更新按超过 ${result.staleDays} 天计；按时序应完成 ${result.expectedPct.toFixed(1)}%`]);
  summary.addRow(['单位', ...WARNING_KINDS.map((k) => WARNING_KIND_LABELS[k]), '合计']);
  const unitRow = (name: string, byKind: Record<WarningKind, number>, total: number) => summary.addRow([name, ...WARNING_KINDS.map((k) => byKind[k]), total]);
  for (const unit of result.units) {
    const c = counts.byUnit.find((u) => u.unitId === unit.unitId);
    unitRow(unit.name, c?.byKind ?? zero(), c?.total ?? 0);
  }
  // Warnings of parcels stored in no campaign unit (or a unit outside the campaign) still count, on a row of their own.
  const known = new Set(result.units.map((u) => u.unitId));
  for (const c of counts.byUnit.filter((u) => u.unitId == null || !known.has(u.unitId))) unitRow(c.unitName ?? NO_UNIT, c.byKind, c.total);
  unitRow('合计', counts.byKind, counts.total).font = { bold: true };
  summary.getRow(1).font = { bold: true, size: 14 };
  summary.getRow(3).font = { bold: true };
  summary.getColumn(1).width = 16;
  for (let i = 2; i <= WARNING_KINDS.length + 2; i++) summary.getColumn(i).width = 12;

  for (const kind of WARNING_KINDS) {
    const sheet = workbook.addWorksheet(WARNING_KIND_LABELS[kind]);
    sheet.addRow(['序号', '严重程度', '单位', '地块编号', '项目名称', '预警', '说明', '计算日期', '链接']);
    sheet.getRow(1).font = { bold: true };
    result.warnings
      .filter((w) => w.kind === kind)
      .forEach((w, i) => {
        const url = origin + warningPath(result.campaignId, w);
        const row = sheet.addRow([i + 1, SEVERITY_LABELS[w.severity], w.unitName ?? NO_UNIT, w.parcelCode, w.parcelName, w.title, w.detail, w.date, { text: w.parcelId != null ? '打开地块' : '打开单位', hyperlink: url }]);
        row.getCell(9).font = { color: { argb: 'FF1D5FA8' }, underline: true };
      });
    [6, 9, 12, 16, 24, 36, 60, 12, 10].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const zero = () => Object.fromEntries(WARNING_KINDS.map((k) => [k, 0])) as Record<WarningKind, number>;
