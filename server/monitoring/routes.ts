import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compareWithMonitoring, readMonitoringRows, type LedgerParcel } from '../../core/monitoring.ts';
import type { AppEnv } from '../auth/types.ts';
import { campaignFromParam } from '../campaigns/queries.ts';
import type { Db } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';
import { readSheetUpload } from '../files/pool.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';
import { recordMonitoredEvents } from './events.ts';

/**
 * POST /api/campaigns/:id/monitoring (multipart: file, the monitoring system's exported parcel list as .xlsx or .csv)
 * — matches it with the campaign's ledger by 电子监管号 and answers what is missing on either side and which areas
 * differ beyond the campaign's tolerance; any signed-in user may ask. With `recordEvents=true` (admin) it also records,
 * for each matched parcel, the 供应/交地/开工/竣工 the export dates as events from the monitoring system (监管系统),
 * each once (an event of that kind on that day already there is not repeated; a parcel with a supply keeps it), and
 * the ledger records follow; the answer's `recorded` counts them.
 */
export function monitoringRoutes(db: Db) {
  return new Hono<AppEnv>().post('/:id/monitoring', bodyLimit({ maxSize: 20 * 1024 * 1024, onError: () => { throw new ApiError(413, 'too_large', '文件过大，上限为 20 MB'); } }), async (c) => {
    const campaign = await campaignFromParam(db, c.req.param('id'));
    const form = await c.req.parseBody().catch(() => {
      throw new ApiError(400, 'bad_request', '请以表单（multipart/form-data）上传文件');
    });
    if (!(form.file instanceof File)) throw new ApiError(400, 'bad_request', '请选择监测监管系统导出的清单文件（表单字段 file）');
    const sheet = await readSheetUpload(form.file.name, new Uint8Array(await form.file.arrayBuffer()));
    if (!sheet.ok) throw new ApiError(422, 'unreadable_file', `无法读取“${form.file.name}”：${sheet.error}`);
    const list = readMonitoringRows(sheet.rows);
    if (!list.records.length) {
      throw new ApiError(422, 'unreadable_file', `无法比对“${form.file.name}”：${list.problems.map((p) => p.message).slice(0, 5).join('；') || '清单中没有数据行'}`, { problems: list.problems });
    }
    const parcels = await db.query<LedgerParcel>(
      `SELECT id, code, project_name AS "projectName", supervision_number AS "supervisionNumber", ledger_mu AS "ledgerMu"
       FROM parcels p WHERE ${inCampaign('p', '$1')} AND deleted_at IS NULL ORDER BY code`,
      [campaign.id],
    );
    const comparison = compareWithMonitoring(list.records, parcels, campaign.tolerance);
    let recorded: number | undefined;
    if (form.recordEvents === 'true') {
      const user = c.get('user');
      if (user?.role !== 'admin') throw new ApiError(403, 'forbidden', '只有管理员可以把监测监管系统的日期记为地块事项');
      recorded = await db.transaction((tx) => recordMonitoredEvents(tx, user, list.records, parcels));
    }
    return c.json({ recorded, campaignId: campaign.id, file: form.file.name, areaUnit: list.areaUnit, records: list.records.length, ledgerParcels: parcels.length, tolerance: campaign.tolerance, problems: list.problems, ...comparison });
  });
}
