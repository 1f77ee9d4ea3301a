-- Where the map changed, so that every server process's tile cache drops exactly the tiles an edit touches
-- (server/tiles/tile-cache.ts). One row per changed parcel with its old and new bounding box in EPSG:3857 metres, or
-- one row with no box for a change every tile may show (a unit's boundary, a campaign's tolerance).
--
-- Each row carries the data version its transaction commits with: the triggers are named to run after the data
-- version's own (same event, alphabetical order), so the version they read is already moved on and locked by this
-- transaction until it commits. A cache that has seen version V can therefore read every change after V.
CREATE TABLE tile_changes (
  version bigint NOT NULL,
  min_x   double precision,
  min_y   double precision,
  max_x   double precision,
  max_y   double precision,
  at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tile_changes_version ON tile_changes (version);

-- Boxes (EPSG:4326) of the parcels a statement wrote, one row each; a statement writing many parcels (an import, a
-- boundary change resharing a county) records their extent once, as the cache would drop those tiles anyway.
CREATE FUNCTION panhuo_record_tile_boxes(boxes geometry[]) RETURNS void AS $$
DECLARE
  current bigint := (SELECT version FROM data_version);
BEGIN
  IF cardinality(boxes) > 200 THEN
    boxes := ARRAY[ST_SetSRID((SELECT ST_Extent(b) FROM unnest(boxes) b)::geometry, 4326)];
  END IF;
  INSERT INTO tile_changes (version, min_x, min_y, max_x, max_y)
  SELECT current, ST_XMin(m), ST_YMin(m), ST_XMax(m), ST_YMax(m)
  FROM unnest(boxes) b CROSS JOIN LATERAL (SELECT ST_Transform(b, 3857) AS m) t;
END $$ LANGUAGE plpgsql;

-- (A transition table exists only for the events that have it, hence one statement per event.)
CREATE FUNCTION panhuo_parcel_tile_changes() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM panhuo_record_tile_boxes(ARRAY(SELECT ST_Envelope(geom) FROM new_rows WHERE geom IS NOT NULL));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM panhuo_record_tile_boxes(ARRAY(
      SELECT ST_Envelope(geom) FROM new_rows WHERE geom IS NOT NULL UNION SELECT ST_Envelope(geom) FROM old_rows WHERE geom IS NOT NULL));
  ELSE
    PERFORM panhuo_record_tile_boxes(ARRAY(SELECT ST_Envelope(geom) FROM old_rows WHERE geom IS NOT NULL));
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER parcels_version_tiles_insert AFTER INSERT ON parcels
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION panhuo_parcel_tile_changes();
CREATE TRIGGER parcels_version_tiles_update AFTER UPDATE ON parcels
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION panhuo_parcel_tile_changes();
CREATE TRIGGER parcels_version_tiles_delete AFTER DELETE ON parcels
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION panhuo_parcel_tile_changes();

CREATE FUNCTION panhuo_everything_tile_change() RETURNS trigger AS $$
BEGIN
  INSERT INTO tile_changes (version) SELECT version FROM data_version;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

-- Unit boundaries reshare parcels (their unit lists) and are the low zooms' picture; a campaign's tolerance decides
-- every parcel's area check.
CREATE TRIGGER units_version_tiles AFTER INSERT OR UPDATE OR DELETE ON units FOR EACH STATEMENT EXECUTE FUNCTION panhuo_everything_tile_change();
CREATE TRIGGER campaigns_version_tiles AFTER UPDATE ON campaigns FOR EACH STATEMENT EXECUTE FUNCTION panhuo_everything_tile_change();

-- Warnings are computed once per data version and kept (server/warnings/campaign-warnings.ts); an idle-land assessment
-- changes them, so it moves the version on like every other change the desk's figures depend on.
CREATE TRIGGER idle_assessments_version AFTER INSERT OR UPDATE OR DELETE ON idle_assessments FOR EACH STATEMENT EXECUTE FUNCTION panhuo_bump_version();
