-- The campaign's rhythm (issue 14): weekly report submissions (周报告), key cases under supervision (重点案件挂牌督办),
-- responsible leaders per unit (领导干部分包), and what the reports need that the campaign table does not hold.

-- Per campaign: when the weekly report is due, from when units are ranked monthly, and the document's footer.
-- A campaign with no row uses the defaults in server/rhythm/settings.ts (Friday 18:00, ranking from the start).
CREATE TABLE campaign_rhythm (
  campaign_id       integer PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
  -- ISO weekday (1 = Monday … 7 = Sunday) and the China time of day the week's report is due; the report week
  -- (Saturday–Friday, core/weeks.ts) ends before or on that day.
  deadline_weekday  smallint NOT NULL DEFAULT 5 CHECK (deadline_weekday BETWEEN 1 AND 7),
  deadline_time     text NOT NULL DEFAULT '18:00' CHECK (deadline_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  ranking_from      date,
  footer_host       text CHECK (length(footer_host) <= 100),
  footer_supervisor text CHECK (length(footer_supervisor) <= 100),
  footer_issuer     text CHECK (length(footer_issuer) <= 100),
  footer_date       text CHECK (length(footer_date) <= 40)
);

-- One unit's weekly report row (附件4) for the report week ending `friday`: the figures as signed, what the
-- disposal records said when it was signed, and why they differ.
CREATE TABLE weekly_submissions (
  campaign_id  integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  unit_id      integer NOT NULL REFERENCES units(id),
  friday       date NOT NULL,
  figures      jsonb NOT NULL,
  recorded     jsonb NOT NULL,
  reason       text CHECK (length(reason) <= 500),
  signed_by    text NOT NULL CHECK (length(signed_by) BETWEEN 1 AND 40),
  user_id      integer NOT NULL REFERENCES users(id),
  submitted_at timestamptz NOT NULL,
  late         boolean NOT NULL,
  revision     integer NOT NULL DEFAULT 1,
  PRIMARY KEY (campaign_id, unit_id, friday)
);

-- An admin's permission for one unit to submit (or resubmit) one week after its deadline; used up by that submission.
CREATE TABLE weekly_reopenings (
  campaign_id integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  unit_id     integer NOT NULL REFERENCES units(id),
  friday      date NOT NULL,
  reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  reopened_by text NOT NULL,
  reopened_at timestamptz NOT NULL,
  PRIMARY KEY (campaign_id, unit_id, friday)
);

-- 领导干部分包: the leader answerable for a unit's part of the campaign.
CREATE TABLE unit_leaders (
  campaign_id integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  unit_id     integer NOT NULL REFERENCES units(id),
  leader      text NOT NULL CHECK (length(leader) BETWEEN 1 AND 40),
  title       text CHECK (length(title) <= 60),
  PRIMARY KEY (campaign_id, unit_id)
);

-- 重点案件挂牌督办: a parcel or a group of parcels put under supervision with a leader, deadline and outcome.
CREATE TABLE key_cases (
  id               serial PRIMARY KEY,
  campaign_id      integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  leader           text NOT NULL CHECK (length(leader) BETWEEN 1 AND 40),
  deadline         date NOT NULL,
  required_outcome text NOT NULL CHECK (length(required_outcome) BETWEEN 1 AND 500),
  created_by       text NOT NULL,
  created_on       date NOT NULL,
  closed_on        date,
  closed_by        text,
  close_note       text CHECK (length(close_note) BETWEEN 1 AND 1000),
  CHECK ((closed_on IS NULL) = (close_note IS NULL))
);
CREATE TABLE key_case_parcels (
  case_id   integer NOT NULL REFERENCES key_cases(id) ON DELETE CASCADE,
  parcel_id integer NOT NULL REFERENCES parcels(id) ON DELETE CASCADE,
  PRIMARY KEY (case_id, parcel_id)
);
CREATE INDEX key_case_parcels_parcel ON key_case_parcels (parcel_id);
