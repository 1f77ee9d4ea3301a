/**
 * Every parcel's life is stored as events (issue 16): a person's events carry a note, and an event is never
 * overwritten — it is retired (deleted_at, by whom, why), and a correction names the event it replaces. Then each
 * parcel whose events were never stored gets the events its ledger record implies (core/parcel-life/from-fields.ts,
 * the one rule), recorded as read from the ledger — so from here on a change of category is an added event.
 */
import type { CodeMigration } from '../../server/db/migrate.ts';
import { recordLedgerLives } from '../../server/parcel-life/record.ts';

const migration: CodeMigration = async (tx) => {
  await tx.exec(`
    ALTER TABLE parcel_events
      ADD COLUMN note text CHECK (length(note) <= 500),
      ADD COLUMN replaces bigint REFERENCES parcel_events(id),
      ADD COLUMN deleted_at timestamptz,
      ADD COLUMN deleted_by text,
      ADD COLUMN delete_reason text CHECK (length(delete_reason) <= 500),
      ADD CONSTRAINT parcel_events_retired CHECK ((deleted_at IS NULL) = (deleted_by IS NULL) AND (deleted_at IS NULL) = (delete_reason IS NULL));
    CREATE INDEX parcel_events_live ON parcel_events (parcel_id, date) WHERE deleted_at IS NULL;
  `);
  const unrecorded = await tx.query<{ id: number }>('SELECT id FROM parcels p WHERE NOT EXISTS (SELECT 1 FROM parcel_events e WHERE e.parcel_id = p.id) ORDER BY id');
  await recordLedgerLives(tx, unrecorded.map((p) => p.id), { source: 'ledger', actor: '台账迁移' });
};
export default migration;
