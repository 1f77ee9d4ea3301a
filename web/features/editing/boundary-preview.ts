/** A past version's boundary, dashed over the current one while its history entry is pointed at. */
import type { MultiPolygon, Polygon } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

const SOURCE = 'history-boundary';
const CASING_LAYER = 'history-boundary-casing';
const LINE_LAYER = 'history-boundary';

export function showBoundaryPreview(map: MapLibreMap, boundary: Polygon | MultiPolygon | null): void {
  const data = boundary ? { type: 'Feature' as const, properties: {}, geometry: boundary } : { type: 'FeatureCollection' as const, features: [] };
  const source = map.getSource<GeoJSONSource>(SOURCE);
  if (source) {
    source.setData(data);
    return;
  }
  // Added on first use, on top of everything: the dashed line must read over the parcel's own outline.
  map.addSource(SOURCE, { type: 'geojson', data });
  map.addLayer({ id: CASING_LAYER, type: 'line', source: SOURCE, paint: { 'line-color': '#ffffff', 'line-width': 5, 'line-opacity': 0.9 } });
  map.addLayer({ id: LINE_LAYER, type: 'line', source: SOURCE, paint: { 'line-color': '#7c3aed', 'line-width': 2.5, 'line-dasharray': [2, 1.5] } });
}
