/**
 * Progress counts each disposal under the category the parcel was in when the disposal was made, not the one it is in
 * now (issue 16: a change of category is a dated event, never an overwrite). Before this, a 征而未供 parcel supplied
 * in 2021 and declared idle (认定闲置) in 2023 moved its 2021 disposal from the 批而未供 task to the 闲置土地 task, and
 * the 2021 campaign's figures changed two years later.
 *
 * Which category a disposal counts under is core's rule (core/parcel-life/standing.ts disposalCategories: the standing
 * just before the disposal, same-day events recorded before it included). Why kept per disposal and not read from
 * parcel_periods on the disposal's day: a period holds the day's END — land supplied on the day its 供应 disposal was
 * recorded is out of the five categories by then, and the disposal would count toward no task. So keepPeriods
 * (server/parcel-life/periods.ts), which every writing transaction already calls after the parcel and disposal rows
 * are written, keeps disposal_categories by the same replay; progress (030) reads it, and follows it by its triggers.
 * A disposal with no row — of a parcel written by plain SQL, whose life is read from its record — counts under the
 * record's category, as before. A disposal in a row with no category (land in none of the five that day) counts toward
 * no task, as the yearly figures already had it (core/across-years).
 */
import type { CodeMigration } from '../../server/db/migrate.ts';
import { keepPeriods } from '../../server/parcel-life/periods.ts';

const migration: CodeMigration = async (tx) => {
  await tx.exec(`
    CREATE TABLE disposal_categories (
      disposal_id integer PRIMARY KEY REFERENCES disposal_records (id) ON DELETE CASCADE,
      parcel_id   integer NOT NULL,
      category    text CHECK (category IN ('approved_not_expropriated', 'expropriated_not_supplied', 'used_before_supply', 'idle', 'inefficient'))
    );
    CREATE INDEX disposal_categories_parcel ON disposal_categories (parcel_id);
  `);
  // Every disposal's category, before the triggers below exist (the parts are recomputed once, at the end).
  const parcels = await tx.query<{ id: number }>('SELECT id FROM parcels ORDER BY id');
  await keepPeriods(tx, parcels.map((p) => p.id));

  await tx.exec(`
    CREATE OR REPLACE FUNCTION panhuo_progress_refresh(parcel_ids integer[]) RETURNS void AS $$
    BEGIN
      DELETE FROM progress_parts WHERE parcel_id = ANY(parcel_ids);
      INSERT INTO progress_parts (parcel_id, campaign_id, unit_id, category, day, mu)
      SELECT p.id, cp.campaign_id, s.unit_id, CASE WHEN dc.disposal_id IS NULL THEN p.category ELSE dc.category END, d.date,
             sum(d.mu::numeric * s.share::numeric)
      FROM parcels p
      JOIN disposal_records d ON d.parcel_id = p.id
      LEFT JOIN disposal_categories dc ON dc.disposal_id = d.id
      JOIN parcel_unit_shares s ON s.parcel_id = p.id
      JOIN campaign_parcels cp ON cp.parcel_id = p.id
      WHERE p.id = ANY(parcel_ids) AND p.deleted_at IS NULL AND (dc.disposal_id IS NULL OR dc.category IS NOT NULL)
      GROUP BY 1, 2, 3, 4, 5;
    END $$ LANGUAGE plpgsql;

    -- keepPeriods writes the categories after the disposal rows' own triggers have run (with the record's category):
    -- what it changes refreshes those parcels again. A row saying the record's category changes nothing (the fallback
    -- said the same; a later change of the record refreshes the parcel anyway), so an import, whose disposals count
    -- under the category the parcels were registered with, does not refresh its parcels a second time.
    CREATE FUNCTION panhuo_progress_categories_changed() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM panhuo_progress_refresh(ARRAY(SELECT DISTINCT t.parcel_id FROM touched_new t JOIN parcels p ON p.id = t.parcel_id
                                              WHERE t.category IS DISTINCT FROM p.category));
      ELSE
        PERFORM panhuo_progress_refresh(ARRAY(SELECT DISTINCT t.parcel_id FROM touched_old t JOIN parcels p ON p.id = t.parcel_id
                                              WHERE t.category IS DISTINCT FROM p.category));
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER progress_disposal_categories_ins AFTER INSERT ON disposal_categories REFERENCING NEW TABLE AS touched_new
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_categories_changed();
    CREATE TRIGGER progress_disposal_categories_del AFTER DELETE ON disposal_categories REFERENCING OLD TABLE AS touched_old
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_progress_categories_changed();

    -- An event can move a disposal's category without touching the parcel's row (a 认定闲置 re-dated): progress is
    -- cached per data version, so the version moves too.
    CREATE TRIGGER disposal_categories_version AFTER INSERT OR DELETE ON disposal_categories
      FOR EACH STATEMENT EXECUTE FUNCTION panhuo_bump_version();

    -- The parts and sums from scratch, as 030 set them up (the sums follow the parts inserted into empty tables).
    TRUNCATE progress_parts, progress_sums;
    SELECT panhuo_progress_refresh(ARRAY(SELECT id FROM parcels));
  `);
};
export default migration;
