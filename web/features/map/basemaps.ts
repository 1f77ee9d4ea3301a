/**
 * Drawing a base layer under our own layers: its sources and layers (ids starting "base-"), swapped in place when the
 * person or the admin chooses another. Tile services are raster sources with the server's tile addresses; an offline
 * package is read through the pmtiles protocol with range requests (a vector package is drawn in plain greys: its own
 * style is not carried in the file, and text would need a glyph server an offline bureau network does not have).
 */
import { addProtocol, type LayerSpecification, type Map as MapLibreMap, type SourceSpecification } from 'maplibre-gl';
import { Protocol } from 'pmtiles';
import type { BaseLayerView } from '../../../core/basemaps/view.ts';

export const BASE_PREFIX = 'base-';

let protocol: Protocol | null = null;

/** MapLibre's pmtiles:// protocol, added once for the page. */
function ensurePmtilesProtocol(): void {
  if (protocol) return;
  protocol = new Protocol();
  addProtocol('pmtiles', protocol.tile);
}

/** The address MapLibre reads a package from (absolute: it is fetched by MapLibre's web worker). */
export const packageAddress = (url: string) => `pmtiles://${new URL(url, window.location.origin).href}`;

const GREYS = { fill: '#e4e2dc', line: '#b5b2aa', point: '#8f8c85' };

function vectorLayers(source: string, names: string[]): LayerSpecification[] {
  return names.flatMap((name, i): LayerSpecification[] => {
    const base = { source, 'source-layer': name } as const;
    return [
      { id: `${source}-${i}-fill`, type: 'fill', ...base, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': GREYS.fill, 'fill-outline-color': GREYS.line } },
      { id: `${source}-${i}-line`, type: 'line', ...base, filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': GREYS.line, 'line-width': 1 } },
      { id: `${source}-${i}-point`, type: 'circle', ...base, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': GREYS.point, 'circle-radius': 2 } },
    ];
  });
}

/** A base layer's sources and layers, bottom to top. */
export function baseLayerParts(layer: BaseLayerView): { sources: Record<string, SourceSpecification>; layers: LayerSpecification[] } {
  const id = `${BASE_PREFIX}${layer.id}`;
  const attribution = layer.attribution || undefined;
  if (layer.package) {
    ensurePmtilesProtocol();
    const url = packageAddress(layer.package.url);
    if (layer.package.tileType === 'mvt') {
      return { sources: { [id]: { type: 'vector', url, ...(attribution ? { attribution } : {}) } }, layers: vectorLayers(id, layer.package.vectorLayers) };
    }
    return { sources: { [id]: { type: 'raster', url, tileSize: 256, ...(attribution ? { attribution } : {}) } }, layers: [{ id, type: 'raster', source: id }] };
  }
  const sources: Record<string, SourceSpecification> = {};
  const layers: LayerSpecification[] = [];
  layer.rasters.forEach((tiles, i) => {
    const part = `${id}-${i}`;
    // One credit per layer, however many rasters it stacks (天地图's picture and labels).
    sources[part] = { type: 'raster', tiles, tileSize: layer.tileSize, minzoom: layer.minZoom, maxzoom: layer.maxZoom, ...(i === 0 && attribution ? { attribution } : {}) };
    layers.push({ id: part, type: 'raster', source: part });
  });
  return { sources, layers };
}

/** Replaces whatever base layer the map draws by `layer` (null: none), under `beforeId`. */
export function applyBaseLayer(map: MapLibreMap, layer: BaseLayerView | null, beforeId: string): void {
  const style = map.getStyle();
  for (const l of style.layers) if (l.id.startsWith(BASE_PREFIX)) map.removeLayer(l.id);
  for (const s of Object.keys(style.sources)) if (s.startsWith(BASE_PREFIX)) map.removeSource(s);
  if (!layer) return;
  const parts = baseLayerParts(layer);
  for (const [id, source] of Object.entries(parts.sources)) map.addSource(id, source);
  for (const l of parts.layers) map.addLayer(l, map.getLayer(beforeId) ? beforeId : undefined);
}
