-- The data version also NOTIFYs panhuo_data (delivered at commit), so every Panhuo process on this database hears an
-- edit at once (server/db: onDataChange) instead of at its next look at data_version; the look stays as a fallback.
-- The payload is empty on purpose: PostgreSQL folds identical notifications of one transaction into one, so an import
-- of many statements signals once, and listeners read the version themselves.
CREATE OR REPLACE FUNCTION panhuo_bump_version() RETURNS trigger AS $$
BEGIN
  UPDATE data_version SET version = version + 1;
  PERFORM pg_notify('panhuo_data', '');
  RETURN NULL;
END $$ LANGUAGE plpgsql;
