-- Base layers an admin sets in Panhuo (管理 → 底图): tile services (XYZ, WMTS), 天地图 with a key, and offline packages
-- (PMTiles files kept on disk under the data directory, basemaps/<id>.pmtiles). The TIANDITU_KEY environment variable
-- still offers 天地图 when no admin has chosen otherwise (server/basemaps/list.ts).
CREATE TABLE base_layers (
  id serial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('xyz', 'wmts', 'tianditu', 'pmtiles')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
  attribution text NOT NULL DEFAULT '' CHECK (length(attribution) <= 200),
  -- xyz / wmts: the tile address template as the admin entered it (checked by core/basemaps/layer-input.ts).
  url text CHECK (length(url) <= 2000),
  tianditu_key text CHECK (length(tianditu_key) <= 64),
  tianditu_layer text CHECK (tianditu_layer IN ('vec', 'img')),
  min_zoom integer NOT NULL DEFAULT 0 CHECK (min_zoom BETWEEN 0 AND 24),
  max_zoom integer NOT NULL CHECK (max_zoom BETWEEN 0 AND 24),
  tile_size integer NOT NULL DEFAULT 256 CHECK (tile_size IN (256, 512)),
  -- Only Web Mercator tile grids can be drawn under our maps; anything else is refused at the edge.
  crs text NOT NULL DEFAULT 'EPSG:3857' CHECK (crs = 'EPSG:3857'),
  sort_order integer NOT NULL DEFAULT 0,
  -- pmtiles: the stored file's size, content hash (its ETag), tile type and area, read from its header.
  file_bytes bigint CHECK (file_bytes > 0),
  file_etag text,
  file_name text CHECK (length(file_name) <= 200),
  tile_type text CHECK (tile_type IN ('mvt', 'png', 'jpeg', 'webp')),
  bounds double precision[] CHECK (bounds IS NULL OR array_length(bounds, 1) = 4),
  vector_layers text[],
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind IN ('xyz', 'wmts')) = (url IS NOT NULL)),
  CHECK ((kind = 'tianditu') = (tianditu_key IS NOT NULL AND tianditu_layer IS NOT NULL)),
  CHECK ((kind = 'pmtiles') = (file_bytes IS NOT NULL AND file_etag IS NOT NULL AND tile_type IS NOT NULL AND bounds IS NOT NULL))
);

-- The base layer every map opens on: a base_layers id, 'env-vec' / 'env-img' (天地图 from TIANDITU_KEY), or 'none' (unit
-- boundaries only). No row, or NULL: 天地图矢量 when the server has a key, else none.
CREATE TABLE basemap_settings (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  default_layer text CHECK (length(default_layer) <= 20),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
