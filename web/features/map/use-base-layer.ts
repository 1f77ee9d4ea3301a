/**
 * The desk's and the field's maps draw a base layer the same way: under the unit fills, drawn anew when another is
 * chosen or the admin changed it (the layer's JSON is the key, covering both), and with the unit tint hidden while one
 * shows: over a picture the tint would wash it out, and the outlines stay readable. (The wall tints its own units.)
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import type { BaseLayerView } from '../../../core/basemaps/view.ts';
import { applyBaseLayer } from './basemaps.ts';
import { UNIT_FILL_LAYER } from './layers.ts';

export function useBaseLayer(map: MapLibreMap | null, layer: BaseLayerView | null): void {
  const latest = useRef(layer);
  latest.current = layer;
  const key = layer ? JSON.stringify(layer) : null;
  useEffect(() => {
    if (!map) return;
    applyBaseLayer(map, latest.current, UNIT_FILL_LAYER);
    map.setLayoutProperty(UNIT_FILL_LAYER, 'visibility', key === null ? 'visible' : 'none');
  }, [map, key]);
}
