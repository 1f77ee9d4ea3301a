import { Hono } from 'hono';
import type { Db } from '../db/types.ts';
import * as params from '../http/params.ts';
import { campaignFromParam, reportDate } from '../campaigns/queries.ts';
import { campaignTrend } from './trend.ts';
import { weeklyReportWorkbook } from './weekly-report.ts';
import { annexWorkbook } from './annex-tables.ts';
import { campaignReconciliation, ledgerBaseReconciliation } from './reconciliation.ts';
import type { Clock } from '../rhythm/routes.ts';
import { campaignWeeks, reportWeekParam } from '../rhythm/submissions.ts';
import { reportFriday } from '../../core/weeks.ts';
import { todayInChina } from '../../core/dates.ts';
import { milestoneVerdicts, milestoneWorkbook, monthlyReport, monthlyWorkbook } from '../rhythm/monthly.ts';
import { attachment } from '../http/attachment.ts';
import { badParameter } from '../http/errors.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * GET /api/campaigns/:id/trend?until=YYYY-MM-DD — week-by-week disposals per unit and task type.
 * GET /api/campaigns/:id/reports/weekly?week=YYYY-MM-DD — the weekly report (附件4) of the week holding that date, .xlsx.
 * GET /api/campaigns/:id/reconciliation — where the task tables do not add up, and where the ledger does not add up
 *   to the task base, each difference in mu.
 * GET /api/campaigns/:id/reports/tasks?date=YYYY-MM-DD — the task tables (附件2, 附件3) with 盘活面积, 完成率, 排名, .xlsx.
 */
export function reportRoutes(db: Db, clock: Clock) {
  return new Hono()
    .get('/:id/trend', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      return c.json(await campaignTrend(db, campaign, reportDate(campaign, params.campaignDate('until', c.req.query('until'), campaign))));
    })
    .get('/:id/reports/weekly', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const now = clock();
      const asked = params.campaignDate('week', c.req.query('week'), campaign);
      const friday = asked ? reportWeekParam(campaign, reportFriday(asked), 'week') : (await campaignWeeks(db, campaign, now)).defaultFriday;
      const { bytes } = await weeklyReportWorkbook(db, campaign, friday, now);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': XLSX, 'Content-Disposition': attachment(`weekly-${friday}.xlsx`, `周报表-${friday}.xlsx`) });
    })
    .get('/:id/reports/monthly', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const report = await monthlyReport(db, campaign, todayInChina(clock()));
      const month = c.req.query('month') ?? report.months.at(-1)?.month;
      if (!month || !report.months.some((m) => m.month === month)) {
        throw badParameter('month', report.months.length ? `应为已通报的月份（${report.months.map((m) => m.month).join('、')}），收到“${(month ?? '').slice(0, 20)}”` : '本专项行动尚无月度排名');
      }
      return c.body((await monthlyWorkbook(db, campaign, report, month)) as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': XLSX, 'Content-Disposition': attachment(`monthly-${month}.xlsx`, `月度通报-${month}.xlsx`) });
    })
    .get('/:id/reports/milestones', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const bytes = await milestoneWorkbook(db, campaign, await milestoneVerdicts(db, campaign, clock()));
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': XLSX, 'Content-Disposition': attachment('milestones.xlsx', '节点考核.xlsx') });
    })
    .get('/:id/reconciliation', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const [differences, ledger] = await Promise.all([campaignReconciliation(db, campaign), ledgerBaseReconciliation(db, campaign)]);
      return c.json({ campaignId: campaign.id, differences, ledger });
    })
    .get('/:id/reports/tasks', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const date = reportDate(campaign, params.campaignDate('date', c.req.query('date'), campaign));
      return c.body((await annexWorkbook(db, campaign, date)) as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': XLSX, 'Content-Disposition': attachment(`tasks-${date}.xlsx`, `任务分解表-${date}.xlsx`) });
    });
}
