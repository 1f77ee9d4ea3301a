-- Warnings at a province's scale: the one input of the warning rules that cost a spatial self-join over the whole
-- ledger — which live parcels overlap, and by how much — is kept here, by the same transaction that writes a parcel
-- (as migration 030 keeps the progress sums). Every other input is a column of the parcel, so the warnings' counts
-- and a page of them are one scan (server/warnings/sql.ts), not the rules run over 100k parcels in Node.
--
-- Every pair of live parcels whose boundaries overlap by a positive area, once (a_id < b_id), with the ellipsoidal mu
-- of the intersection; whether that is 重复上图 is the campaign's threshold, applied when reading (it may change).
-- test/api/warnings-kept.test.ts checks the pairs against the self-join computed afresh after every kind of change.

CREATE TABLE parcel_overlaps (
  a_id       integer NOT NULL REFERENCES parcels (id) ON DELETE CASCADE,
  b_id       integer NOT NULL REFERENCES parcels (id) ON DELETE CASCADE,
  overlap_mu double precision NOT NULL,
  PRIMARY KEY (a_id, b_id),
  CHECK (a_id < b_id)
);
CREATE INDEX parcel_overlaps_b ON parcel_overlaps (b_id);

-- The pairs of the given parcels as they stand now: dropped, then found again through the spatial index (a LATERAL
-- probe: PGlite's PostGIS can fail the join selectivity estimate of &&, server/imports/placement.ts).
CREATE FUNCTION panhuo_overlaps_refresh(parcel_ids integer[]) RETURNS void AS $$
BEGIN
  DELETE FROM parcel_overlaps WHERE a_id = ANY(parcel_ids) OR b_id = ANY(parcel_ids);
  INSERT INTO parcel_overlaps (a_id, b_id, overlap_mu)
  SELECT least(t.id, o.id), greatest(t.id, o.id), o.mu
  FROM parcels t
  CROSS JOIN LATERAL (
    SELECT x.id, ST_Area(ST_Intersection(t.geom, x.geom)::geography) / (10000.0 / 15) AS mu
    FROM parcels x
    WHERE x.geom && t.geom AND x.id <> t.id AND x.deleted_at IS NULL
      -- A pair of two refreshed parcels is found from its lower id only.
      AND (x.id > t.id OR NOT x.id = ANY(parcel_ids))
      AND ST_IsValid(x.geom) AND ST_Intersects(t.geom, x.geom)
    OFFSET 0) o
  -- An invalid boundary (which the write service refuses, but plain SQL can write) is not weighed: GEOS may throw on
  -- it, and a trigger that throws would refuse the write that brought it.
  WHERE t.id = ANY(parcel_ids) AND t.deleted_at IS NULL AND t.geom IS NOT NULL AND ST_IsValid(t.geom) AND o.mu > 0
  ON CONFLICT DO NOTHING;
END $$ LANGUAGE plpgsql;

-- Only a new boundary, or a parcel deleted or restored, moves the pairs (a parcel deleted outright cascades).
CREATE FUNCTION panhuo_overlaps_parcels_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM panhuo_overlaps_refresh(ARRAY(SELECT id FROM touched_new WHERE geom IS NOT NULL AND deleted_at IS NULL));
  ELSE
    PERFORM panhuo_overlaps_refresh(ARRAY(
      SELECT n.id FROM touched_new n JOIN touched_old o ON o.id = n.id
      WHERE n.geom IS DISTINCT FROM o.geom OR (n.deleted_at IS NULL) <> (o.deleted_at IS NULL)));
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER overlaps_parcels_ins AFTER INSERT ON parcels REFERENCING NEW TABLE AS touched_new
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_overlaps_parcels_changed();
CREATE TRIGGER overlaps_parcels_upd AFTER UPDATE ON parcels REFERENCING OLD TABLE AS touched_old NEW TABLE AS touched_new
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_overlaps_parcels_changed();

-- What is already there.
SELECT panhuo_overlaps_refresh(ARRAY(SELECT id FROM parcels WHERE geom IS NOT NULL AND deleted_at IS NULL));

-- The idle-land rule of core/idle-land.ts (classifyIdleLand: the class only; its reasons, dates and fee are core's),
-- for counting and ordering warnings in SQL. test/api/warnings-kept.test.ts holds it against core's function on the
-- demo data and on random facts.
-- One expression, no subquery, so the planner inlines it into the warnings scan.
CREATE FUNCTION panhuo_idle_class(agreed date, recorded boolean, actual date, developed double precision,
                                  investment double precision, halted date, government boolean, as_of date)
  RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN agreed IS NULL THEN 'no_agreed_date'
    WHEN NOT recorded AND as_of >= agreed THEN 'incomplete'
    WHEN actual IS NOT NULL AND actual <= as_of
         AND ((coalesce(developed, 0) >= 1::float8 / 3 AND coalesce(investment, 0) >= 0.25) OR halted IS NULL) THEN 'developing'
    -- Counted from the halt once started, else from the agreed date: idle a year later, recoverable two years later.
    WHEN (CASE WHEN actual IS NOT NULL AND actual <= as_of THEN halted ELSE agreed END + interval '1 year')::date - as_of > 90 THEN 'not_due'
    WHEN (CASE WHEN actual IS NOT NULL AND actual <= as_of THEN halted ELSE agreed END + interval '1 year')::date - as_of > 0 THEN 'due_within_90_days'
    WHEN government THEN 'government_cause'
    WHEN as_of >= (CASE WHEN actual IS NOT NULL AND actual <= as_of THEN halted ELSE agreed END + interval '2 years')::date THEN 'recoverable'
    ELSE 'idle_fee'
  END $$;
