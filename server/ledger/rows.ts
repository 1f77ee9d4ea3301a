import type { LedgerRow } from '../../core/ledger/row.ts';
import type { Queryable } from '../db/types.ts';
import { FIELD_COLUMNS } from '../parcels/fields.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';

/**
 * The ledger table's rows: every ledger field, the stored unit and the units the boundary lies in, Σ disposal records and the ledger check (the SQL twin
 * of core/ledger-check.ts, panhuo_area_ok). No geometry: the table needs none, and 10,000 boundaries would be megabytes.
 */
const LEDGER_ROW_SELECT = `
  SELECT p.id, p.version, p.unit_id AS "unitId", u.name AS "unitName",
    ARRAY(SELECT su.name FROM parcel_unit_shares s JOIN units su ON su.id = s.unit_id WHERE s.parcel_id = p.id ORDER BY su.name) AS "inUnits",
    ${FIELD_COLUMNS.map(([key, column]) => `p.${column} AS "${key}"`).join(', ')},
    p.area_mu AS "ellipsoidalMu",
    CASE WHEN p.area_mu IS NULL THEN NULL ELSE panhuo_area_ok(p.ledger_mu, p.area_mu, c.tolerance_relative, c.tolerance_absolute_mu) END AS "areaOk",
    COALESCE(d.mu, 0)::float8 AS "disposedMu"
  FROM parcels p
  JOIN campaigns c ON c.id = p.campaign_id
  LEFT JOIN units u ON u.id = p.unit_id
  LEFT JOIN (SELECT parcel_id, sum(mu) AS mu FROM disposal_records GROUP BY parcel_id) d ON d.parcel_id = p.id`;

/** A page of a campaign's live parcels, by id, and how many there are in all. */
export async function ledgerRows(db: Queryable, campaignId: number, page: { limit: number; offset: number }): Promise<{ rows: LedgerRow[]; total: number }> {
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM parcels p WHERE ${inCampaign('p', '$1')} AND deleted_at IS NULL`, [campaignId]);
  const rows = await db.query<LedgerRow>(
    `${LEDGER_ROW_SELECT} WHERE ${inCampaign('p', '$1')} AND p.deleted_at IS NULL ORDER BY p.id LIMIT $2 OFFSET $3`,
    [campaignId, page.limit, page.offset],
  );
  return { rows, total: count!.n };
}

/** All of a campaign's live parcels (for the export, which rebuilds the table's view from them). */
export async function allLedgerRows(db: Queryable, campaignId: number): Promise<LedgerRow[]> {
  return db.query<LedgerRow>(`${LEDGER_ROW_SELECT} WHERE ${inCampaign('p', '$1')} AND p.deleted_at IS NULL ORDER BY p.id`, [campaignId]);
}

/** Units of a campaign in the campaign's order: the order the table's groups follow. */
export async function unitOrder(db: Queryable, campaignId: number): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    'SELECT u.name FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = $1 ORDER BY cu.sort_order',
    [campaignId],
  );
  return rows.map((r) => r.name);
}
