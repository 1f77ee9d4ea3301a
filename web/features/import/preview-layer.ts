/**
 * The parcels of an import preview drawn over the map before anything is written: green outlines for parcels that
 * can be imported, red for those with errors; the row pointed at in the report is drawn bold. A dot marks each
 * parcel too, since a parcel of a few mu is smaller than a pixel when the whole file is in view. Where a parcel overlaps
 * a live parcel of the ledger or another parcel of the file, the overlapping part is filled orange over them.
 */
import { bbox, pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { PreviewItem } from './types.ts';

const SOURCE = 'import-preview';
const FILL = 'import-preview-fill';
const LINE = 'import-preview-line';
const DOT = 'import-preview-dot';
const VALID = '#12805c';
const INVALID = '#c81e1e';
const OVERLAP_SOURCE = 'import-preview-overlaps';
const OVERLAP_FILL = 'import-preview-overlap-fill';
const OVERLAP_LINE = 'import-preview-overlap-line';
const OVERLAP = '#e8590c';

/** Each overlapping part once (a pair of items in the file lists it on both), with the figure for its tooltip. */
function overlapsOf(items: PreviewItem[]): FeatureCollection<Polygon | MultiPolygon, { mu: number; code: string }> {
  const seen = new Set<string>();
  const features: Array<Feature<Polygon | MultiPolygon, { mu: number; code: string }>> = [];
  for (const item of items) {
    for (const o of item.overlaps) {
      const key = o.with === 'parcel' ? `p${o.parcelId}-${item.index}` : `i${Math.min(item.index, o.index!)}-${Math.max(item.index, o.index!)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      features.push({ type: 'Feature', properties: { mu: o.mu, code: o.code }, geometry: o.geometry });
    }
  }
  return { type: 'FeatureCollection', features };
}

type Drawn = Feature<MultiPolygon | Point, { valid: boolean }>;

/** The boundaries; with `dots`, a point on each as well (same id, so both light up together). */
function featuresOf(items: PreviewItem[], dots = false): FeatureCollection<MultiPolygon | Point, { valid: boolean }> {
  const features = items.flatMap((item): Drawn[] => {
    if (!item.parcel.geometry) return [];
    const shape: Drawn = { type: 'Feature', id: item.index, properties: { valid: item.valid }, geometry: item.parcel.geometry };
    return dots ? [shape, { ...shape, geometry: pointOnFeature(item.parcel.geometry).geometry }] : [shape];
  });
  return { type: 'FeatureCollection', features };
}

const color: ExpressionSpecification = ['case', ['get', 'valid'], VALID, INVALID];
const active: ExpressionSpecification = ['boolean', ['feature-state', 'active'], false];

export function showImportPreview(map: MapLibreMap, items: PreviewItem[]): void {
  const data = featuresOf(items, true);
  const source = map.getSource<GeoJSONSource>(SOURCE);
  if (source) {
    source.setData(data);
    map.getSource<GeoJSONSource>(OVERLAP_SOURCE)?.setData(overlapsOf(items));
    return;
  }
  map.addSource(SOURCE, { type: 'geojson', data });
  const polygons: ExpressionSpecification = ['!=', ['geometry-type'], 'Point'];
  map.addLayer({ id: FILL, type: 'fill', source: SOURCE, filter: polygons, paint: { 'fill-color': color, 'fill-opacity': ['case', active, 0.35, 0.12] } });
  map.addLayer({ id: LINE, type: 'line', source: SOURCE, filter: polygons, paint: { 'line-color': color, 'line-width': ['case', active, 4, 2] } });
  // Dots only while parcels are too small to see; gone once the outlines read on their own.
  map.addLayer({
    id: DOT,
    type: 'circle',
    source: SOURCE,
    maxzoom: 14,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-color': color, 'circle-radius': ['case', active, 8, 5], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
  });
  map.addSource(OVERLAP_SOURCE, { type: 'geojson', data: overlapsOf(items) });
  map.addLayer({ id: OVERLAP_FILL, type: 'fill', source: OVERLAP_SOURCE, paint: { 'fill-color': OVERLAP, 'fill-opacity': 0.55 } });
  map.addLayer({ id: OVERLAP_LINE, type: 'line', source: OVERLAP_SOURCE, paint: { 'line-color': OVERLAP, 'line-width': 2, 'line-dasharray': [2, 1] } });
}

export function removeImportPreview(map: MapLibreMap): void {
  if (map.getLayer(OVERLAP_LINE)) map.removeLayer(OVERLAP_LINE);
  if (map.getLayer(OVERLAP_FILL)) map.removeLayer(OVERLAP_FILL);
  if (map.getSource(OVERLAP_SOURCE)) map.removeSource(OVERLAP_SOURCE);
  if (map.getLayer(DOT)) map.removeLayer(DOT);
  if (map.getLayer(LINE)) map.removeLayer(LINE);
  if (map.getLayer(FILL)) map.removeLayer(FILL);
  if (map.getSource(SOURCE)) map.removeSource(SOURCE);
}

/** Draws one parcel bold (or none); the others go back to normal. */
export function highlightImportItem(map: MapLibreMap, index: number | null): void {
  if (!map.getSource(SOURCE)) return;
  map.removeFeatureState({ source: SOURCE });
  if (index !== null) map.setFeatureState({ source: SOURCE, id: index }, { active: true });
}

/** Shows the given parcels in the part of the map the dialog leaves uncovered (`coveredFrom`: the dialog's left edge on screen). */
export function fitImportItems(map: MapLibreMap, items: PreviewItem[], coveredFrom: number, maxZoom = 16): void {
  const data = featuresOf(items);
  if (!data.features.length) return;
  const [minLon, minLat, maxLon, maxLat] = bbox(data);
  const rect = map.getContainer().getBoundingClientRect();
  const hidden = Math.max(0, Math.min(rect.right - coveredFrom, rect.width - 160));
  const pad = 40;
  map.fitBounds([minLon, minLat, maxLon, maxLat], { padding: { top: pad, bottom: pad, left: pad, right: hidden + pad }, maxZoom, duration: 800 });
}
