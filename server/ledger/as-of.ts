import type { IsoDate } from '../../core/dates.ts';
import type { LedgerRow } from '../../core/ledger/row.ts';
import { standingOn } from '../../core/parcel-life/standing.ts';
import type { Queryable } from '../db/types.ts';
import { livesInCampaign } from '../parcel-life/queries.ts';
import { allLedgerRows } from './rows.ts';

/**
 * The ledger as it stood on a date (台账截至): each of the campaign's live parcels with the category and status in
 * force that day, by core's one rule (standingOn) over its events, and Σ of its disposals up to that day. Parcels not
 * in one of the five categories that day — not yet approved or registered, supplied, their approval withdrawn — are
 * not in the ledger then and are left out. Computed on the server for all the campaign's parcels at once (four
 * queries, then the rule in memory) and kept per data version by the route, so paging through it costs nothing
 * more; `npm run bench` times it (台账截至 cold and warm).
 */
export async function ledgerRowsAsOf(db: Queryable, campaignId: number, asOf: IsoDate): Promise<LedgerRow[]> {
  const [rows, lives] = await Promise.all([allLedgerRows(db, campaignId), livesInCampaign(db, campaignId)]);
  return rows.flatMap((r) => {
    const life = lives.get(r.id);
    if (!life) return [];
    const s = standingOn(life.events, asOf, r.ledgerMu);
    if (s.phase !== 'unused' || !s.category || !s.status) return [];
    const disposedMu = life.events.reduce((sum, e) => (e.kind === 'disposal' && e.date <= asOf ? sum + e.mu : sum), 0);
    return [{ ...r, category: s.category, status: s.status, disposedMu }];
  });
}
