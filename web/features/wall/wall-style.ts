import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import { PACES } from '../../../core/progress.ts';
import { categoryColor, parcelTilesUrl, PARCELS_SOURCE_LAYER } from '../map/layers.ts';
import { WALL_BACKGROUND, WALL_PACE_COLORS } from './palette.ts';

export const WALL_UNITS_SOURCE = 'wall-units';
export const WALL_FOCUS_LAYER = 'wall-units-focus';

const paceColor = ['match', ['get', 'pace'], ...PACES.flatMap((p) => [p, WALL_PACE_COLORS[p]]), WALL_PACE_COLORS.no_task] as unknown as ExpressionSpecification;

/**
 * The wall's map: units filled by pace against the expected %, and from zoom 9.5 (a county filling the map) the parcels by category, on a dark
 * ground with no basemap (a wall runs all day on the bureau's network; nothing to fetch from outside).
 */
export function wallStyle(campaignId: number): StyleSpecification {
  return {
    version: 8,
    sources: {
      [WALL_UNITS_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      parcels: { type: 'vector', tiles: [parcelTilesUrl(campaignId)], minzoom: 6, maxzoom: 16 },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': WALL_BACKGROUND } },
      {
        id: 'wall-units-fill',
        type: 'fill',
        source: WALL_UNITS_SOURCE,
        // The choropleth fades as parcels come in, so the parcels' own colours read at closer zoom.
        paint: { 'fill-color': paceColor, 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 9, 0.55, 10.5, 0.18] },
      },
      {
        id: 'wall-parcels',
        type: 'fill',
        source: 'parcels',
        'source-layer': PARCELS_SOURCE_LAYER,
        minzoom: 9.5,
        paint: { 'fill-color': categoryColor(), 'fill-opacity': 0.85, 'fill-outline-color': '#0a1422' },
      },
      { id: 'wall-units-outline', type: 'line', source: WALL_UNITS_SOURCE, paint: { 'line-color': '#cbd5e1', 'line-width': 1.2, 'line-opacity': 0.8 } },
      {
        id: WALL_FOCUS_LAYER,
        type: 'line',
        source: WALL_UNITS_SOURCE,
        filter: ['==', ['get', 'id'], -1],
        paint: { 'line-color': '#ffffff', 'line-width': 5 },
      },
    ],
  };
}
