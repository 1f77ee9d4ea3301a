/**
 * The map's visual language, shared by the map layers and the legend so they can never disagree, and by what the
 * server draws (the tile style for GIS software, printed dossiers and thematic maps).
 * Category = fill colour; status = outline (dash and colour); failing the area check = a red ring around it.
 */
import type { Category, Status } from '../categories.ts';

/** Five hues far apart, none of them red: red is kept for the area-check warning. */
export const CATEGORY_COLORS: Record<Category, string> = {
  approved_not_expropriated: '#7b5cc4',
  expropriated_not_supplied: '#e8912d',
  used_before_supply: '#d4489a',
  idle: '#2b86d1',
  inefficient: '#2f9e6e',
};

export interface StatusOutline {
  color: string;
  width: number;
  /** Dash and gap lengths in line widths; null for a solid line. */
  dash: [number, number] | null;
  /** Resolved parcels fade so that the open work stands out on the wall map. */
  fillOpacity: number;
}

/**
 * From registration to struck off the outline goes from dashed to solid, and resolved parcels fade.
 * Why dashes: they stay readable over any fill colour and for colour-blind readers.
 */
export const STATUS_OUTLINES: Record<Status, StatusOutline> = {
  registered: { color: '#3d4654', width: 1.5, dash: [1.5, 1.5], fillOpacity: 0.75 },
  planned: { color: '#1f3f73', width: 1.5, dash: [4, 2], fillOpacity: 0.75 },
  in_progress: { color: '#1f3f73', width: 2.5, dash: null, fillOpacity: 0.75 },
  disposed: { color: '#14663a', width: 2, dash: null, fillOpacity: 0.45 },
  struck_off: { color: '#7d8590', width: 1, dash: null, fillOpacity: 0.25 },
};

export const MISMATCH_COLOR = '#d7191c';
export const SELECTED_COLOR = '#00a3ff';
export const UNIT_OUTLINE_COLOR = '#5a6b85';
export const UNIT_FILL_COLOR = '#dfe7f2';
export const BACKGROUND_COLOR = '#f4f6f9';

/**
 * The units choropleth of the lowest zooms: ledger mu per km² of the unit, in classes a factor of ten apart (a city's
 * campaign and a province's ledger differ by as much), pale to dark in one hue that none of the categories uses.
 * 1 km² = 1,500 mu, so the top class is land where more than a tenth of the unit is on the ledger.
 */
export const UNIT_DENSITY_STEPS: ReadonlyArray<{ from: number; color: string; label: string }> = [
  { from: 0, color: '#f3efe6', label: '少于 0.15 亩/平方公里' },
  { from: 0.15, color: '#e6d5b8', label: '0.15–1.5' },
  { from: 1.5, color: '#d2b183', label: '1.5–15' },
  { from: 15, color: '#b7864f', label: '15–150' },
  { from: 150, color: '#8c5a2b', label: '150 以上' },
];
