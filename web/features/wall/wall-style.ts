import type { ExpressionSpecification, GeoJSONSourceSpecification, StyleSpecification } from 'maplibre-gl';
import { PACES } from '../../../core/progress.ts';
import { PACE_COLORS_ON_DARK } from '../../../core/palette/pace.ts';
import { WALL_BACKGROUND, WEEK_HIGHLIGHT } from './palette.ts';

export const WALL_UNITS_SOURCE = 'wall-units';
export const WALL_LABELS_SOURCE = 'wall-labels';
export const WALL_WEEK_SOURCE = 'wall-week';
export const WALL_FOCUS_LAYER = 'wall-units-focus';
/** The unit names: a symbol layer, so MapLibre places them and resolves their collisions (tests query it). */
export const WALL_LABEL_LAYER = 'wall-unit-labels';
/** Each unit's rate under its name, where there is room: below the names, so a name always wins a collision. */
export const WALL_RATE_LAYER = 'wall-unit-rates';
export const WALL_WEEK_LAYER = 'wall-this-week';
export const WALL_CALLOUT_SOURCE = 'wall-callout';
/** The line from a kiosk stop's callout card to its unit. */
export const WALL_CALLOUT_LAYER = 'wall-callout-line';

/** Unit names at 1080p, px: the wall's minimum for text read from five metres is 28. */
export const LABEL_PX = 30;
/** The rate under the name, px at 1080p. */
export const RATE_PX = 28;
/**
 * Local fonts, drawn by MapLibre itself (TinySDF) when a style has no glyph server: a bureau's wall has no internet.
 * 'Bold' in the name asks for weight 700.
 */
const LABEL_FONT = ['WenQuanYi Micro Hei Bold'];

const paceColor = ['match', ['get', 'pace'], ...PACES.flatMap((p) => [p, PACE_COLORS_ON_DARK[p]]), PACE_COLORS_ON_DARK.no_task] as unknown as ExpressionSpecification;
const empty = (): GeoJSONSourceSpecification => ({ type: 'geojson', data: { type: 'FeatureCollection', features: [] } });

/**
 * The wall's map: a flat choropleth of the units by pace against the expected %, their names (and, where there is
 * room, their rates) placed by MapLibre with collisions resolved, and this week's disposals as points under the names — on a dark ground with no
 * basemap (a wall runs all day on the bureau's network; nothing to fetch from outside). Sizes are set for 1080p and
 * scaled by wallScale (see scaleLabels).
 */
export function wallStyle(): StyleSpecification {
  return {
    version: 8,
    sources: { [WALL_UNITS_SOURCE]: empty(), [WALL_LABELS_SOURCE]: empty(), [WALL_WEEK_SOURCE]: empty(), [WALL_CALLOUT_SOURCE]: empty() },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': WALL_BACKGROUND } },
      { id: 'wall-units-fill', type: 'fill', source: WALL_UNITS_SOURCE, paint: { 'fill-color': paceColor, 'fill-opacity': 0.92 } },
      { id: 'wall-units-outline', type: 'line', source: WALL_UNITS_SOURCE, paint: { 'line-color': WALL_BACKGROUND, 'line-width': 2 } },
      {
        id: WALL_FOCUS_LAYER,
        type: 'line',
        source: WALL_UNITS_SOURCE,
        filter: ['==', ['get', 'id'], -1],
        paint: { 'line-color': '#ffffff', 'line-width': 6 },
      },
      { id: WALL_CALLOUT_LAYER, type: 'line', source: WALL_CALLOUT_SOURCE, paint: { 'line-color': '#ffffff', 'line-width': 3 } },
      {
        id: WALL_WEEK_LAYER,
        type: 'circle',
        source: WALL_WEEK_SOURCE,
        paint: { 'circle-color': WEEK_HIGHLIGHT, 'circle-radius': 6, 'circle-stroke-color': WALL_BACKGROUND, 'circle-stroke-width': 2 },
      },
      {
        id: WALL_RATE_LAYER,
        type: 'symbol',
        source: WALL_LABELS_SOURCE,
        layout: {
          'text-field': ['get', 'rate'],
          'text-font': LABEL_FONT,
          'text-size': RATE_PX,
          'text-anchor': 'top',
          // Clear of its name's collision box (half a line plus the name's padding), or no rate would ever be placed.
          'text-offset': [0, 0.95],
          'symbol-sort-key': ['get', 'priority'],
          'text-padding': 0,
        },
        paint: { 'text-color': '#ffffff', 'text-halo-color': WALL_BACKGROUND, 'text-halo-width': 2.5 },
      },
      {
        id: WALL_LABEL_LAYER,
        type: 'symbol',
        source: WALL_LABELS_SOURCE,
        layout: {
          'text-field': ['get', 'name'],
          'text-font': LABEL_FONT,
          'text-size': LABEL_PX,
          // Counties first; a small zone then finds room beside its point rather than on it.
          'symbol-sort-key': ['get', 'priority'],
          'text-variable-anchor': ['center', 'top', 'bottom', 'left', 'right', 'top-left', 'top-right', 'bottom-left', 'bottom-right'],
          'text-radial-offset': 0.6,
          'text-padding': 3,
        },
        paint: { 'text-color': '#ffffff', 'text-halo-color': WALL_BACKGROUND, 'text-halo-width': 2.5 },
      },
    ],
  };
}
