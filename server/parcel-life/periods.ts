/**
 * The periods of parcels' lives, kept (parcel_periods, data/migrations/033_parcel_periods.ts): for each parcel, the
 * stretches of days over which its phase, category and status held, by core's one rule (standingPeriods) over its
 * life as stored. They make the ledger on any date (台账截至) a join instead of every life replayed. Every write that
 * changes a life calls keepPeriods for the parcels it touched, in its own transaction: the parcel-write service
 * (create, edit, delete, undelete, import, bulk), the events' routes and the monitoring export (recordFollows), and
 * the disposal records.
 */
import { standingPeriods } from '../../core/parcel-life/standing.ts';
import type { Queryable } from '../db/types.ts';
import { livesOf } from './queries.ts';

/** Lives read and periods written per round: 100k lives at once would hold hundreds of megabytes. */
const CHUNK = 5000;

/** Recomputes the kept periods of the parcels (deleted ones too: an undelete needs them) from their lives as stored. */
export async function keepPeriods(tx: Queryable, parcelIds: readonly number[]): Promise<void> {
  const ids = [...new Set(parcelIds)];
  for (let at = 0; at < ids.length; at += CHUNK) {
    const chunk = ids.slice(at, at + CHUNK);
    const lives = await livesOf(tx, chunk);
    const rows = [...lives].flatMap(([parcelId, life]) => standingPeriods(life.events, life.ledgerMu).map((p) => ({
      parcel_id: parcelId, valid_from: p.from, valid_to: p.until, phase: p.phase, category: p.category, status: p.status,
    })));
    await tx.query('DELETE FROM parcel_periods WHERE parcel_id = ANY($1::int[])', [chunk]);
    await tx.query(
      `INSERT INTO parcel_periods (parcel_id, valid_from, valid_to, phase, category, status)
       SELECT parcel_id, valid_from, valid_to, phase, category, status
       FROM jsonb_to_recordset($1::jsonb) AS r(parcel_id int, valid_from date, valid_to date, phase text, category text, status text)`,
      [JSON.stringify(rows)],
    );
  }
}
