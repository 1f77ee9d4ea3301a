-- Field checks (外业核查): what someone saw at a parcel, with their position and photos. Distances and "inside" are
-- computed once, when the check is recorded, against the boundary as it was then: they are part of the observation,
-- and a later boundary change must not rewrite what was true on site.
CREATE TABLE field_checks (
  id              serial PRIMARY KEY,
  parcel_id       integer NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
  -- Made by the phone before sending, so a check queued offline and sent twice is stored once.
  client_id       uuid NOT NULL UNIQUE,
  state           text NOT NULL CHECK (state IN ('not_started', 'started', 'partly_built', 'in_production', 'other')),
  notes           text NOT NULL DEFAULT '' CHECK (char_length(notes) <= 2000),
  observed_at     timestamptz NOT NULL,
  position        geometry(Point, 4326),
  accuracy_m      double precision CHECK (accuracy_m >= 0),
  distance_m      double precision CHECK (distance_m >= 0),
  inside_parcel   boolean,
  actor           text NOT NULL,
  -- The parcel version the person had in front of them, and a note when the parcel had changed by the time it arrived.
  parcel_version  integer,
  conflict        text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX field_checks_parcel ON field_checks (parcel_id, observed_at DESC);
CREATE INDEX field_checks_position_gix ON field_checks USING gist (position);

-- Photo bytes live in the database (bytea) so that one backup holds everything and PGlite and PostgreSQL work alike.
CREATE TABLE field_check_photos (
  id              serial PRIMARY KEY,
  field_check_id  integer NOT NULL REFERENCES field_checks(id) ON DELETE CASCADE,
  ordinal         smallint NOT NULL,
  mime            text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes           integer NOT NULL CHECK (bytes > 0 AND bytes <= 10485760),
  content         bytea NOT NULL,
  taken_at        timestamptz,
  position        geometry(Point, 4326),
  distance_m      double precision CHECK (distance_m >= 0),
  inside_parcel   boolean,
  UNIQUE (field_check_id, ordinal)
);

-- Field checks are a map layer: a new one moves the data version so open maps refresh.
CREATE TRIGGER field_checks_version AFTER INSERT OR UPDATE OR DELETE ON field_checks FOR EACH STATEMENT EXECUTE FUNCTION panhuo_bump_version();
