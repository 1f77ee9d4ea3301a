/**
 * The map's style: a plain background, our unit boundaries and the parcel tiles; the base layer the admin set is put
 * under them by basemaps.ts. Nothing here references a remote URL, and no layer draws text: text needs a glyph
 * server, which an offline bureau network does not have (unit names are HTML markers instead).
 */
import type { FeatureCollection, MultiPolygon } from 'geojson';
import type { ExpressionSpecification, FilterSpecification, LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import { CATEGORIES, STATUSES } from '../../../core/categories.ts';
import type { CampaignDetail, UnitProperties } from '../../api/types.ts';
import { LEGIBLE_ZOOM, PARCEL_POINT_LAYER, UNIT_LAYER, UNITS_MAX_ZOOM } from '../../../core/tiles/generalisation.ts';
import {
  CATEGORY_COLORS,
  MISMATCH_COLOR,
  SELECTED_COLOR,
  STATUS_OUTLINES,
  UNIT_DENSITY_STEPS,
  UNIT_FILL_COLOR,
  UNIT_OUTLINE_COLOR,
} from './palette.ts';

export const UNITS_SOURCE = 'units';
export const PARCELS_SOURCE = 'parcels';
export const PARCELS_SOURCE_LAYER = 'parcels';

export const PARCEL_FILL_LAYER = 'parcels-fill';
/** Parcels too small to draw at the zoom, as the tiles give them: one dot per few pixels, in the category's colour. */
export const PARCEL_DOT_LAYER = 'parcels-dot';
/** At the lowest zooms the tiles hold units with their figures instead of parcels: a choropleth of ledger mu per km². */
export const UNIT_FIGURES_LAYER = 'units-figures';
const PARCEL_MISMATCH_LAYER = 'parcels-mismatch';
export const PARCEL_SELECTED_LAYERS = ['parcels-selected-casing', 'parcels-selected'] as const;
export const UNIT_FILL_LAYER = 'units-fill';
export const UNIT_OUTLINE_LAYER = 'units-outline';
export const UNIT_ILLUSTRATIVE_OUTLINE_LAYER = 'units-outline-illustrative';

const statusOutlineLayer = (status: (typeof STATUSES)[number]) => `parcels-outline-${status}`;

/** Layers that show parcels and so take the user's filters; the selection layers deliberately do not. */
export const FILTERED_PARCEL_LAYERS: ReadonlyArray<{ id: string; own: FilterSpecification | null }> = [
  { id: PARCEL_FILL_LAYER, own: null },
  { id: PARCEL_DOT_LAYER, own: null },
  ...STATUSES.map((status) => ({ id: statusOutlineLayer(status), own: ['==', ['get', 'status'], status] as FilterSpecification })),
  { id: PARCEL_MISMATCH_LAYER, own: ['==', ['get', 'areaOk'], false] as FilterSpecification },
];

/** `revision`: raised after edits; a new address makes MapLibre drop its cached tiles and fetch them anew. */
export function parcelTilesUrl(campaignId: number, revision = 0): string {
  // Absolute: tiles are fetched by MapLibre's web worker, where a relative address would not resolve.
  return `${window.location.origin}/tiles/parcels/{z}/{x}/{y}.mvt?campaign=${campaignId}${revision ? `&rev=${revision}` : ''}`;
}

export function categoryColor(): ExpressionSpecification {
  return ['match', ['get', 'category'], ...CATEGORIES.flatMap((c) => [c, CATEGORY_COLORS[c]]), '#999999'] as unknown as ExpressionSpecification;
}

function statusFillOpacity(): ExpressionSpecification {
  return ['match', ['get', 'status'], ...STATUSES.flatMap((s) => [s, STATUS_OUTLINES[s].fillOpacity]), 0.6] as unknown as ExpressionSpecification;
}

const SELECTED_NONE: FilterSpecification = ['==', ['id'], -1];

function parcelLayers(): LayerSpecification[] {
  const vector = { source: PARCELS_SOURCE, 'source-layer': PARCELS_SOURCE_LAYER } as const;
  return [
    { id: PARCEL_FILL_LAYER, type: 'fill', ...vector, paint: { 'fill-color': categoryColor(), 'fill-opacity': statusFillOpacity() } },
    {
      id: PARCEL_DOT_LAYER,
      type: 'circle',
      source: PARCELS_SOURCE,
      'source-layer': PARCEL_POINT_LAYER,
      maxzoom: LEGIBLE_ZOOM,
      paint: {
        'circle-color': categoryColor(),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], UNITS_MAX_ZOOM + 1, 1.6, LEGIBLE_ZOOM, 2.6],
        'circle-opacity': statusFillOpacity(),
      },
    },
    ...STATUSES.map((status): LayerSpecification => {
      const outline = STATUS_OUTLINES[status];
      return {
        id: statusOutlineLayer(status),
        type: 'line',
        ...vector,
        minzoom: 10.5,
        filter: ['==', ['get', 'status'], status],
        paint: {
          'line-color': outline.color,
          'line-width': outline.width,
          ...(outline.dash ? { 'line-dasharray': outline.dash } : {}),
        },
      };
    }),
    {
      // A ring just outside the parcel (line-gap-width), so the warning never hides the status outline.
      id: PARCEL_MISMATCH_LAYER,
      type: 'line',
      ...vector,
      filter: ['==', ['get', 'areaOk'], false],
      paint: {
        'line-color': MISMATCH_COLOR,
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.5, 13, 2.5],
        'line-gap-width': ['interpolate', ['linear'], ['zoom'], 8, 3, 13, 4],
      },
    },
    {
      id: PARCEL_SELECTED_LAYERS[0],
      type: 'line',
      ...vector,
      filter: SELECTED_NONE,
      paint: { 'line-color': '#ffffff', 'line-width': 7 },
    },
    {
      id: PARCEL_SELECTED_LAYERS[1],
      type: 'line',
      ...vector,
      filter: SELECTED_NONE,
      paint: { 'line-color': SELECTED_COLOR, 'line-width': 3.5 },
    },
  ];
}

/** The highlighted parcel, by the tile feature id (the parcel id). */
export function selectedFilter(parcelId: number | null): FilterSpecification {
  return parcelId === null ? SELECTED_NONE : ['==', ['id'], parcelId];
}

/** Units: a light tint, the chosen unit (filter) emphasised; zones drawn by relative position get a dashed outline. */
function unitLayers(): LayerSpecification[] {
  return [
    {
      id: UNIT_FILL_LAYER,
      type: 'fill',
      source: UNITS_SOURCE,
      // No antialiased edge: the outline layers draw every unit's edge anyway, and the edge would cost the opening view
      // one more shader program to compile.
      paint: { 'fill-color': UNIT_FILL_COLOR, 'fill-opacity': 0.55, 'fill-antialias': false },
    },
    {
      id: UNIT_FIGURES_LAYER,
      type: 'fill',
      source: PARCELS_SOURCE,
      'source-layer': UNIT_LAYER,
      maxzoom: UNITS_MAX_ZOOM + 1,
      paint: {
        'fill-color': ['step', ['get', 'muPerKm2'], ...UNIT_DENSITY_STEPS.flatMap((s, i) => (i === 0 ? [s.color] : [s.from, s.color]))] as unknown as ExpressionSpecification,
        'fill-opacity': 0.85,
      },
    },
    {
      id: UNIT_OUTLINE_LAYER,
      type: 'line',
      source: UNITS_SOURCE,
      filter: ['!', ['get', 'illustrative']],
      paint: { 'line-color': UNIT_OUTLINE_COLOR, 'line-width': 1.4 },
    },
    {
      id: UNIT_ILLUSTRATIVE_OUTLINE_LAYER,
      type: 'line',
      source: UNITS_SOURCE,
      filter: ['get', 'illustrative'],
      paint: { 'line-color': UNIT_OUTLINE_COLOR, 'line-width': 1.4, 'line-dasharray': [3, 2] },
    },
  ];
}

/** The campaign's units with a boundary, as the units source holds them. */
export function unitsData(campaign: CampaignDetail): FeatureCollection<MultiPolygon, UnitProperties> {
  return { type: 'FeatureCollection', features: campaign.units.features.flatMap((u) => (u.geometry ? [{ ...u, geometry: u.geometry }] : [])) };
}

/**
 * The style with the campaign's units in it from the start, so the map's first load includes them (set after the load,
 * they came in a second round through the worker, after the map had already reported itself drawn).
 */
export function buildStyle(campaign: CampaignDetail): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {
    [UNITS_SOURCE]: { type: 'geojson', data: unitsData(campaign) },
    [PARCELS_SOURCE]: { type: 'vector', tiles: [parcelTilesUrl(campaign.id)], minzoom: 5, maxzoom: 16 },
  };
  return {
    version: 8,
    sources,
    layers: [
      ...unitLayers(),
      ...parcelLayers(),
    ],
  };
}
