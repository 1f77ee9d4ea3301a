import { Hono } from 'hono';
import { isOneOf } from '../../core/categories.ts';
import { WARNING_KINDS, type WarningKind } from '../../core/warnings/types.ts';
import { campaignFromParam, reportDate } from '../campaigns/queries.ts';
import type { Db } from '../db/types.ts';
import { badParameter } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { campaignWarnings } from './campaign-warnings.ts';
import { digestWorkbook } from './digest.ts';

/** Records unchanged for longer than this many days are stale, unless the request says otherwise. */
const DEFAULT_STALE_DAYS = 90;

function kinds(text: string | undefined): WarningKind[] | null {
  if (text === undefined || text === '') return null;
  const values = text.split(',').map((v) => v.trim());
  const wrong = values.filter((v) => !isOneOf(WARNING_KINDS, v));
  if (wrong.length) throw badParameter('kind', `不认识的预警类型“${wrong.join('、')}”，可选：${WARNING_KINDS.join('、')}`);
  return values as WarningKind[];
}

/**
 * GET /api/campaigns/:id/warnings?date=&staleDays=&kind=&unit= — warnings on a date, with counts by kind, severity, unit.
 * GET /api/campaigns/:id/warnings/digest.xlsx?date=&staleDays= — the daily digest workbook.
 */
export function warningRoutes(db: Db) {
  const read = async (id: string | undefined, q: Record<string, string>, filtered: boolean) => {
    const campaign = await campaignFromParam(db, id);
    const options = {
      date: reportDate(campaign, params.campaignDate('date', q.date, campaign)),
      staleDays: params.intInRange('staleDays', q.staleDays, 1, 3650, DEFAULT_STALE_DAYS),
      kinds: filtered ? kinds(q.kind) : null,
      unitId: filtered ? params.optionalId('unit', q.unit) : null,
    };
    return { campaign, result: await campaignWarnings(db, campaign, options) };
  };
  return new Hono()
    .get('/:id/warnings', async (c) => {
      const { result } = await read(c.req.param('id'), c.req.query(), true);
      return c.json(result);
    })
    .get('/:id/warnings/digest.xlsx', async (c) => {
      const { campaign, result } = await read(c.req.param('id'), c.req.query(), false);
      const bytes = await digestWorkbook(campaign, result, new URL(c.req.url).origin);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="warnings-${result.date}.xlsx"; filename*=UTF-8''${encodeURIComponent(`预警日报-${result.date}.xlsx`)}`,
      });
    });
}
