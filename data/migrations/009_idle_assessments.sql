-- What a person recorded about a supplied parcel's development, for the idle-land rules (闲置土地处置办法, 2012):
-- when work actually started, whether and since when it stands still, the shares of area developed and investment
-- made, and whether the government caused the delay (政府原因) — never guessed from the ledger. One row per parcel,
-- kept apart from parcels so the ledger's own columns stay as the other features know them.
CREATE TABLE idle_assessments (
  parcel_id             integer PRIMARY KEY REFERENCES parcels(id) ON DELETE CASCADE,
  actual_start_date     date,
  halted_since          date,
  developed_share       double precision CHECK (developed_share BETWEEN 0 AND 1),
  investment_share      double precision CHECK (investment_share BETWEEN 0 AND 1),
  government_cause      boolean NOT NULL DEFAULT false,
  government_cause_note text,
  recorded_by           text NOT NULL,
  recorded_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (halted_since IS NULL OR (actual_start_date IS NOT NULL AND halted_since >= actual_start_date)),
  -- A government cause changes how the parcel is handled; it must say what the cause was.
  CHECK (NOT government_cause OR length(trim(coalesce(government_cause_note, ''))) > 0)
);
