-- One change applied to many parcels at once from the ledger table (批量修改): who, what, how many. Each parcel's own
-- history row points at it, so a parcel's history can say the change was part of a bulk change of N parcels.
CREATE TABLE change_sets (
  id          serial PRIMARY KEY,
  actor       text NOT NULL,
  summary     text NOT NULL,
  count       integer NOT NULL CHECK (count > 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE parcel_history ADD COLUMN change_set_id integer REFERENCES change_sets(id);
CREATE INDEX parcel_history_change_set ON parcel_history (change_set_id) WHERE change_set_id IS NOT NULL;

-- Disposal records entered or removed are part of a parcel's history too (they move progress).
ALTER TABLE parcel_history DROP CONSTRAINT parcel_history_action_check;
ALTER TABLE parcel_history ADD CONSTRAINT parcel_history_action_check
  CHECK (action IN ('create', 'update', 'delete', 'restore', 'import', 'disposal', 'disposal_delete'));
