-- Panhuo schema. Geometries are CGCS2000 longitude/latitude, stored as SRID 4326 (they agree to centimetres).
-- Areas are computed from geometry, never stored by hand: ellipsoidal area on the spheroid (geography).

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE units (
  id          serial PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  full_name   text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('city', 'county', 'zone', 'town')),
  parent_id   integer REFERENCES units(id),
  -- Zones have no public boundary; an illustrative one is drawn and marked so.
  boundary_illustrative boolean NOT NULL DEFAULT false,
  boundary_note text,
  boundary    geometry(MultiPolygon, 4326)
);
CREATE INDEX units_boundary_gix ON units USING gist (boundary);

CREATE TABLE campaigns (
  id            serial PRIMARY KEY,
  key           text NOT NULL UNIQUE,
  name          text NOT NULL,
  document      text,
  level_unit_id integer NOT NULL REFERENCES units(id),
  start_date    date NOT NULL,
  end_date      date NOT NULL CHECK (end_date >= start_date),
  task_types    text[] NOT NULL,
  tolerance_relative    double precision NOT NULL DEFAULT 0.01 CHECK (tolerance_relative BETWEEN 0 AND 0.5),
  tolerance_absolute_mu double precision NOT NULL DEFAULT 0.5 CHECK (tolerance_absolute_mu BETWEEN 0 AND 100),
  phases        jsonb NOT NULL DEFAULT '[]',
  is_demo       boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaign_units (
  campaign_id integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  unit_id     integer NOT NULL REFERENCES units(id),
  sort_order  integer NOT NULL,
  PRIMARY KEY (campaign_id, unit_id)
);

CREATE TABLE milestones (
  campaign_id integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  date        date NOT NULL,
  target_pct  double precision NOT NULL CHECK (target_pct > 0 AND target_pct <= 100),
  label       text,
  PRIMARY KEY (campaign_id, date)
);

-- The task each unit must dispose of, per task type (附件4 in Zhumadian). A row with no unit is a total row
-- as the document states it (合计), kept so reconciliation can compare it with the sum of the unit rows.
CREATE TABLE tasks (
  id          serial PRIMARY KEY,
  campaign_id integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  unit_id     integer REFERENCES units(id),
  row_label   text,
  task_type   text NOT NULL CHECK (task_type IN ('approved_not_supplied', 'idle', 'inefficient')),
  task_mu     double precision CHECK (task_mu >= 0),
  document    text NOT NULL
);
CREATE UNIQUE INDEX tasks_unit_type ON tasks (campaign_id, unit_id, task_type) WHERE unit_id IS NOT NULL;

-- The inputs a task derives from (附件2: approved / supplied / unsupplied and the assigned rate;
-- 附件3: per source list, parcel count and area and the rate), row by row as the document gives them.
CREATE TABLE task_bases (
  id            serial PRIMARY KEY,
  campaign_id   integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  unit_id       integer REFERENCES units(id),
  row_label     text,
  document      text NOT NULL,
  base_list     text NOT NULL,
  task_type     text NOT NULL CHECK (task_type IN ('approved_not_supplied', 'idle', 'inefficient')),
  approved_mu   double precision,
  supplied_mu   double precision,
  unsupplied_mu double precision,
  parcel_count  integer,
  area_mu       double precision,
  rate          double precision,
  task_mu       double precision,
  sort_order    integer NOT NULL
);

CREATE TABLE parcels (
  id                  serial PRIMARY KEY,
  campaign_id         integer NOT NULL REFERENCES campaigns(id),
  code                text NOT NULL,
  project_name        text NOT NULL,
  category            text NOT NULL CHECK (category IN ('approved_not_expropriated', 'expropriated_not_supplied', 'used_before_supply', 'idle', 'inefficient')),
  status              text NOT NULL CHECK (status IN ('registered', 'planned', 'in_progress', 'disposed', 'struck_off')),
  unit_id             integer REFERENCES units(id),
  geom                geometry(MultiPolygon, 4326),
  ledger_mu           double precision NOT NULL CHECK (ledger_mu > 0),
  approval_batch      text,
  approval_number     text,
  approval_date       date,
  approved_mu         double precision CHECK (approved_mu >= 0),
  supervision_number  text,
  supply_method       text,
  supply_date         date,
  supply_price_wan    double precision CHECK (supply_price_wan >= 0),
  land_use            text,
  land_user           text,
  agreed_start_date   date,
  reasons             text,
  source_lists        text[] NOT NULL DEFAULT '{}',
  disposal_method     text,
  responsible_person  text,
  remarks             text,
  is_demo             boolean NOT NULL DEFAULT false,
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  deleted_at          timestamptz,
  -- Ellipsoidal area of the boundary in mu, kept by a trigger so filters and tiles need not recompute it.
  area_mu             double precision,
  UNIQUE (campaign_id, code)
);
CREATE INDEX parcels_geom_gix ON parcels USING gist (geom);
CREATE INDEX parcels_campaign ON parcels (campaign_id);
CREATE INDEX parcels_supervision ON parcels (supervision_number);

CREATE TABLE disposal_records (
  id         serial PRIMARY KEY,
  parcel_id  integer NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
  date       date NOT NULL,
  mu         double precision NOT NULL CHECK (mu > 0),
  method     text NOT NULL,
  note       text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX disposal_records_parcel ON disposal_records (parcel_id, date);

-- Every change to a parcel, with the row before and after (JSON, geometry as GeoJSON).
CREATE TABLE parcel_history (
  id         bigserial PRIMARY KEY,
  parcel_id  integer NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
  version    integer NOT NULL,
  action     text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
  actor      text NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  before     jsonb,
  after      jsonb
);
CREATE INDEX parcel_history_parcel ON parcel_history (parcel_id, id);

-- Which units a parcel lies in, and what share of its ellipsoidal area lies in each. Progress by unit is summed
-- through this table, so a parcel straddling two units counts in each by its share. Kept by triggers.
CREATE TABLE parcel_unit_shares (
  parcel_id integer NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
  unit_id   integer NOT NULL REFERENCES units(id) ON DELETE CASCADE,
  share     double precision NOT NULL CHECK (share > 0 AND share <= 1.000001),
  PRIMARY KEY (parcel_id, unit_id)
);
CREATE INDEX parcel_unit_shares_unit ON parcel_unit_shares (unit_id);

-- Recomputes the unit shares of the given parcels in one set-based statement: each unit boundary is then the
-- same first argument row after row, so GEOS's prepared-geometry cache makes ST_Covers cheap even for 100k parcels.
CREATE FUNCTION panhuo_reshare(parcel_ids integer[]) RETURNS void AS $$
BEGIN
  DELETE FROM parcel_unit_shares WHERE parcel_id = ANY(parcel_ids);
  INSERT INTO parcel_unit_shares (parcel_id, unit_id, share)
  SELECT p.id, u.id, s.share
  FROM parcels p
  JOIN units u ON u.boundary && p.geom AND ST_Intersects(u.boundary, p.geom)
  CROSS JOIN LATERAL (
    SELECT CASE WHEN ST_Covers(u.boundary, p.geom) THEN 1.0
                ELSE LEAST(1.0, ST_Area(ST_Intersection(u.boundary, p.geom)::geography) / NULLIF(ST_Area(p.geom::geography), 0))
           END AS share
  ) s
  WHERE p.id = ANY(parcel_ids) AND s.share > 1e-9;
  -- Adjacent boundaries never meet exactly: slivers between them leave shares summing to 0.9999… or 1.0001….
  -- A parcel covered by units to within 0.1% counts in full; one really reaching outside keeps its partial shares.
  UPDATE parcel_unit_shares s SET share = s.share / t.total
  FROM (SELECT parcel_id, sum(share) AS total FROM parcel_unit_shares WHERE parcel_id = ANY(parcel_ids) GROUP BY parcel_id) t
  WHERE s.parcel_id = t.parcel_id AND t.total BETWEEN 0.999 AND 1.001 AND t.total <> 1;
  -- A parcel with no boundary, or lying in no unit with a boundary (e.g. Anze's towns, which have none yet),
  -- counts wholly in its stored unit.
  INSERT INTO parcel_unit_shares (parcel_id, unit_id, share)
  SELECT p.id, p.unit_id, 1.0 FROM parcels p
  WHERE p.id = ANY(parcel_ids) AND p.unit_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM parcel_unit_shares s WHERE s.parcel_id = p.id);
END $$ LANGUAGE plpgsql;

CREATE FUNCTION panhuo_parcel_before() RETURNS trigger AS $$
BEGIN
  NEW.area_mu := CASE WHEN NEW.geom IS NULL THEN NULL ELSE ST_Area(NEW.geom::geography) / (10000.0 / 15.0) END;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER parcels_area BEFORE INSERT OR UPDATE OF geom ON parcels
  FOR EACH ROW EXECUTE FUNCTION panhuo_parcel_before();

-- Statement-level, with transition tables, so a bulk insert or import reshares all its parcels at once.
CREATE FUNCTION panhuo_parcels_inserted() RETURNS trigger AS $$
BEGIN
  PERFORM panhuo_reshare(ARRAY(SELECT id FROM new_rows));
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER parcels_shares_insert AFTER INSERT ON parcels
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION panhuo_parcels_inserted();

CREATE FUNCTION panhuo_parcels_updated() RETURNS trigger AS $$
BEGIN
  PERFORM panhuo_reshare(ARRAY(
    SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.geom IS DISTINCT FROM o.geom OR n.unit_id IS DISTINCT FROM o.unit_id));
  RETURN NULL;
END $$ LANGUAGE plpgsql;

-- (Transition tables cannot go with a column list, so this fires on every update and filters itself.)
CREATE TRIGGER parcels_shares_update AFTER UPDATE ON parcels
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION panhuo_parcels_updated();

-- When a unit's boundary changes, every parcel near the old or new boundary, or stored in the unit, is re-shared.
CREATE FUNCTION panhuo_unit_after() RETURNS trigger AS $$
BEGIN
  PERFORM panhuo_reshare(ARRAY(
    SELECT p.id FROM parcels p
    WHERE (NEW.boundary IS NOT NULL AND p.geom && NEW.boundary)
       OR (TG_OP = 'UPDATE' AND OLD.boundary IS NOT NULL AND p.geom && OLD.boundary)
       OR p.unit_id = NEW.id));
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER units_shares AFTER INSERT OR UPDATE OF boundary ON units
  FOR EACH ROW EXECUTE FUNCTION panhuo_unit_after();

-- The ledger check for tiles, which are encoded in SQL. Mirrors checkLedgerArea in core/ledger-check.ts;
-- test/api/tiles.test.ts holds the two to the same answers.
CREATE FUNCTION panhuo_area_ok(ledger_mu double precision, area_mu double precision, rel double precision, abs_mu double precision)
  RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT abs(ledger_mu - area_mu) <= greatest(abs_mu, abs(ledger_mu) * rel) $$;
