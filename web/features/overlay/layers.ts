/**
 * The 批供比对 layers on the MapLibre map: batches outlined, supplies filled, remainders hatched, slivers in a warning
 * colour (with a thick outline, since a sliver a metre wide is otherwise invisible at any useful zoom). One GeoJSON
 * source, told apart by the features' `kind`.
 */
import { pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import type { FilterSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { OVERLAY_COLORS } from './palette.ts';

const SOURCE = 'approval-overlay';
const MARKERS = 'approval-overlay-slivers';
const HATCH = 'approval-overlay-hatch';
const kind = (k: string): FilterSpecification => ['==', ['get', 'kind'], k];
export const OVERLAY_LAYERS = [
  'overlay-supply-fill', 'overlay-supply-line', 'overlay-remainder-fill', 'overlay-remainder-line',
  'overlay-batch-casing', 'overlay-batch-line', 'overlay-batch-selected', 'overlay-sliver-fill', 'overlay-sliver-line', 'overlay-sliver-marker',
] as const;

/** A sliver is a metre wide: invisible at any zoom that shows its batch. A marker on each makes it findable. */
function sliverMarkers(data: FeatureCollection): FeatureCollection<Point> {
  const slivers = data.features.filter((f) => f.properties?.kind === 'sliver') as Array<Feature<Polygon>>;
  return { type: 'FeatureCollection', features: slivers.map((f) => ({ ...pointOnFeature(f), properties: f.properties })) };
}

/** Diagonal hatching drawn once on a canvas: no sprite server needed, which an offline bureau network lacks. */
function hatchImage(): ImageData {
  const size = 16;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d')!;
  context.fillStyle = 'rgba(232, 89, 12, 0.18)';
  context.fillRect(0, 0, size, size);
  context.strokeStyle = OVERLAY_COLORS.remainder;
  context.lineWidth = 2.5;
  context.beginPath();
  for (const offset of [-size, 0, size]) {
    context.moveTo(offset, size);
    context.lineTo(offset + size, 0);
  }
  context.stroke();
  return context.getImageData(0, 0, size, size);
}

export function showOverlay(map: MapLibreMap, data: FeatureCollection, selectedBatchId: number | null): void {
  const source = map.getSource<GeoJSONSource>(SOURCE);
  if (source) {
    source.setData(data);
    map.getSource<GeoJSONSource>(MARKERS)?.setData(sliverMarkers(data));
  } else {
    if (!map.hasImage(HATCH)) map.addImage(HATCH, hatchImage(), { pixelRatio: 2 });
    map.addSource(SOURCE, { type: 'geojson', data });
    map.addLayer({ id: 'overlay-supply-fill', type: 'fill', source: SOURCE, filter: kind('supply'), paint: { 'fill-color': OVERLAY_COLORS.supply, 'fill-opacity': 0.45 } });
    map.addLayer({ id: 'overlay-supply-line', type: 'line', source: SOURCE, filter: kind('supply'), paint: { 'line-color': '#2b7551', 'line-width': 0.8 } });
    map.addLayer({ id: 'overlay-remainder-fill', type: 'fill', source: SOURCE, filter: kind('remainder'), paint: { 'fill-pattern': HATCH } });
    map.addLayer({ id: 'overlay-remainder-line', type: 'line', source: SOURCE, filter: kind('remainder'), paint: { 'line-color': OVERLAY_COLORS.remainder, 'line-width': 1.5 } });
    map.addLayer({ id: 'overlay-batch-casing', type: 'line', source: SOURCE, filter: kind('batch'), paint: { 'line-color': '#ffffff', 'line-width': 4.5, 'line-opacity': 0.85 } });
    map.addLayer({ id: 'overlay-batch-line', type: 'line', source: SOURCE, filter: kind('batch'), paint: { 'line-color': OVERLAY_COLORS.batch, 'line-width': 2, 'line-dasharray': [3, 1.5] } });
    map.addLayer({ id: 'overlay-batch-selected', type: 'line', source: SOURCE, filter: ['==', ['get', 'batchId'], -1], paint: { 'line-color': OVERLAY_COLORS.selected, 'line-width': 4 } });
    // Slivers last: they often lie along a batch's edge, under its outline otherwise.
    map.addLayer({ id: 'overlay-sliver-fill', type: 'fill', source: SOURCE, filter: kind('sliver'), paint: { 'fill-color': OVERLAY_COLORS.sliver, 'fill-opacity': 0.95 } });
    map.addLayer({ id: 'overlay-sliver-line', type: 'line', source: SOURCE, filter: kind('sliver'), paint: { 'line-color': OVERLAY_COLORS.sliverOutline, 'line-width': 3, 'line-opacity': 0.9 } });
    map.addSource(MARKERS, { type: 'geojson', data: sliverMarkers(data) });
    map.addLayer({
      id: 'overlay-sliver-marker', type: 'circle', source: MARKERS,
      paint: { 'circle-radius': 6, 'circle-color': OVERLAY_COLORS.sliver, 'circle-stroke-color': OVERLAY_COLORS.sliverOutline, 'circle-stroke-width': 2 },
    });
  }
  map.setFilter('overlay-batch-selected', ['all', kind('batch'), ['==', ['get', 'batchId'], selectedBatchId ?? -1]] as FilterSpecification);
}

export function hideOverlay(map: MapLibreMap): void {
  // After map.remove() (the page closing) there is no style left to take layers from.
  if (!map.style) return;
  for (const id of [...OVERLAY_LAYERS].reverse()) if (map.getLayer(id)) map.removeLayer(id);
  for (const id of [MARKERS, SOURCE]) if (map.getSource(id)) map.removeSource(id);
}
