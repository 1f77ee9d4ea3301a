-- The standing ledger (台账): parcels outlive campaigns. A parcel belongs to the ledger of a bureau — the level unit
-- of the campaign it was registered in (驻马店市, 安泽县) — and its code is unique in that ledger, not per campaign.
-- parcels.campaign_id now only says which campaign registered it (登记于). A campaign counts the parcels of its
-- scope (campaign_parcels): those its rules take from the ledger on its base date (core/parcel-life/scope.ts),
-- plus those registered during it, plus a person's inclusions, less their exclusions.
ALTER TABLE parcels ADD COLUMN ledger_unit_id integer REFERENCES units(id);
UPDATE parcels p SET ledger_unit_id = c.level_unit_id FROM campaigns c WHERE c.id = p.campaign_id;
ALTER TABLE parcels ALTER COLUMN ledger_unit_id SET NOT NULL;
ALTER TABLE parcels DROP CONSTRAINT parcels_campaign_id_code_key;
ALTER TABLE parcels ADD CONSTRAINT parcels_ledger_code_key UNIQUE (ledger_unit_id, code);
CREATE INDEX parcels_ledger ON parcels (ledger_unit_id);

-- Every way a parcel is inserted (the write service, bulk loaders) lands in its campaign's ledger and scope.
CREATE FUNCTION panhuo_parcel_ledger() RETURNS trigger AS $$
BEGIN
  IF NEW.ledger_unit_id IS NULL THEN
    SELECT level_unit_id INTO NEW.ledger_unit_id FROM campaigns WHERE id = NEW.campaign_id;
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER parcels_ledger BEFORE INSERT ON parcels FOR EACH ROW EXECUTE FUNCTION panhuo_parcel_ledger();

-- Which parcels a campaign counts, and why (in words for the person reviewing its scope).
CREATE TABLE campaign_parcels (
  campaign_id integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  parcel_id   integer NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
  reason      text NOT NULL,
  PRIMARY KEY (campaign_id, parcel_id)
);
CREATE INDEX campaign_parcels_parcel ON campaign_parcels (parcel_id);
INSERT INTO campaign_parcels (campaign_id, parcel_id, reason) SELECT campaign_id, id, '登记于本次行动' FROM parcels;

CREATE FUNCTION panhuo_parcels_registered() RETURNS trigger AS $$
BEGIN
  INSERT INTO campaign_parcels (campaign_id, parcel_id, reason) SELECT campaign_id, id, '登记于本次行动' FROM new_rows
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER parcels_registered AFTER INSERT ON parcels
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION panhuo_parcels_registered();

-- A campaign's scope rules: its base date (e.g. 截至2021年3月底), categories, source lists (empty: all) and approval
-- years (null: any); the campaign it was proposed from, for 新建年度行动.
CREATE TABLE campaign_scopes (
  campaign_id          integer PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
  base_date            date NOT NULL,
  categories           text[] NOT NULL,
  source_lists         text[] NOT NULL DEFAULT '{}',
  approval_year_from   integer CHECK (approval_year_from BETWEEN 1949 AND 2100),
  approval_year_to     integer CHECK (approval_year_to BETWEEN 1949 AND 2100),
  previous_campaign_id integer REFERENCES campaigns(id)
);
INSERT INTO campaign_scopes (campaign_id, base_date, categories)
SELECT id, start_date, ARRAY['approved_not_expropriated', 'expropriated_not_supplied', 'used_before_supply', 'idle', 'inefficient'] FROM campaigns;

-- A person's decision to count a parcel in a campaign, or not, whatever the rules say; with the reason.
CREATE TABLE campaign_scope_decisions (
  campaign_id integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  parcel_id   integer NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
  include     boolean NOT NULL,
  reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  decided_by  text NOT NULL,
  decided_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, parcel_id)
);

-- A new campaign starts with the plain rules: every category on its start date; 新建年度行动 then narrows them.
CREATE FUNCTION panhuo_campaign_scope() RETURNS trigger AS $$
BEGIN
  INSERT INTO campaign_scopes (campaign_id, base_date, categories)
  VALUES (NEW.id, NEW.start_date, ARRAY['approved_not_expropriated', 'expropriated_not_supplied', 'used_before_supply', 'idle', 'inefficient'])
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER campaigns_scope AFTER INSERT ON campaigns FOR EACH ROW EXECUTE FUNCTION panhuo_campaign_scope();
