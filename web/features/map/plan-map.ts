/** A MapLibre map as the desk and the phone both make it: Chinese control labels, compact attribution, north-up. */
import { Map as MapLibreMap, type MapOptions } from 'maplibre-gl';
import { MAP_LOCALE } from './locale.ts';
import { BACKGROUND_COLOR } from './palette.ts';

export function planMap(options: MapOptions & { container: HTMLElement }): MapLibreMap {
  // The plain ground under everything is the container's colour, not a background layer: the map's canvas is clear where
  // nothing is drawn, and a layer would cost one more shader program before the first view and a full-screen fill per frame.
  options.container.style.backgroundColor = BACKGROUND_COLOR;
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
