/** The parcel filters the user sets, and their two forms: a MapLibre expression for the tiles, API parameters for counts. */
import type { FilterSpecification } from 'maplibre-gl';
import type { MapFilters } from '../../../core/ledger/map-filters.ts';

/** One state for the map and the ledger table (core/ledger/map-filters.ts). */
export type ParcelFilters = MapFilters;

export const NO_FILTERS: ParcelFilters = { categories: [], statuses: [], unitId: null };

export function hasFilters(f: ParcelFilters): boolean {
  return f.categories.length > 0 || f.statuses.length > 0 || f.unitId !== null;
}

/**
 * Applied on the tile layers, so filtering is instant and needs no reload. A unit's parcels are those lying (partly)
 * within its boundary, as progress and the API count them: tiles carry the units as ",2,3," and the filter looks for
 * ",3," in it, so a parcel straddling two units shows under both.
 */
export function parcelFilterExpression(f: ParcelFilters): FilterSpecification | null {
  const parts: FilterSpecification[] = [];
  if (f.categories.length) parts.push(['in', ['get', 'category'], ['literal', f.categories]]);
  if (f.statuses.length) parts.push(['in', ['get', 'status'], ['literal', f.statuses]]);
  if (f.unitId !== null) parts.push(['in', `,${f.unitId},`, ['get', 'unitIds']]);
  return parts.length ? (['all', ...parts] as FilterSpecification) : null;
}
