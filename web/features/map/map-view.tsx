/**
 * The map: created once, kept across campaign switches (sources are swapped, not the map), so tests and the
 * URL see one map. Everything else (filters, selection, labels, basemap) is applied to it by small effects.
 */
import {
  Map as MapLibreMap,
  NavigationControl,
  prewarm,
  ScaleControl,
  setWorkerUrl,
  type FilterSpecification,
  type GeoJSONSource,
  type LngLat,
  type MapMouseEvent,
  type Point,
  type VectorTileSource,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, useState } from 'react';
import type { CampaignDetail } from '../../api/types.ts';
import type { MapView as View } from '../../url-state.ts';
import { parcelFilterExpression, type ParcelFilters } from '../filters/parcel-filters.ts';
import type { BaseLayerView } from '../../../core/basemaps/view.ts';
import { BASE_PREFIX } from './basemaps.ts';
import { CHINA_VIEW, flyToBounds, unitsBounds } from './camera.ts';
import { useParcelHover } from './hover.ts';
import {
  buildStyle,
  FILTERED_PARCEL_LAYERS,
  PARCEL_DOT_LAYER,
  PARCEL_FILL_LAYER,
  PARCEL_SELECTED_LAYERS,
  PARCELS_SOURCE,
  parcelTilesUrl,
  selectedFilter,
  UNIT_FILL_LAYER,
  UNIT_ILLUSTRATIVE_OUTLINE_LAYER,
  UNIT_OUTLINE_LAYER,
  UNITS_SOURCE,
  unitsData,
} from './layers.ts';
import { preloadParts } from '../../shell/lazy-part.tsx';
import { planMap } from './plan-map.ts';
import { showUnitLabels, type UnitLabel } from './unit-labels.ts';
import { useBaseLayer } from './use-base-layer.ts';

setWorkerUrl(workerUrl);

/**
 * Starts MapLibre's workers (their script fetched and compiled) while the desk still waits for its campaign, instead of
 * when the map is made: on the desk's opening path that was ~0.3–0.5 s after the campaign arrived.
 */
export function prewarmMap(): void {
  prewarm();
}

declare global {
  interface Window {
    /** For end-to-end tests: the live map. */
    __panhuo?: { map: MapLibreMap };
  }
}

interface MapViewProps {
  campaign: CampaignDetail;
  /** The view from a shared link; without it the map fits the campaign's units. */
  initialView: View | null;
  filters: ParcelFilters;
  selectedParcelId: number | null;
  unitLabels: UnitLabel[];
  /** The base layer under our own (null: none, the unit tint shows instead). */
  baseLayer: BaseLayerView | null;
  /**
   * The map, once its style has loaded. Not earlier: MapLibre loads even an inline style on the next animation frame,
   * and a panel adding a layer before then throws ("Style is not done loading."), which unmounted the whole page
   * when a click during load ran the panels' effects before that frame.
   */
  onMapReady: (map: MapLibreMap) => void;
  /** A parcel clicked on the map, with where it was clicked. */
  onSelectParcel: (id: number, at: LngLat) => void;
  onViewChange: (view: View) => void;
  tilesRevision: number;
  /** The base layer's tiles failed to load (no internet, a wrong key, a server away). */
  onBasemapError: () => void;
}

function currentView(map: MapLibreMap): View {
  const c = map.getCenter();
  return { lon: c.lng, lat: c.lat, zoom: map.getZoom() };
}

/** The parcel under a click; on a phone or zoomed out, a few pixels around it, as parcels are then small. */
function parcelAt(map: MapLibreMap, point: Point): number | null {
  const exact = map.queryRenderedFeatures(point, { layers: [PARCEL_FILL_LAYER] });
  const slop = 6;
  const near = exact.length
    ? exact
    : map.queryRenderedFeatures(
        [
          [point.x - slop, point.y - slop],
          [point.x + slop, point.y + slop],
        ],
        { layers: [PARCEL_FILL_LAYER, PARCEL_DOT_LAYER] },
      );
  const id = near[0]?.id;
  return typeof id === 'number' ? id : null;
}

export function MapView(props: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  // Handlers change identity on every render of the page; the map listens once and reads the latest.
  const latest = useRef(props);
  latest.current = props;
  const fittedCampaign = useRef<number | null>(null);
  // The campaign whose units the map holds (the style's, then each one switched to).
  const shownCampaign = useRef<CampaignDetail | null>(null);

  useEffect(() => {
    const { campaign, initialView } = latest.current;
    const bounds = unitsBounds(campaign.units.features);
    const instance = planMap({
      container: container.current!,
      style: buildStyle(campaign),
      ...(initialView
        ? { center: [initialView.lon, initialView.lat], zoom: initialView.zoom }
        : bounds
          ? { bounds, fitBoundsOptions: { padding: 32 } }
          : CHINA_VIEW),
    });
    instance.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    instance.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
    fittedCampaign.current = campaign.id;
    shownCampaign.current = campaign;
    window.__panhuo = { map: instance };

    instance.on('load', () => {
      setMap(instance);
      latest.current.onMapReady(instance);
      // Tests and the bench wait for this: the units and the parcel tiles are in and nothing is moving.
      const onIdle = () => {
        if (!instance.isSourceLoaded(PARCELS_SOURCE) || !instance.isSourceLoaded(UNITS_SOURCE)) return;
        document.body.dataset.mapReady = 'true';
        instance.off('idle', onIdle);
        // The first view is drawn: now the parts kept off its path (dialogs, drawing, the ledger table).
        preloadParts();
      };
      instance.on('idle', onIdle);
    });
    instance.on('moveend', () => latest.current.onViewChange(currentView(instance)));
    instance.on('error', (event) => {
      // MapLibre names the failing source on tile errors, though its event type does not declare it.
      const sourceId = (event as { sourceId?: unknown }).sourceId;
      if (typeof sourceId === 'string' && sourceId.startsWith(BASE_PREFIX)) latest.current.onBasemapError();
      // Listening replaces MapLibre's own logging of errors; keep the others visible to whoever debugs.
      else console.error(event.error);
    });
    instance.on('click', (event: MapMouseEvent) => {
      const id = parcelAt(instance, event.point);
      if (id !== null) latest.current.onSelectParcel(id, event.lngLat);
    });
    return () => {
      instance.remove();
      delete window.__panhuo;
      delete document.body.dataset.mapReady;
    };
  }, []);

  useParcelHover(map);

  // A campaign's units and parcels; when switching campaigns, show the new one's units whole. Only what changed: the
  // style already holds the first campaign, and setting the same tiles again would make MapLibre load them all anew.
  useEffect(() => {
    if (!map) return;
    const { campaign } = props;
    if (shownCampaign.current !== campaign) {
      shownCampaign.current = campaign;
      (map.getSource(UNITS_SOURCE) as GeoJSONSource).setData(unitsData(campaign));
    }
    const parcels = map.getSource(PARCELS_SOURCE) as VectorTileSource;
    const tiles = parcelTilesUrl(campaign.id, props.tilesRevision);
    if (parcels.tiles[0] !== tiles) parcels.setTiles([tiles]);
    if (fittedCampaign.current !== campaign.id) {
      fittedCampaign.current = campaign.id;
      const bounds = unitsBounds(campaign.units.features);
      if (bounds) flyToBounds(map, bounds);
      else map.jumpTo(CHINA_VIEW);
    }
  }, [map, props.campaign]);

  // The parcel tiles anew after an edit. Deferred to the next rendered frame: a filter change in the same update (the
  // deleted parcel's selection cleared, say) pauses the source, and MapLibre then turns the forced reload into one
  // that re-reads the tiles it already has.
  useEffect(() => {
    if (!map || props.tilesRevision === 0) return;
    const refresh = () => (map.getSource(PARCELS_SOURCE) as VectorTileSource).setTiles([parcelTilesUrl(latest.current.campaign.id, props.tilesRevision)]);
    map.once('render', refresh);
    map.triggerRepaint();
    return () => {
      map.off('render', refresh);
    };
  }, [map, props.tilesRevision]);

  useEffect(() => {
    if (!map) return;
    const user = parcelFilterExpression(props.filters);
    for (const { id, own } of FILTERED_PARCEL_LAYERS) {
      const parts = [user, own].filter((f): f is FilterSpecification => f !== null);
      map.setFilter(id, parts.length === 0 ? null : parts.length === 1 ? parts[0]! : (['all', ...parts] as FilterSpecification));
    }
    // The chosen unit stands out; the others recede.
    const unit = props.filters.unitId;
    map.setPaintProperty(UNIT_FILL_LAYER, 'fill-opacity', unit === null ? 0.55 : ['case', ['==', ['get', 'id'], unit], 0.8, 0.25]);
    for (const layer of [UNIT_OUTLINE_LAYER, UNIT_ILLUSTRATIVE_OUTLINE_LAYER]) {
      map.setPaintProperty(layer, 'line-width', unit === null ? 1.4 : ['case', ['==', ['get', 'id'], unit], 3, 1]);
    }
  }, [map, props.filters]);

  useEffect(() => {
    if (!map) return;
    for (const layer of PARCEL_SELECTED_LAYERS) map.setFilter(layer, selectedFilter(props.selectedParcelId));
  }, [map, props.selectedParcelId]);

  useEffect(() => (map ? showUnitLabels(map, props.unitLabels) : undefined), [map, props.unitLabels]);

  useBaseLayer(map, props.baseLayer);

  return <div ref={container} className="map-canvas" />;
}
