-- A parcel's life as dated events (core/parcel-life): what happened to the land, when, recorded by whom and from
-- where. Disposals are events too, kept with their mu and method in disposal_records as before. A parcel whose life
-- was never recorded is read from its ledger record (core/parcel-life/from-fields.ts) until events are stored.
CREATE TABLE parcel_events (
  id          bigserial PRIMARY KEY,
  parcel_id   integer NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('registered', 'approved', 'expropriated', 'found_in_use', 'supplied', 'handed_over',
                'agreed_start', 'started', 'completed', 'declared_idle', 'declared_inefficient', 'planned',
                'approval_withdrawn', 'struck_off')),
  date        date NOT NULL,
  details     jsonb NOT NULL DEFAULT '{}',
  -- person: entered in Panhuo; import: from a file; monitoring: from the monitoring-system export;
  -- ledger: read back from a ledger record that predates events.
  source      text NOT NULL CHECK (source IN ('person', 'import', 'monitoring', 'ledger')),
  actor       text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX parcel_events_parcel ON parcel_events (parcel_id, date);
