/**
 * While an editor limited to units draws, everything outside their units is greyed out and their units are outlined:
 * the area they may edit, seen before a vertex is placed. The mask is the world with the editor's units cut out as
 * holes, built from the map's own units source (the campaign's boundaries, already loaded). An enclave of another
 * unit inside an editor's unit is not masked; the live check still names it when a boundary reaches into it.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { PARCEL_SELECTED_LAYERS, UNITS_SOURCE } from '../map/layers.ts';

const SOURCE = 'edit-mask';
const MASK_LAYER = 'edit-mask-fill';
const OUTLINE_LAYER = 'edit-mask-outline';
const WORLD: Position[] = [[-180, -85], [180, -85], [180, 85], [-180, 85], [-180, -85]];

/** The outer rings of the allowed units' boundaries. */
function allowedRings(units: FeatureCollection, unitIds: readonly number[]): Position[][] {
  return units.features.flatMap((f) => {
    const id = Number((f.properties as { id?: unknown } | null)?.id);
    if (!unitIds.includes(id)) return [];
    const g = f.geometry as Polygon | MultiPolygon | null;
    return g?.type === 'Polygon' ? [g.coordinates[0]!] : g?.type === 'MultiPolygon' ? g.coordinates.map((p) => p[0]!) : [];
  });
}

export async function showEditMask(map: MapLibreMap, unitIds: readonly number[]): Promise<void> {
  const units = map.getSource<GeoJSONSource>(UNITS_SOURCE);
  if (!units) return;
  const data = (await units.getData()) as FeatureCollection;
  const rings = allowedRings(data, unitIds);
  const mask: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [WORLD, ...rings] } };
  hideEditMask(map);
  map.addSource(SOURCE, { type: 'geojson', data: mask });
  // Under the selection and terra-draw's layers, so the boundary being drawn stays bright over the mask.
  const before = map.getLayer(PARCEL_SELECTED_LAYERS[0]) ? PARCEL_SELECTED_LAYERS[0] : undefined;
  map.addLayer({ id: MASK_LAYER, type: 'fill', source: SOURCE, paint: { 'fill-color': '#475569', 'fill-opacity': 0.45 } }, before);
  // The holes' rings are the editor's units: outlined strongly (the world's edge is far off screen).
  map.addLayer({ id: OUTLINE_LAYER, type: 'line', source: SOURCE, paint: { 'line-color': '#1d4ed8', 'line-width': 3 } }, before);
}

export function hideEditMask(map: MapLibreMap): void {
  // The map may already be gone when a drawing panel unmounts with the page.
  if (!map.style) return;
  for (const layer of [OUTLINE_LAYER, MASK_LAYER]) if (map.getLayer(layer)) map.removeLayer(layer);
  if (map.getSource(SOURCE)) map.removeSource(SOURCE);
}
