/**
 * Warning counts at a province's scale (issue 12): at 100k parcels on PostGIS the counts took 2 s cold, most of it
 * spent finding the warnings that never depend on the date — 无处置方案, 面积不符, 重复上图 — in every open parcel
 * joined with its campaign's scope. They are now kept per campaign by the transaction that changes what they are
 * made of (server/warnings/kept.ts holds the rules), as migration 030 keeps progress:
 *   warning_keys   — each standing warning of a campaign: what a page reads, ordered by an index;
 *   warning_counts — their number per campaign, kind, severity and unit, moved by exactly the keys added and removed.
 * What moves them: a parcel's fields the rules read, its boundary (the kept overlaps of migration 024 are refreshed
 * first: triggers of one event fire in name order, `overlaps_…` before `warnings_…`), its deletion or restoration, a
 * campaign's scope, and a campaign's tolerance or overlap threshold. A new parcel enters through its scope row
 * (migration 020 adds it after the parcel's overlaps are kept); a parcel or campaign deleted outright cascades.
 * 久未更新 depends on the date: warning_stale keeps when each open record last changed (also moved by its disposals
 * and assessment), and sql.ts asks which are stale on a date; idle land is asked per date through an index here.
 */
import type { CodeMigration } from '../../server/db/migrate.ts';
import { KEPT_WARNINGS_FUNCTIONS } from '../../server/warnings/kept.ts';

const migration: CodeMigration = async (tx) => {
  await tx.exec(`
    CREATE TABLE warning_keys (
      campaign_id integer NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
      kind        text    NOT NULL,
      severity    text    NOT NULL,
      unit_id     integer,
      parcel_id   integer NOT NULL REFERENCES parcels (id) ON DELETE CASCADE,
      -- 重复上图: the earlier parcel of the pair.
      other_id    integer REFERENCES parcels (id) ON DELETE CASCADE,
      code        text    NOT NULL,
      id          text    NOT NULL,
      PRIMARY KEY (campaign_id, id)
    );
    CREATE INDEX warning_keys_parcel ON warning_keys (parcel_id);
    CREATE INDEX warning_keys_other ON warning_keys (other_id) WHERE other_id IS NOT NULL;
    -- A page in the warnings' order within a kind, severity and unit (no unit: 0, unit ids start at 1).
    CREATE INDEX warning_keys_order ON warning_keys (campaign_id, kind, severity, (coalesce(unit_id, 0)), code COLLATE "C", id COLLATE "C");

    -- 久未更新 on any date: when each open record of a campaign last changed (China date).
    CREATE TABLE warning_stale (
      campaign_id  integer NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
      parcel_id    integer NOT NULL REFERENCES parcels (id) ON DELETE CASCADE,
      unit_id      integer,
      code         text    NOT NULL,
      last_updated date    NOT NULL,
      PRIMARY KEY (campaign_id, parcel_id)
    );
    CREATE INDEX warning_stale_parcel ON warning_stale (parcel_id);
    CREATE INDEX warning_stale_since ON warning_stale (campaign_id, last_updated) INCLUDE (unit_id);

    CREATE TABLE warning_counts (
      campaign_id integer NOT NULL,
      kind        text    NOT NULL,
      severity    text    NOT NULL,
      unit_id     integer,
      n           integer NOT NULL,
      UNIQUE NULLS NOT DISTINCT (campaign_id, kind, severity, unit_id)
    );

    ${KEPT_WARNINGS_FUNCTIONS}

    CREATE FUNCTION panhuo_warning_counts_add() RETURNS trigger AS $$
    BEGIN
      INSERT INTO warning_counts AS t (campaign_id, kind, severity, unit_id, n)
      SELECT campaign_id, kind, severity, unit_id, count(*) FROM keys_new GROUP BY 1, 2, 3, 4
      ON CONFLICT (campaign_id, kind, severity, unit_id) DO UPDATE SET n = t.n + EXCLUDED.n;
      RETURN NULL;
    END $$ LANGUAGE plpgsql;

    CREATE FUNCTION panhuo_warning_counts_subtract() RETURNS trigger AS $$
    BEGIN
      UPDATE warning_counts t SET n = t.n - o.n
      FROM (SELECT campaign_id, kind, severity, unit_id, count(*) AS n FROM keys_old GROUP BY 1, 2, 3, 4) o
      WHERE (t.campaign_id, t.kind, t.severity) = (o.campaign_id, o.kind, o.severity) AND t.unit_id IS NOT DISTINCT FROM o.unit_id;
      DELETE FROM warning_counts WHERE n = 0;
      RETURN NULL;
    END $$ LANGUAGE plpgsql;

    -- What is already there, before the keys begin to move the counts.
    SELECT panhuo_warnings_refresh(ARRAY(SELECT id FROM parcels));
    INSERT INTO warning_counts (campaign_id, kind, severity, unit_id, n)
    SELECT campaign_id, kind, severity, unit_id, count(*) FROM warning_keys GROUP BY 1, 2, 3, 4;

    CREATE TRIGGER warning_keys_ins AFTER INSERT ON warning_keys REFERENCING NEW TABLE AS keys_new
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_warning_counts_add();
    CREATE TRIGGER warning_keys_del AFTER DELETE ON warning_keys REFERENCING OLD TABLE AS keys_old
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_warning_counts_subtract();

    -- Only a change of what the rules read moves the keys.
    CREATE FUNCTION panhuo_warnings_parcels_changed() RETURNS trigger AS $$
    BEGIN
      PERFORM panhuo_warnings_refresh(ARRAY(
        SELECT n.id FROM touched_new n JOIN touched_old o ON o.id = n.id
        WHERE (n.status, n.disposal_method, n.unit_id, n.code, n.ledger_mu, n.area_mu, n.deleted_at IS NULL, n.geom, n.updated_at)
              IS DISTINCT FROM (o.status, o.disposal_method, o.unit_id, o.code, o.ledger_mu, o.area_mu, o.deleted_at IS NULL, o.geom, o.updated_at)));
      RETURN NULL;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER warnings_parcels_upd AFTER UPDATE ON parcels REFERENCING OLD TABLE AS touched_old NEW TABLE AS touched_new
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_warnings_parcels_changed();

    CREATE FUNCTION panhuo_warnings_scope_changed() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM panhuo_warnings_refresh(ARRAY(SELECT DISTINCT parcel_id FROM touched_new));
      ELSIF TG_OP = 'DELETE' THEN
        PERFORM panhuo_warnings_refresh(ARRAY(SELECT DISTINCT parcel_id FROM touched_old));
      ELSE
        PERFORM panhuo_warnings_refresh(ARRAY(SELECT parcel_id FROM touched_old UNION SELECT parcel_id FROM touched_new));
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER warnings_scope_ins AFTER INSERT ON campaign_parcels REFERENCING NEW TABLE AS touched_new
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_warnings_scope_changed();
    CREATE TRIGGER warnings_scope_del AFTER DELETE ON campaign_parcels REFERENCING OLD TABLE AS touched_old
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_warnings_scope_changed();
    CREATE TRIGGER warnings_scope_upd AFTER UPDATE ON campaign_parcels REFERENCING OLD TABLE AS touched_old NEW TABLE AS touched_new
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_warnings_scope_changed();

    -- A disposal or an assessment recorded, changed or removed: the record changed (久未更新), nothing else kept.
    CREATE FUNCTION panhuo_warnings_record_changed() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM panhuo_warnings_stale_refresh(ARRAY(SELECT DISTINCT parcel_id FROM touched_new));
      ELSIF TG_OP = 'DELETE' THEN
        PERFORM panhuo_warnings_stale_refresh(ARRAY(SELECT DISTINCT parcel_id FROM touched_old));
      ELSE
        PERFORM panhuo_warnings_stale_refresh(ARRAY(SELECT parcel_id FROM touched_old UNION SELECT parcel_id FROM touched_new));
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER warnings_disposals_ins AFTER INSERT ON disposal_records REFERENCING NEW TABLE AS touched_new
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_warnings_record_changed();
    CREATE TRIGGER warnings_disposals_del AFTER DELETE ON disposal_records REFERENCING OLD TABLE AS touched_old
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_warnings_record_changed();
    CREATE TRIGGER warnings_disposals_upd AFTER UPDATE ON disposal_records REFERENCING OLD TABLE AS touched_old NEW TABLE AS touched_new
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_warnings_record_changed();
    CREATE TRIGGER warnings_assessments_ins AFTER INSERT ON idle_assessments REFERENCING NEW TABLE AS touched_new
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_warnings_record_changed();
    CREATE TRIGGER warnings_assessments_del AFTER DELETE ON idle_assessments REFERENCING OLD TABLE AS touched_old
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_warnings_record_changed();
    CREATE TRIGGER warnings_assessments_upd AFTER UPDATE ON idle_assessments REFERENCING OLD TABLE AS touched_old NEW TABLE AS touched_new
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_warnings_record_changed();

    -- A campaign's tolerance (面积不符) or overlap threshold (重复上图) changed: its parcels are weighed again.
    CREATE FUNCTION panhuo_warnings_campaigns_changed() RETURNS trigger AS $$
    BEGIN
      PERFORM panhuo_warnings_refresh(ARRAY(
        SELECT DISTINCT cp.parcel_id FROM touched_new n JOIN touched_old o ON o.id = n.id JOIN campaign_parcels cp ON cp.campaign_id = n.id
        WHERE (n.tolerance_relative, n.tolerance_absolute_mu, n.overlap_threshold_mu)
              IS DISTINCT FROM (o.tolerance_relative, o.tolerance_absolute_mu, o.overlap_threshold_mu)));
      RETURN NULL;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER warnings_campaigns_upd AFTER UPDATE ON campaigns REFERENCING OLD TABLE AS touched_old NEW TABLE AS touched_new
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_warnings_campaigns_changed();

    -- Idle land, asked per date: the parcels its rules may apply to.
    CREATE INDEX parcels_idle_live ON parcels (id) WHERE category = 'idle' AND deleted_at IS NULL;
  `);
};
export default migration;
