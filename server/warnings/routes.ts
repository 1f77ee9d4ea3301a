import { Hono } from 'hono';
import { isOneOf } from '../../core/categories.ts';
import { WARNING_KINDS, type WarningKind } from '../../core/warnings/types.ts';
import { campaignFromParam, reportDate } from '../campaigns/queries.ts';
import type { Db } from '../db/types.ts';
import { badParameter } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { campaignWarningCounts, campaignWarnings } from './campaign-warnings.ts';
import { digestWorkbook } from './digest.ts';
import { attachment } from '../http/attachment.ts';

/** Records unchanged for longer than this many days are stale, unless the request says otherwise. */
const DEFAULT_STALE_DAYS = 90;

/**
 * The `kind` filter: known kinds only, in their canonical order and once each, so that `b,a,a` and `a,b` are one
 * question (one cached answer), not three.
 */
export function kinds(text: string | undefined): WarningKind[] | null {
  if (text === undefined || text === '') return null;
  const values = text.split(',').map((v) => v.trim());
  const wrong = values.filter((v) => !isOneOf(WARNING_KINDS, v));
  if (wrong.length) throw badParameter('kind', `不认识的预警类型“${wrong.join('、').slice(0, 60)}”，可选：${WARNING_KINDS.join('、')}`);
  return WARNING_KINDS.filter((k) => values.includes(k));
}

/** The most a page of warnings may hold. */
const MAX_PAGE = 1000;

/**
 * GET /api/campaigns/:id/warnings/counts?date=&staleDays= — how many warnings stand, by kind, severity and unit.
 * GET /api/campaigns/:id/warnings?date=&staleDays=&kind=&unit=&offset=&limit= — the warnings on a date, narrowed by
 *   kind and unit, a page of them when `limit` is given, with the counts and total of all that match.
 * GET /api/campaigns/:id/warnings/digest.xlsx?date=&staleDays= — the daily digest workbook.
 */
export function warningRoutes(db: Db) {
  const on = async (id: string | undefined, q: Record<string, string>) => {
    const campaign = await campaignFromParam(db, id);
    const options = {
      date: reportDate(campaign, params.campaignDate('date', q.date, campaign)),
      staleDays: params.intInRange('staleDays', q.staleDays, 1, 3650, DEFAULT_STALE_DAYS),
    };
    return { campaign, options };
  };
  const read = async (id: string | undefined, q: Record<string, string>, filtered: boolean) => {
    const { campaign, options } = await on(id, q);
    const page = {
      kinds: filtered ? kinds(q.kind) : null,
      unitId: filtered ? params.optionalId('unit', q.unit) : null,
      offset: filtered ? params.intInRange('offset', q.offset, 0, 10_000_000, 0) : 0,
      limit: filtered && q.limit !== undefined && q.limit !== '' ? params.intInRange('limit', q.limit, 1, MAX_PAGE, MAX_PAGE) : null,
    };
    return { campaign, result: await campaignWarnings(db, campaign, { ...options, ...page }) };
  };
  return new Hono()
    .get('/:id/warnings/counts', async (c) => {
      const { campaign, options } = await on(c.req.param('id'), c.req.query());
      return c.json(await campaignWarningCounts(db, campaign, options));
    })
    .get('/:id/warnings', async (c) => {
      const { result } = await read(c.req.param('id'), c.req.query(), true);
      return c.json(result);
    })
    .get('/:id/warnings/digest.xlsx', async (c) => {
      const { campaign, result } = await read(c.req.param('id'), c.req.query(), false);
      const bytes = await digestWorkbook(campaign, result, new URL(c.req.url).origin);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': attachment(`warnings-${result.date}.xlsx`, `预警日报-${result.date}.xlsx`),
      });
    });
}
