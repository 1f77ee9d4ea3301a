/**
 * The periods of parcels' lives, kept (parcel_periods, data/migrations/033_parcel_periods.ts): for each parcel, the
 * stretches of days over which its phase, category and status held, by core's one rule (standingPeriods) over its
 * life as stored. They make the ledger on any date (台账截至) a join instead of every life replayed. Every write that
 * changes a life calls keepPeriods for the parcels it touched, in its own transaction: the parcel-write service
 * (create, edit, delete, undelete, import, bulk), the events' routes and the monitoring export (recordFollows), and
 * the disposal records. With them, each disposal's category by the same rule (disposal_categories, migration 035).
 */
import { disposalCategories, standingPeriods } from '../../core/parcel-life/standing.ts';
import type { Queryable } from '../db/types.ts';
import { livesOf, type ParcelLife } from './queries.ts';

/** Lives read and periods written per round: 100k lives at once would hold hundreds of megabytes. */
const CHUNK = 5000;

/**
 * Recomputes the kept periods of the parcels (deleted ones too: an undelete needs them) from their lives as stored,
 * and the category each of their disposals counts under. `disposals: false` only for migration 033, which ran before
 * disposal_categories (035) existed.
 */
export async function keepPeriods(tx: Queryable, parcelIds: readonly number[], { disposals = true } = {}): Promise<void> {
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
    if (disposals) await keepDisposalCategories(tx, chunk, lives);
  }
}

/**
 * Each disposal's category (disposal_categories, migration 035: campaign progress counts the disposal there). Only
 * the rows that changed are written: the table's triggers refresh progress, and an edit that moves no disposal should
 * refresh none. A life read from a ledger record (a row written by plain SQL) has no disposal ids: progress counts its
 * disposals under the record's category, as before.
 */
async function keepDisposalCategories(tx: Queryable, chunk: readonly number[], lives: Map<number, ParcelLife>): Promise<void> {
  const counted = JSON.stringify([...lives].flatMap(([parcelId, life]) => disposalCategories(life.events, life.ledgerMu).flatMap(({ disposal, category }) =>
    disposal.disposalId === null ? [] : [{ disposal_id: disposal.disposalId, parcel_id: parcelId, category }])));
  const input = `jsonb_to_recordset($1::jsonb) AS r(disposal_id int, parcel_id int, category text)`;
  await tx.query(
    `WITH r AS MATERIALIZED (SELECT * FROM ${input})
     DELETE FROM disposal_categories dc WHERE dc.parcel_id = ANY($2::int[])
       AND NOT EXISTS (SELECT 1 FROM r WHERE r.disposal_id = dc.disposal_id AND r.category IS NOT DISTINCT FROM dc.category)`,
    [counted, [...chunk]],
  );
  await tx.query(
    `INSERT INTO disposal_categories (disposal_id, parcel_id, category)
     SELECT r.disposal_id, r.parcel_id, r.category FROM ${input}
     WHERE NOT EXISTS (SELECT 1 FROM disposal_categories dc WHERE dc.disposal_id = r.disposal_id)`,
    [counted],
  );
}
