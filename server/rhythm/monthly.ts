import ExcelJS from 'exceljs';
import { TASK_TYPE_LABELS, type TaskType } from '../../core/categories.ts';
import { todayInChina, type IsoDate } from '../../core/dates.ts';
import { milestoneVerdictByUnit, type MilestoneVerdict } from '../../core/milestone-verdicts.ts';
import { formatChange, monthlyRankings, rankingFridays, type MonthRanking, type RankedUnit } from '../../core/rhythm/monthly-ranking.ts';
import { campaignProgress, type Progress } from '../campaigns/progress.ts';
import type { CampaignSummary } from '../campaigns/queries.ts';
import type { Queryable } from '../db/types.ts';
import { addFooter, MU_FORMAT, PERCENT_FORMAT, printReady, round1 } from '../reports/print.ts';
import { leaderText, unitLeaders } from './leaders.ts';
import { levelWords, rhythmSettings } from './settings.ts';

export type RankingKey = TaskType | 'overall';
const keyLabel = (k: RankingKey) => (k === 'overall' ? '总体' : TASK_TYPE_LABELS[k]);

export interface MonthlyReport {
  campaignId: number;
  rankingFrom: string;
  keys: RankingKey[];
  months: Array<MonthRanking & { rankings: Record<string, Array<RankedUnit & { taskMu: number | null; disposedMu: number; leader: string }>> }>;
}

/**
 * 月度通报: the ranking on the last report week of each month from the ranking's start up to today (per task type and
 * overall), each unit's move since last month, who is below the expected %, and each unit's leader (分包). `until`: the
 * day the ranking is read on (today, or a replayed day on the wall); months whose ranking week ends later are not yet out.
 */
export async function monthlyReport(db: Queryable, campaign: CampaignSummary, until: IsoDate): Promise<MonthlyReport> {
  const [settings, leaders] = await Promise.all([rhythmSettings(db, campaign), unitLeaders(db, campaign.id)]);
  const fridays = rankingFridays(campaign, settings.rankingFrom, until);
  const progresses: Progress[] = [];
  // One after another: PGlite has one connection, and seven months of progress are 7 small aggregations.
  for (const friday of fridays) progresses.push(await campaignProgress(db, campaign, friday));
  const keys: RankingKey[] = [...campaign.taskTypes, 'overall'];
  const figuresOf = (p: Progress, unitId: number, key: RankingKey) => {
    const u = p.units.find((x) => x.unitId === unitId)!;
    return key === 'overall' ? u.overall : u.tasks[key]!;
  };
  const ranked = monthlyRankings(
    progresses.map((p) => ({
      friday: p.date,
      expectedPct: p.expectedPct,
      units: p.units.map((u) => ({ unitId: u.unitId, name: u.name, rates: Object.fromEntries(keys.map((k) => [k, figuresOf(p, u.unitId, k).rate])) })),
    })),
    keys,
  );
  return {
    campaignId: campaign.id,
    rankingFrom: settings.rankingFrom,
    keys,
    months: ranked.map((m, i) => ({
      ...m,
      rankings: Object.fromEntries(
        keys.map((k) => [
          k,
          m.rankings[k]!.map((r) => {
            const f = figuresOf(progresses[i]!, r.unitId, k);
            return { ...r, taskMu: f.taskMu, disposedMu: f.disposedMu, leader: leaderText(leaders.get(r.unitId)) };
          }),
        ]),
      ),
    })),
  };
}

/** 月度通报 .xlsx for one month: one sheet per ranking (总体 first), print-ready, with the units below the expected % named. */
export async function monthlyWorkbook(db: Queryable, campaign: CampaignSummary, report: MonthlyReport, month: string): Promise<Uint8Array> {
  const settings = await rhythmSettings(db, campaign);
  const words = levelWords(campaign);
  const found = report.months.find((m) => m.month === month)!;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '盘活 Panhuo';
  const columns = 8;
  for (const key of ['overall', ...campaign.taskTypes] as RankingKey[]) {
    const sheet = workbook.addWorksheet(`${keyLabel(key)}排名`);
    const [y, m] = month.split('-');
    sheet.getCell(1, 1).value = `${words.area}批而未用土地处置${y}年${Number(m)}月通报排名（${keyLabel(key)}）`;
    sheet.getCell(2, 1).value = `统计至 ${found.friday}（${month} 最后一个报告周）；序时进度 ${found.expectedPct.toFixed(1)}%`;
    sheet.getCell(2, columns).value = '单位：亩';
    sheet.getCell(2, columns).alignment = { horizontal: 'right' };
    sheet.getRow(3).values = ['排名', words.unitHeader, '下达任务量', '处置面积', '完成率', '较上月', '分包领导', '备注'];
    const rows = found.rankings[key]!;
    for (const r of rows) {
      sheet.addRow([r.rank, r.name, r.taskMu, round1(r.disposedMu), r.rate, formatChange(r.change), r.leader, r.belowExpected ? '低于序时进度' : '']);
    }
    sheet.getColumn(3).numFmt = MU_FORMAT;
    sheet.getColumn(4).numFmt = MU_FORMAT;
    sheet.getColumn(5).numFmt = PERCENT_FORMAT;
    sheet.columns.forEach((c, i) => (c.width = [8, 12, 13, 13, 11, 10, 22, 16][i] ?? 12));
    printReady(sheet, { columns, headerFrom: 3, headerTo: 3, lastRow: 3 + rows.length });
    const below = rows.filter((r) => r.belowExpected).map((r) => r.name);
    const note = sheet.addRow([below.length ? `低于序时进度（${found.expectedPct.toFixed(1)}%）的单位：${below.join('、')}` : '各单位均达到序时进度']);
    sheet.mergeCells(note.number, 1, note.number, columns);
    addFooter(sheet, settings.footer, columns);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** 节点考核: the verdict at each milestone already reached by `today`, from progress on its date. */
export async function milestoneVerdicts(db: Queryable, campaign: CampaignSummary, now: Date): Promise<MilestoneVerdict[]> {
  const today = todayInChina(now);
  const out: MilestoneVerdict[] = [];
  for (const m of campaign.milestones.filter((x) => x.date <= today)) {
    const p = await campaignProgress(db, campaign, m.date);
    out.push(milestoneVerdictByUnit(m, p.units.map((u) => ({ unitId: u.unitId, name: u.name, taskMu: u.overall.taskMu, disposedMu: u.overall.disposedMu }))));
  }
  return out;
}

/** 节点考核 .xlsx: one table per milestone (reached or short by how many mu), print-ready. */
export async function milestoneWorkbook(db: Queryable, campaign: CampaignSummary, verdicts: MilestoneVerdict[]): Promise<Uint8Array> {
  const [settings, leaders] = await Promise.all([rhythmSettings(db, campaign), unitLeaders(db, campaign.id)]);
  const words = levelWords(campaign);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '盘活 Panhuo';
  const sheet = workbook.addWorksheet('节点考核');
  const columns = 6;
  sheet.getCell(1, 1).value = `${words.area}批而未用土地处置节点考核`;
  sheet.getCell(2, 1).value = verdicts.length ? `已到期节点 ${verdicts.length} 个` : '尚无到期节点';
  sheet.getRow(3).values = ['节点', words.unitHeader, '完成率', '是否达标', '差额（亩）', '分包领导'];
  for (const v of verdicts) {
    for (const u of v.units) {
      sheet.addRow([`${v.date} 目标 ${v.targetPct}%（${v.reached}/${v.total} 达标）`, u.name, u.rate, u.reached ? '达标' : '未达标', u.reached ? 0 : u.shortfallMu, leaderText(leaders.get(u.unitId))]);
    }
  }
  sheet.getColumn(3).numFmt = PERCENT_FORMAT;
  sheet.getColumn(5).numFmt = MU_FORMAT;
  sheet.columns.forEach((c, i) => (c.width = [30, 12, 11, 10, 12, 22][i] ?? 12));
  printReady(sheet, { columns, headerFrom: 3, headerTo: 3, lastRow: sheet.rowCount });
  addFooter(sheet, settings.footer, columns);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
