import type { IsoDate } from '../../core/dates.ts';
import type { LedgerRow } from '../../core/ledger/row.ts';
import type { Queryable } from '../db/types.ts';
import { FIELD_COLUMNS } from '../parcels/fields.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';

/**
 * The ledger table's rows: every ledger field, the stored unit and the units the boundary lies in, Σ disposal records and the ledger check (the SQL twin
 * of core/ledger-check.ts, panhuo_area_ok). No geometry: the table needs none, and 10,000 boundaries would be megabytes.
 *
 * With a day (`asOf`, the parameter numbered `asOfParam`): the ledger as it stood that day (台账截至) — each parcel with
 * the category and status in force that day, from its kept periods (parcel_periods: core's rule standingPeriods, kept
 * by every write of a life; server/parcel-life/periods.ts), and Σ of its disposals dated up to that day. Parcels not in
 * one of the five categories that day — not yet approved or registered, supplied, their approval withdrawn — have no
 * period of phase `unused` covering it and are left out.
 */
const ledgerRowsFrom = (asOfParam: number | null) => {
  const asOf = asOfParam === null ? null : `$${asOfParam}::date`;
  const column = (key: string, column: string) => (asOf && (key === 'category' || key === 'status') ? `pp.${column}` : `p.${column}`);
  return `
  SELECT p.id, p.version, p.unit_id AS "unitId", u.name AS "unitName",
    ARRAY(SELECT su.name FROM parcel_unit_shares s JOIN units su ON su.id = s.unit_id WHERE s.parcel_id = p.id ORDER BY su.name) AS "inUnits",
    ${FIELD_COLUMNS.map(([key, c]) => `${column(key, c)} AS "${key}"`).join(', ')},
    p.area_mu AS "ellipsoidalMu",
    CASE WHEN p.area_mu IS NULL THEN NULL ELSE panhuo_area_ok(p.ledger_mu, p.area_mu, c.tolerance_relative, c.tolerance_absolute_mu) END AS "areaOk",
    COALESCE((SELECT sum(d.mu) FROM disposal_records d WHERE d.parcel_id = p.id${asOf ? ` AND d.date <= ${asOf}` : ''}), 0)::float8 AS "disposedMu"
  FROM parcels p ${asOf ? periodOn('p', asOf) : ''}
  JOIN campaigns c ON c.id = p.campaign_id
  LEFT JOIN units u ON u.id = p.unit_id`;
};

/** SQL: the kept period `pp` of parcel `parcel` in which it was in the ledger (one of the five categories) on `day`. */
const periodOn = (parcel: string, day: string) =>
  `JOIN parcel_periods pp ON pp.parcel_id = ${parcel}.id AND pp.phase = 'unused'
     AND (pp.valid_from IS NULL OR pp.valid_from <= ${day}) AND (pp.valid_to IS NULL OR pp.valid_to > ${day})`;

/** A page of a campaign's live parcels (as they stood on `asOf`, when given), by id, and how many there are in all. */
export async function ledgerRows(db: Queryable, campaignId: number, page: { limit: number; offset: number }, asOf: IsoDate | null = null): Promise<{ rows: LedgerRow[]; total: number }> {
  const day = asOf ? [asOf] : [];
  const [[count], rows] = await Promise.all([
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM parcels p ${asOf ? periodOn('p', '$2::date') : ''} WHERE ${inCampaign('p', '$1')} AND p.deleted_at IS NULL`, [campaignId, ...day]),
    db.query<LedgerRow>(
      `${ledgerRowsFrom(asOf ? 4 : null)} WHERE ${inCampaign('p', '$1')} AND p.deleted_at IS NULL ORDER BY p.id LIMIT $2 OFFSET $3`,
      [campaignId, page.limit, page.offset, ...day],
    ),
  ]);
  return { rows, total: count!.n };
}

/** All of a campaign's live parcels (as they stood on `asOf`, when given), for the export, which rebuilds the table's view from them. */
export async function allLedgerRows(db: Queryable, campaignId: number, asOf: IsoDate | null = null): Promise<LedgerRow[]> {
  return db.query<LedgerRow>(`${ledgerRowsFrom(asOf ? 2 : null)} WHERE ${inCampaign('p', '$1')} AND p.deleted_at IS NULL ORDER BY p.id`, [campaignId, ...(asOf ? [asOf] : [])]);
}

/** Units of a campaign in the campaign's order: the order the table's groups follow. */
export async function unitOrder(db: Queryable, campaignId: number): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    'SELECT u.name FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = $1 ORDER BY cu.sort_order',
    [campaignId],
  );
  return rows.map((r) => r.name);
}
