-- Progress stays cheap as the ledger grows: disposed mu per campaign, unit, category and day, kept by the same
-- transaction that changes a disposal, a parcel, its unit shares or a campaign's scope. Progress on any date, the
-- weekly replay and the wall then sum a few hundred rows instead of joining every disposal of every parcel.
--
-- Two levels, so every change is exact and order-proof:
--   progress_parts — each parcel's contributions (disposal × unit share, counted in each campaign whose scope holds
--     the parcel), recomputed whole for the parcels a statement touched (idempotent: a parcel deleted outright, with
--     its disposals cascading away, simply contributes nothing);
--   progress_sums  — the sums of the parts, moved by exactly the rows the parts lost and gained.
-- numeric, not float8: a contribution added and later taken away must leave exactly zero behind.
-- The campaign's units (campaign_units) are applied when reading, as before, so adding a unit to a campaign needs no
-- recomputation. server/campaigns/progress.ts reads them; test/api/progress-sums.test.ts checks them against the join.

CREATE TABLE progress_parts (
  parcel_id   integer NOT NULL,
  campaign_id integer NOT NULL,
  unit_id     integer NOT NULL,
  category    text    NOT NULL,
  day         date    NOT NULL,
  mu          numeric NOT NULL
);
CREATE INDEX progress_parts_parcel ON progress_parts (parcel_id);

CREATE TABLE progress_sums (
  campaign_id integer NOT NULL,
  unit_id     integer NOT NULL,
  category    text    NOT NULL,
  day         date    NOT NULL,
  mu          numeric NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, category, day)
);

-- The contributions of the given parcels as they stand now (the same rule progress used to compute on the fly).
CREATE FUNCTION panhuo_progress_refresh(parcel_ids integer[]) RETURNS void AS $$
BEGIN
  DELETE FROM progress_parts WHERE parcel_id = ANY(parcel_ids);
  INSERT INTO progress_parts (parcel_id, campaign_id, unit_id, category, day, mu)
  SELECT p.id, cp.campaign_id, s.unit_id, p.category, d.date, sum(d.mu::numeric * s.share::numeric)
  FROM parcels p
  JOIN disposal_records d ON d.parcel_id = p.id
  JOIN parcel_unit_shares s ON s.parcel_id = p.id
  JOIN campaign_parcels cp ON cp.parcel_id = p.id
  WHERE p.id = ANY(parcel_ids) AND p.deleted_at IS NULL
  GROUP BY p.id, cp.campaign_id, s.unit_id, p.category, d.date;
END $$ LANGUAGE plpgsql;

-- Statement-level, with the rows the statement changed. A transition table exists only for the events that have it
-- (and PostgreSQL allows them on one event per trigger), hence one trigger per event below, all calling this.
CREATE FUNCTION panhuo_progress_touched() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM panhuo_progress_refresh(ARRAY(SELECT DISTINCT parcel_id FROM touched_new));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM panhuo_progress_refresh(ARRAY(SELECT DISTINCT parcel_id FROM touched_old));
  ELSE
    PERFORM panhuo_progress_refresh(ARRAY(SELECT parcel_id FROM touched_old UNION SELECT parcel_id FROM touched_new));
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

-- Parcels name themselves `id`, not `parcel_id`; only a change of what progress reads matters.
CREATE FUNCTION panhuo_progress_parcels_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM panhuo_progress_refresh(ARRAY(SELECT id FROM touched_old));
  ELSE
    PERFORM panhuo_progress_refresh(ARRAY(
      SELECT n.id FROM touched_new n JOIN touched_old o ON o.id = n.id
      WHERE n.category IS DISTINCT FROM o.category OR (n.deleted_at IS NULL) <> (o.deleted_at IS NULL)));
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER progress_disposals_ins AFTER INSERT ON disposal_records REFERENCING NEW TABLE AS touched_new
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_touched();
CREATE TRIGGER progress_disposals_del AFTER DELETE ON disposal_records REFERENCING OLD TABLE AS touched_old
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_touched();
CREATE TRIGGER progress_disposals_upd AFTER UPDATE ON disposal_records REFERENCING OLD TABLE AS touched_old NEW TABLE AS touched_new
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_touched();

CREATE TRIGGER progress_shares_ins AFTER INSERT ON parcel_unit_shares REFERENCING NEW TABLE AS touched_new
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_touched();
CREATE TRIGGER progress_shares_del AFTER DELETE ON parcel_unit_shares REFERENCING OLD TABLE AS touched_old
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_touched();
CREATE TRIGGER progress_shares_upd AFTER UPDATE ON parcel_unit_shares REFERENCING OLD TABLE AS touched_old NEW TABLE AS touched_new
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_touched();

CREATE TRIGGER progress_scope_ins AFTER INSERT ON campaign_parcels REFERENCING NEW TABLE AS touched_new
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_touched();
CREATE TRIGGER progress_scope_del AFTER DELETE ON campaign_parcels REFERENCING OLD TABLE AS touched_old
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_touched();
CREATE TRIGGER progress_scope_upd AFTER UPDATE ON campaign_parcels REFERENCING OLD TABLE AS touched_old NEW TABLE AS touched_new
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_touched();

CREATE TRIGGER progress_parcels_upd AFTER UPDATE ON parcels REFERENCING OLD TABLE AS touched_old NEW TABLE AS touched_new
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_parcels_changed();
CREATE TRIGGER progress_parcels_del AFTER DELETE ON parcels REFERENCING OLD TABLE AS touched_old
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_parcels_changed();

-- The parts move the sums by exactly what they lost and gained; a sum that reaches zero goes.
CREATE FUNCTION panhuo_progress_sums_add() RETURNS trigger AS $$
BEGIN
  INSERT INTO progress_sums AS t (campaign_id, unit_id, category, day, mu)
  SELECT campaign_id, unit_id, category, day, sum(mu) FROM parts_new GROUP BY 1, 2, 3, 4
  ON CONFLICT (campaign_id, unit_id, category, day) DO UPDATE SET mu = t.mu + EXCLUDED.mu;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE FUNCTION panhuo_progress_sums_subtract() RETURNS trigger AS $$
BEGIN
  UPDATE progress_sums t SET mu = t.mu - o.mu
  FROM (SELECT campaign_id, unit_id, category, day, sum(mu) AS mu FROM parts_old GROUP BY 1, 2, 3, 4) o
  WHERE (t.campaign_id, t.unit_id, t.category, t.day) = (o.campaign_id, o.unit_id, o.category, o.day);
  DELETE FROM progress_sums t USING (SELECT DISTINCT campaign_id, unit_id, category, day FROM parts_old) o
  WHERE (t.campaign_id, t.unit_id, t.category, t.day) = (o.campaign_id, o.unit_id, o.category, o.day) AND t.mu = 0;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

-- What is already there, before the parts begin to move the sums.
SELECT panhuo_progress_refresh(ARRAY(SELECT id FROM parcels));
INSERT INTO progress_sums (campaign_id, unit_id, category, day, mu)
SELECT campaign_id, unit_id, category, day, sum(mu) FROM progress_parts GROUP BY 1, 2, 3, 4;

CREATE TRIGGER progress_parts_ins AFTER INSERT ON progress_parts REFERENCING NEW TABLE AS parts_new
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_sums_add();
CREATE TRIGGER progress_parts_del AFTER DELETE ON progress_parts REFERENCING OLD TABLE AS parts_old
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_sums_subtract();
