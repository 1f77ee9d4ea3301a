/**
 * A base layer as every map reads it (desk, wall, field, and the admin's list): what to draw and what to credit. The
 * server makes these from its table and the TIANDITU_KEY default; the maps never build a tile address themselves.
 */
import type { BaseLayerInput, TiandituInput, TileServiceInput } from './layer-input.ts';
import { TIANDITU_ATTRIBUTION, TIANDITU_NAMES, TIANDITU_PARTS, tiandituTiles, xyzTemplate, type TiandituLayer } from './templates.ts';

export type PackageTileType = 'mvt' | 'png' | 'jpeg' | 'webp';

export interface PackageInfo {
  /** Where the file is served with range requests (same origin). */
  url: string;
  bytes: number;
  etag: string;
  fileName: string | null;
  tileType: PackageTileType;
  /** West, south, east, north (degrees, from the file's header). */
  bounds: [number, number, number, number];
  /** A vector package's layer names (drawn in plain greys: its own style is not carried in the file). */
  vectorLayers: string[];
}

export interface BaseLayerView {
  /** A base_layers id as text, or env-vec / env-img for 天地图 from the server's TIANDITU_KEY. */
  id: string;
  kind: BaseLayerInput['kind'];
  name: string;
  attribution: string;
  minZoom: number;
  maxZoom: number;
  tileSize: 256 | 512;
  origin: 'admin' | 'environment';
  /** Raster tile sources, bottom to top (a tile service: one; 天地图: the picture, then its labels); none for a package. */
  rasters: string[][];
  package: PackageInfo | null;
  /** The admin's entries, for editing: the template as entered; 天地图's key and layer. */
  url: string | null;
  tiandituKey: string | null;
  tiandituLayer: TiandituLayer | null;
}

/** A stored base layer: what was entered, plus, for a package, what its file's header said. */
export type StoredLayer = { id: number } & (
  | TileServiceInput
  | TiandituInput
  | ({ kind: 'pmtiles'; name: string; attribution: string; minZoom: number; maxZoom: number } & Omit<PackageInfo, 'url'>)
);

export const packageUrl = (id: number | string) => `/tiles/basemaps/${id}.pmtiles`;

export function tiandituView(id: string, key: string, layer: TiandituLayer, origin: BaseLayerView['origin'], name = TIANDITU_NAMES[layer], attribution = TIANDITU_ATTRIBUTION, maxZoom = 18): BaseLayerView {
  return {
    id, kind: 'tianditu', name, attribution, minZoom: 1, maxZoom, tileSize: 256, origin,
    rasters: TIANDITU_PARTS[layer].map((part) => tiandituTiles(part, key)),
    package: null, url: null, tiandituKey: key, tiandituLayer: layer,
  };
}

export function layerView(layer: StoredLayer): BaseLayerView {
  const id = String(layer.id);
  const common = { id, name: layer.name, attribution: layer.attribution, minZoom: layer.minZoom, maxZoom: layer.maxZoom, origin: 'admin' as const, tiandituKey: null, tiandituLayer: null };
  switch (layer.kind) {
    case 'xyz':
    case 'wmts':
      return { ...common, kind: layer.kind, tileSize: layer.tileSize, rasters: [[xyzTemplate(layer.url)]], package: null, url: layer.url };
    case 'tianditu':
      return tiandituView(id, layer.key, layer.layer, 'admin', layer.name, layer.attribution, layer.maxZoom);
    case 'pmtiles': {
      const { bytes, etag, fileName, tileType, bounds, vectorLayers } = layer;
      return { ...common, kind: 'pmtiles', tileSize: 256, rasters: [], package: { url: packageUrl(layer.id), bytes, etag, fileName, tileType, bounds, vectorLayers }, url: null };
    }
  }
}

/** The base layers a map offers, and the one it opens on (null: unit boundaries only, nothing fetched from outside). */
export interface BaseLayerList {
  layers: BaseLayerView[];
  defaultId: string | null;
}

export const NO_BASE_LAYER = 'none';

/**
 * The default: the admin's choice while it names a layer that exists ('none' for no base layer); otherwise 天地图矢量
 * when the server has a key, as before base layers could be set in Panhuo; otherwise none.
 */
export function resolveDefault(chosen: string | null, layers: readonly BaseLayerView[]): string | null {
  if (chosen === NO_BASE_LAYER) return null;
  if (chosen !== null && layers.some((l) => l.id === chosen)) return chosen;
  return layers.find((l) => l.id === 'env-vec')?.id ?? null;
}
