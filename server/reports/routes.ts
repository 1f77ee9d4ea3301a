import { Hono } from 'hono';
import type { Db } from '../db/types.ts';
import * as params from '../http/params.ts';
import { campaignFromParam, reportDate } from '../campaigns/queries.ts';
import { campaignTrend } from './trend.ts';
import { weeklyReportWorkbook } from './weekly-report.ts';
import { annexWorkbook } from './annex-tables.ts';
import { campaignReconciliation, ledgerBaseReconciliation } from './reconciliation.ts';

/**
 * GET /api/campaigns/:id/trend?until=YYYY-MM-DD — week-by-week disposals per unit and task type.
 * GET /api/campaigns/:id/reports/weekly?week=YYYY-MM-DD — the weekly report (附件4) of the week holding that date, .xlsx.
 * GET /api/campaigns/:id/reconciliation — where the task tables do not add up, and where the ledger does not add up
 *   to the task base, each difference in mu.
 * GET /api/campaigns/:id/reports/tasks?date=YYYY-MM-DD — the task tables (附件2, 附件3) with 盘活面积, 完成率, 排名, .xlsx.
 */
export function reportRoutes(db: Db) {
  return new Hono()
    .get('/:id/trend', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      return c.json(await campaignTrend(db, campaign, reportDate(campaign, params.campaignDate('until', c.req.query('until'), campaign))));
    })
    .get('/:id/reports/weekly', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const { friday, bytes } = await weeklyReportWorkbook(db, campaign, reportDate(campaign, params.campaignDate('week', c.req.query('week'), campaign)));
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="weekly-${friday}.xlsx"; filename*=UTF-8''${encodeURIComponent(`周报表-${friday}.xlsx`)}`,
      });
    })
    .get('/:id/reconciliation', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const [differences, ledger] = await Promise.all([campaignReconciliation(db, campaign), ledgerBaseReconciliation(db, campaign)]);
      return c.json({ campaignId: campaign.id, differences, ledger });
    })
    .get('/:id/reports/tasks', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const date = reportDate(campaign, params.campaignDate('date', c.req.query('date'), campaign));
      return c.body((await annexWorkbook(db, campaign, date)) as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="tasks-${date}.xlsx"; filename*=UTF-8''${encodeURIComponent(`任务分解表-${date}.xlsx`)}`,
      });
    });
}
