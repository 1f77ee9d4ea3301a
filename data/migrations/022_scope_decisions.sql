-- What a campaign counts now moves its figures: a person's inclusion or exclusion (campaign_scope_decisions) changes
-- campaign_parcels, and a parcel's stored life (parcel_events) changes the 历年 figures. Both move the data version
-- (migration 004), so cached progress, ranks and 历年 answers are recomputed and the wall refetches.
CREATE TRIGGER campaign_parcels_bump_version AFTER INSERT OR UPDATE OR DELETE ON campaign_parcels
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_bump_version();
CREATE TRIGGER scope_decisions_bump_version AFTER INSERT OR UPDATE OR DELETE ON campaign_scope_decisions
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_bump_version();
CREATE TRIGGER parcel_events_bump_version AFTER INSERT OR UPDATE OR DELETE ON parcel_events
  FOR EACH STATEMENT EXECUTE FUNCTION panhuo_bump_version();

-- Every scope decision made or taken back, kept: who, when, why (campaign_scope_decisions holds only the one in force).
CREATE TABLE campaign_scope_decision_log (
  id          bigserial PRIMARY KEY,
  campaign_id integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  parcel_id   integer NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
  action      text NOT NULL CHECK (action IN ('include', 'exclude', 'revoke')),
  reason      text NOT NULL,
  actor       text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX campaign_scope_decision_log_campaign ON campaign_scope_decision_log (campaign_id, parcel_id, id);
