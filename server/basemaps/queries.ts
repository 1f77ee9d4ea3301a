/** The base_layers and basemap_settings tables (migration 031): every SQL statement about base layers. */
import type { BaseLayerInput } from '../../core/basemaps/layer-input.ts';
import type { PackageInfo, StoredLayer } from '../../core/basemaps/view.ts';
import type { Queryable } from '../db/types.ts';

interface LayerRow {
  id: number;
  kind: StoredLayer['kind'];
  name: string;
  attribution: string;
  url: string | null;
  tiandituKey: string | null;
  tiandituLayer: 'vec' | 'img' | null;
  minZoom: number;
  maxZoom: number;
  tileSize: 256 | 512;
  fileBytes: string | number | null;
  fileEtag: string | null;
  fileName: string | null;
  tileType: PackageInfo['tileType'] | null;
  bounds: number[] | null;
  vectorLayers: string[] | null;
}

const COLUMNS = `id, kind, name, attribution, url, tianditu_key AS "tiandituKey", tianditu_layer AS "tiandituLayer",
  min_zoom AS "minZoom", max_zoom AS "maxZoom", tile_size AS "tileSize", file_bytes AS "fileBytes", file_etag AS "fileEtag",
  file_name AS "fileName", tile_type AS "tileType", bounds, vector_layers AS "vectorLayers"`;

function stored(row: LayerRow): StoredLayer {
  const common = { id: row.id, name: row.name, attribution: row.attribution, minZoom: row.minZoom, maxZoom: row.maxZoom };
  switch (row.kind) {
    case 'xyz':
    case 'wmts':
      return { ...common, kind: row.kind, url: row.url!, tileSize: row.tileSize, crs: 'EPSG:3857' };
    case 'tianditu':
      return { ...common, kind: 'tianditu', key: row.tiandituKey!, layer: row.tiandituLayer! };
    case 'pmtiles':
      return {
        ...common,
        kind: 'pmtiles',
        bytes: Number(row.fileBytes),
        etag: row.fileEtag!,
        fileName: row.fileName,
        tileType: row.tileType!,
        bounds: row.bounds as [number, number, number, number],
        vectorLayers: row.vectorLayers ?? [],
      };
  }
}

export async function listLayers(db: Queryable): Promise<StoredLayer[]> {
  return (await db.query<LayerRow>(`SELECT ${COLUMNS} FROM base_layers ORDER BY sort_order, id`)).map(stored);
}

export async function findLayer(db: Queryable, id: number): Promise<StoredLayer | null> {
  const [row] = await db.query<LayerRow>(`SELECT ${COLUMNS} FROM base_layers WHERE id = $1`, [id]);
  return row ? stored(row) : null;
}

/** The columns an admin's entry sets (a package's file columns are set once, by the upload). */
function entryColumns(input: BaseLayerInput): Record<string, unknown> {
  switch (input.kind) {
    case 'xyz':
    case 'wmts':
      return { name: input.name, attribution: input.attribution, url: input.url, min_zoom: input.minZoom, max_zoom: input.maxZoom, tile_size: input.tileSize, crs: input.crs };
    case 'tianditu':
      return { name: input.name, attribution: input.attribution, tianditu_key: input.key, tianditu_layer: input.layer, min_zoom: input.minZoom, max_zoom: input.maxZoom };
    case 'pmtiles':
      return { name: input.name, attribution: input.attribution };
  }
}

/** A new layer, last in the order. */
export async function insertLayer(db: Queryable, input: BaseLayerInput | (PackageColumns & { name: string; attribution: string }), actor: string): Promise<number> {
  const columns = 'fileBytes' in input ? packageColumns(input) : { kind: input.kind, ...entryColumns(input) };
  const names = Object.keys(columns);
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO base_layers (${names.join(', ')}, created_by, sort_order)
     VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}, $${names.length + 1}, (SELECT COALESCE(max(sort_order), 0) + 1 FROM base_layers))
     RETURNING id`,
    [...Object.values(columns), actor],
  );
  return row!.id;
}

export async function updateLayer(db: Queryable, id: number, input: BaseLayerInput): Promise<void> {
  const columns = entryColumns(input);
  const names = Object.keys(columns);
  await db.query(`UPDATE base_layers SET ${names.map((n, i) => `${n} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`, [id, ...Object.values(columns)]);
}

/** Deletes a layer; the default falls back (see resolveDefault) when it was this one. */
export async function deleteLayer(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM base_layers WHERE id = $1', [id]);
  await db.query('UPDATE basemap_settings SET default_layer = NULL WHERE default_layer = $1', [String(id)]);
}

/** The given ids first, in that order; any other keeps its place after them. */
export async function reorderLayers(db: Queryable, ids: number[]): Promise<void> {
  await db.query(
    `UPDATE base_layers b SET sort_order = o.position
     FROM (SELECT id, row_number() OVER (ORDER BY COALESCE(array_position($1::int[], id), 1000000 + sort_order), id) AS position FROM base_layers) o
     WHERE b.id = o.id`,
    [ids],
  );
}

export async function chosenDefault(db: Queryable): Promise<string | null> {
  const [row] = await db.query<{ defaultLayer: string | null }>('SELECT default_layer AS "defaultLayer" FROM basemap_settings');
  return row?.defaultLayer ?? null;
}

export async function setDefault(db: Queryable, layer: string | null, actor: string): Promise<void> {
  await db.query(
    `INSERT INTO basemap_settings (singleton, default_layer, updated_by) VALUES (true, $1, $2)
     ON CONFLICT (singleton) DO UPDATE SET default_layer = EXCLUDED.default_layer, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [layer, actor],
  );
}

export interface PackageColumns {
  fileBytes: number;
  fileEtag: string;
  fileName: string | null;
  tileType: PackageInfo['tileType'];
  bounds: [number, number, number, number];
  vectorLayers: string[];
  minZoom: number;
  maxZoom: number;
}

function packageColumns(p: PackageColumns & { name: string; attribution: string }): Record<string, unknown> {
  return {
    kind: 'pmtiles',
    name: p.name,
    attribution: p.attribution,
    file_bytes: p.fileBytes,
    file_etag: p.fileEtag,
    file_name: p.fileName,
    tile_type: p.tileType,
    bounds: p.bounds,
    vector_layers: p.vectorLayers,
    min_zoom: p.minZoom,
    max_zoom: p.maxZoom,
  };
}

/** What the file server needs of a package: its size and ETag (null when there is no such package). */
export async function packageFile(db: Queryable, id: number): Promise<{ bytes: number; etag: string } | null> {
  const [row] = await db.query<{ bytes: string | number; etag: string }>(`SELECT file_bytes AS bytes, file_etag AS etag FROM base_layers WHERE id = $1 AND kind = 'pmtiles'`, [id]);
  return row ? { bytes: Number(row.bytes), etag: row.etag } : null;
}
