/**
 * The ledger table's selection drawn on the map: a layer of its own over the parcel tiles, filtered to the selected
 * parcel ids (the tiles' feature ids), so the map's single-parcel selection keeps working beside it.
 */
import type { FilterSpecification, Map as MapLibreMap } from 'maplibre-gl';

export const LEDGER_SELECTION_LAYER = 'ledger-selection';
const LEDGER_SELECTION_FILL = 'ledger-selection-fill';
/** Yellow with a dark ring: unlike any category hue, the red of the area warning or the blue of the open parcel. */
const SELECTION_FILL = '#ffd60a';
const SELECTION_LINE = '#1c2430';

function filterOf(ids: readonly number[]): FilterSpecification {
  return ['in', ['id'], ['literal', ids.length ? [...ids] : [-1]]] as FilterSpecification;
}

/** Shows `ids` highlighted, adding the layers the first time. */
export function showLedgerSelection(map: MapLibreMap, ids: readonly number[]): void {
  if (!map.getSource('parcels')) return;
  if (!map.getLayer(LEDGER_SELECTION_LAYER)) {
    // Below the single-parcel selection, so the parcel open in the panel stays on top.
    const before = map.getLayer('parcels-selected-casing') ? 'parcels-selected-casing' : undefined;
    map.addLayer({
      id: LEDGER_SELECTION_FILL, type: 'fill', source: 'parcels', 'source-layer': 'parcels',
      filter: filterOf([]), paint: { 'fill-color': SELECTION_FILL, 'fill-opacity': 0.75 },
    }, before);
    map.addLayer({
      id: LEDGER_SELECTION_LAYER, type: 'line', source: 'parcels', 'source-layer': 'parcels',
      filter: filterOf([]), paint: { 'line-color': SELECTION_LINE, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.5, 14, 2.5] },
    }, before);
  }
  const filter = filterOf(ids);
  map.setFilter(LEDGER_SELECTION_FILL, filter);
  map.setFilter(LEDGER_SELECTION_LAYER, filter);
}

export function hideLedgerSelection(map: MapLibreMap): void {
  for (const id of [LEDGER_SELECTION_LAYER, LEDGER_SELECTION_FILL]) if (map.getLayer(id)) map.removeLayer(id);
}
