-- One counter that every change to what progress depends on moves forward (parcels, their unit shares, disposal
-- records, tasks, milestones, units). Caches and the wall's live updates compare against it; because it lives in the
-- database, several server processes on one PostgreSQL agree on it.
CREATE TABLE data_version (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  version  bigint NOT NULL
);
INSERT INTO data_version (version) VALUES (1);

CREATE FUNCTION panhuo_bump_version() RETURNS trigger AS $$
BEGIN
  UPDATE data_version SET version = version + 1;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER parcels_version AFTER INSERT OR UPDATE OR DELETE ON parcels FOR EACH STATEMENT EXECUTE FUNCTION panhuo_bump_version();
CREATE TRIGGER disposals_version AFTER INSERT OR UPDATE OR DELETE ON disposal_records FOR EACH STATEMENT EXECUTE FUNCTION panhuo_bump_version();
CREATE TRIGGER tasks_version AFTER INSERT OR UPDATE OR DELETE ON tasks FOR EACH STATEMENT EXECUTE FUNCTION panhuo_bump_version();
CREATE TRIGGER milestones_version AFTER INSERT OR UPDATE OR DELETE ON milestones FOR EACH STATEMENT EXECUTE FUNCTION panhuo_bump_version();
CREATE TRIGGER units_version AFTER INSERT OR UPDATE OR DELETE ON units FOR EACH STATEMENT EXECUTE FUNCTION panhuo_bump_version();
CREATE TRIGGER campaigns_version AFTER UPDATE ON campaigns FOR EACH STATEMENT EXECUTE FUNCTION panhuo_bump_version();
