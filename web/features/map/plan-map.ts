/** A MapLibre map as the desk and the phone both make it: Chinese control labels, compact attribution, north-up. */
import { Map as MapLibreMap, type MapOptions } from 'maplibre-gl';
import { MAP_LOCALE } from './locale.ts';

export function planMap(options: MapOptions): MapLibreMap {
  const map = new MapLibreMap({
    ...options,
    locale: MAP_LOCALE,
    // Plan maps are read north-up; rotation only confuses when comparing with the paper wall map.
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    attributionControl: { compact: true },
  });
  map.touchZoomRotate.disableRotation();
  return map;
}
