import type { Category } from '../../core/categories.ts';
import { standingOn } from '../../core/parcel-life/standing.ts';
import type { Queryable } from '../../server/db/types.ts';
import { livesOf } from '../../server/parcel-life/queries.ts';

/**
 * The oracle of the category a disposal counts under, for the tests of progress: for each disposal record of the
 * parcels, where the parcel stood on the disposal's date given only the events recorded before it (core's standingOn
 * over that part of its life, read fresh) — the category if it was in one of the five, else null (counted nowhere).
 * Written from standingOn, not from the rule the server keeps (disposalCategories) nor its SQL. A disposal absent from
 * the map belongs to a life read from its ledger record (a row written by plain SQL): it counts under the record's
 * category.
 */
export async function countedCategories(db: Queryable, parcelIds: readonly number[]): Promise<Map<number, Category | null>> {
  const out = new Map<number, Category | null>();
  for (const life of (await livesOf(db, parcelIds)).values()) {
    life.events.forEach((e, i) => {
      if (e.kind !== 'disposal' || e.disposalId === null) return;
      const met = standingOn(life.events.slice(0, i), e.date, life.ledgerMu);
      out.set(e.disposalId, met.phase === 'unused' ? met.category : null);
    });
  }
  return out;
}
