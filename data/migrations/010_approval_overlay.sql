-- 批供比对: approval batches (批次, the approved polygons) and supply records (供地, the supplied polygons), uploaded
-- from files, so that Panhuo can compute each batch's unsupplied remainder geometrically. Geometries are stored as
-- uploaded after ST_MakeValid; the repair, when one was needed, is kept in words beside the geometry, so the map and
-- the report can say that this polygon is not exactly what the file contained.

CREATE TABLE approval_batches (
  id               serial PRIMARY KEY,
  campaign_id      integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  batch_name       text NOT NULL CHECK (char_length(batch_name) BETWEEN 1 AND 200),
  approval_number  text,
  approval_date    date,
  -- The approved area as the approval states it, in mu (may be absent from the file).
  approved_mu      double precision CHECK (approved_mu >= 0),
  geom             geometry(MultiPolygon, 4326) NOT NULL,
  -- Which file and feature it came from, e.g. "批次.geojson 第 3 个要素".
  source           text NOT NULL,
  repair_note      text,
  is_demo          boolean NOT NULL DEFAULT false,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  -- Set once its remainder has become ledger parcels: a second conversion would register the same land twice.
  converted_at     timestamptz,
  converted_by     text,
  converted_parcel_ids integer[] NOT NULL DEFAULT '{}',
  UNIQUE (campaign_id, batch_name)
);
CREATE INDEX approval_batches_geom_gix ON approval_batches USING gist (geom);

CREATE TABLE supply_records (
  id                 serial PRIMARY KEY,
  campaign_id        integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  -- 电子监管号: links the record to a ledger parcel with the same number, when there is one.
  supervision_number text,
  supply_date        date,
  supplied_mu        double precision CHECK (supplied_mu >= 0),
  geom               geometry(MultiPolygon, 4326) NOT NULL,
  source             text NOT NULL,
  repair_note        text,
  is_demo            boolean NOT NULL DEFAULT false,
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX supply_records_geom_gix ON supply_records USING gist (geom);
CREATE INDEX supply_records_campaign ON supply_records (campaign_id);

-- The overlay is drawn on the map and cached by the data version (server/overlay/report.ts): uploads move it on.
CREATE TRIGGER approval_batches_version AFTER INSERT OR UPDATE OR DELETE ON approval_batches FOR EACH STATEMENT EXECUTE FUNCTION panhuo_bump_version();
CREATE TRIGGER supply_records_version AFTER INSERT OR UPDATE OR DELETE ON supply_records FOR EACH STATEMENT EXECUTE FUNCTION panhuo_bump_version();
