/**
 * The ledger on any date (台账截至) as one query (issues 12 and 16): each parcel's life cut into the periods over which
 * its phase, category and status held — valid_from ≤ day < valid_to, null meaning since ever / still — computed by
 * core's rule (core/parcel-life/standing.ts standingPeriods) and kept by every write that changes a life
 * (server/parcel-life/periods.ts). Here they are computed for every parcel there is, as 021 stored their events.
 */
import type { CodeMigration } from '../../server/db/migrate.ts';
import { keepPeriods } from '../../server/parcel-life/periods.ts';

const migration: CodeMigration = async (tx) => {
  await tx.exec(`
    CREATE TABLE parcel_periods (
      parcel_id  integer NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
      valid_from date,
      valid_to   date,
      phase      text NOT NULL CHECK (phase IN ('unrecorded', 'unused', 'supplied', 'withdrawn')),
      category   text CHECK (category IN ('approved_not_expropriated', 'expropriated_not_supplied', 'used_before_supply', 'idle', 'inefficient')),
      status     text CHECK (status IN ('registered', 'planned', 'in_progress', 'disposed', 'struck_off')),
      CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from < valid_to),
      CHECK ((phase = 'unused') = (category IS NOT NULL AND status IS NOT NULL))
    );
    -- A parcel has a handful of periods: the ledger on a date looks up each of its parcels' by parcel.
    CREATE INDEX parcel_periods_parcel ON parcel_periods (parcel_id);
  `);
  const parcels = await tx.query<{ id: number }>('SELECT id FROM parcels ORDER BY id');
  await keepPeriods(tx, parcels.map((p) => p.id), { disposals: false });
};
export default migration;
