import { Hono } from 'hono';
import { todayInChina } from '../../core/dates.ts';
import { parseViewParams } from '../../core/ledger/view-params.ts';
import { ledgerView } from '../../core/ledger/view.ts';
import type { AppEnv } from '../auth/types.ts';
import type { Db } from '../db/types.ts';
import { ApiError, notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { allLedgerRows, ledgerRows, unitOrder } from './rows.ts';
import { ledgerTableWorkbook } from './workbook.ts';
import { attachment } from '../http/attachment.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * GET /api/ledger?campaign=&limit=&offset=&asOf= — the ledger table's rows (no geometry), by id; with `asOf`, the
 * ledger as it stood that day (台账截至: one query over the kept periods of the parcels' lives, rows.ts).
 * GET /api/ledger/export?campaign=&columns=&sort=&filters=&asOf= — the table as shown, as .xlsx.
 */
export function ledgerRoutes(db: Db) {
  const campaignOf = async (text: string | undefined) => {
    const id = params.positiveId('campaign', text);
    const [campaign] = await db.query<{ id: number; name: string; bureau: string }>(
      'SELECT c.id, c.name, u.full_name AS bureau FROM campaigns c JOIN units u ON u.id = c.level_unit_id WHERE c.id = $1', [id]);
    if (!campaign) throw notFound(`专项行动 ${id} `);
    return campaign;
  };

  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const campaign = await campaignOf(c.req.query('campaign'));
      const limit = params.intInRange('limit', c.req.query('limit'), 1, 5000, 5000);
      const offset = params.intInRange('offset', c.req.query('offset'), 0, 10_000_000, 0);
      const asOf = params.optionalDate('asOf', c.req.query('asOf'));
      const { rows, total } = await ledgerRows(db, campaign.id, { limit, offset }, asOf);
      return c.json({ total, limit, offset, asOf, rows });
    })
    .get('/export', async (c) => {
      const campaign = await campaignOf(c.req.query('campaign'));
      const parsed = parseViewParams(c.req.query());
      if (!parsed.ok) throw new ApiError(400, 'bad_parameter', parsed.message);
      const { columns, sort, filters } = parsed.value;
      const asOf = params.optionalDate('asOf', c.req.query('asOf'));
      const [rows, order] = await Promise.all([allLedgerRows(db, campaign.id, asOf), unitOrder(db, campaign.id)]);
      const view = ledgerView(rows, { filters, sort, unitOrder: order });
      const date = asOf ?? todayInChina();
      const body = await ledgerTableWorkbook(view, columns, { campaignName: campaign.name, bureau: campaign.bureau, date });
      const name = `台账-${date}.xlsx`;
      return c.body(body as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': XLSX,
        'Content-Disposition': attachment(`ledger-${date}.xlsx`, name),
      });
    });
}
