/**
 * Tianditu (天地图), the official CGCS2000 basemap: offered only when the server has a key, as the default
 * must work on a bureau's offline network. Web-Mercator tile matrix ("w"), eight hosts t0–t7.
 */
import type { LayerSpecification, RasterSourceSpecification } from 'maplibre-gl';

export type Basemap = 'offline' | 'vector' | 'imagery';

export const BASEMAP_LABELS: Record<Basemap, string> = {
  offline: '单位边界（离线）',
  vector: '天地图矢量',
  imagery: '天地图影像',
};

/** Each Tianditu basemap is a picture layer and a label layer drawn over it. */
const TIANDITU_LAYERS: Record<Exclude<Basemap, 'offline'>, readonly [string, string]> = {
  vector: ['vec', 'cva'],
  imagery: ['img', 'cia'],
};

function wmtsTiles(layer: string, key: string): string[] {
  return Array.from(
    { length: 8 },
    (_, host) =>
      `https://t${host}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}` +
      `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  );
}

export const TIANDITU_SOURCE_PREFIX = 'tianditu-';
const sourceId = (layer: string) => `${TIANDITU_SOURCE_PREFIX}${layer}`;

export function tiandituSources(key: string): Record<string, RasterSourceSpecification> {
  const layers = Object.values(TIANDITU_LAYERS).flat();
  return Object.fromEntries(
    layers.map((layer) => [
      sourceId(layer),
      { type: 'raster', tiles: wmtsTiles(layer, key), tileSize: 256, maxzoom: 18, attribution: '底图 © 天地图（国家地理信息公共服务平台）' },
    ]),
  );
}

export function tiandituLayers(): LayerSpecification[] {
  return Object.values(TIANDITU_LAYERS)
    .flat()
    .map((layer) => ({ id: sourceId(layer), type: 'raster', source: sourceId(layer), layout: { visibility: 'none' } }));
}

/** Layer ids to show for a basemap, and those to hide. */
export function basemapVisibility(basemap: Basemap): { show: string[]; hide: string[] } {
  const all = Object.values(TIANDITU_LAYERS).flat().map(sourceId);
  const show = basemap === 'offline' ? [] : TIANDITU_LAYERS[basemap].map(sourceId);
  return { show, hide: all.filter((id) => !show.includes(id)) };
}
