/** Moving the map to what the user chose: a parcel, a unit, or a whole campaign. */
import { bbox } from '@turf/turf';
import type { Geometry } from 'geojson';
import type { LngLatBoundsLike, Map as MapLibreMap } from 'maplibre-gl';
import type { UnitFeature } from '../../api/types.ts';

/** Where to look when a campaign has no unit boundaries at all: mainland China. */
export const CHINA_VIEW = { center: [104.5, 35.5] as [number, number], zoom: 3.4 };

function boundsOf(geometries: Geometry[]): LngLatBoundsLike | null {
  if (!geometries.length) return null;
  const [minLon, minLat, maxLon, maxLat] = bbox({ type: 'GeometryCollection', geometries });
  return [minLon, minLat, maxLon, maxLat];
}

export function unitsBounds(units: UnitFeature[]): LngLatBoundsLike | null {
  return boundsOf(units.flatMap((u) => (u.geometry ? [u.geometry] : [])));
}

/** Padding that scales with the map, so a phone-sized map still shows the shape and not just margin. */
function padding(map: MapLibreMap): number {
  const canvas = map.getContainer();
  return Math.max(16, Math.min(64, Math.min(canvas.clientWidth, canvas.clientHeight) * 0.08));
}

/**
 * Flies to a shape; parcels stop at a zoom where their neighbours are still in view. `coveredBottom`: pixels of
 * the map hidden by a panel over its lower part (a phone's bottom sheet), so the shape lands where it can be seen.
 */
export function flyToGeometry(map: MapLibreMap, geometry: Geometry, options: { maxZoom?: number; coveredBottom?: number } = {}): void {
  const bounds = boundsOf([geometry]);
  if (!bounds) return;
  const p = padding(map);
  map.fitBounds(bounds, { padding: { top: p, left: p, right: p, bottom: p + (options.coveredBottom ?? 0) }, maxZoom: options.maxZoom ?? 15, duration: 900 });
}

export function flyToBounds(map: MapLibreMap, bounds: LngLatBoundsLike, animate = true): void {
  map.fitBounds(bounds, { padding: padding(map), maxZoom: 15, duration: animate ? 900 : 0 });
}
