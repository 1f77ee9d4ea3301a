/**
 * The field map: the main map's style (unit boundaries, parcel tiles, the default base layer), plus what a person in the
 * field needs: where they are (dot, heading, accuracy circle), the chosen parcel, field-check points, and, offline,
 * the saved parcels drawn from the phone's store instead of the tiles.
 */
import { circle } from '@turf/turf';
import type { FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import { Map as MapLibreMap, Marker, ScaleControl, setWorkerUrl, type GeoJSONSource, type ExpressionSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, useState } from 'react';
import { CATEGORIES } from '../../../core/categories.ts';
import { approach } from '../../../core/geodesy.ts';
import { FIELD_STATES } from '../../../core/field-check.ts';
import type { BaseLayerView } from '../../../core/basemaps/view.ts';
import type { CampaignDetail } from '../../api/types.ts';
import { CHINA_VIEW, flyToGeometry, unitsBounds } from '../map/camera.ts';
import { buildStyle, PARCEL_DOT_LAYER, PARCEL_FILL_LAYER } from '../map/layers.ts';
import { CATEGORY_COLORS, SELECTED_COLOR } from '../map/palette.ts';
import { planMap } from '../map/plan-map.ts';
import { useBaseLayer } from '../map/use-base-layer.ts';
import type { FieldParcel, Fix } from './types.ts';

setWorkerUrl(workerUrl);

const SAVED = 'field-saved-parcels';
const SELECTED = 'field-selected';
const ACCURACY = 'field-accuracy';
const CHECKS = 'field-checks';
/** The straight way from the person to the nearest edge of the chosen parcel. */
const WAY = 'field-way';
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Field-check states from "nothing happened" (grey) to "in production" (green); 其他 in violet. */
export const FIELD_STATE_COLORS: Record<(typeof FIELD_STATES)[number], string> = {
  not_started: '#8a94a6',
  started: '#e8912d',
  partly_built: '#2b86d1',
  in_production: '#12805c',
  other: '#7b5cc4',
};

const match = (property: string, colors: Record<string, string>, fallback: string) =>
  ['match', ['get', property], ...Object.entries(colors).flat(), fallback] as unknown as ExpressionSpecification;

function addFieldLayers(map: MapLibreMap): void {
  map.addSource(SAVED, { type: 'geojson', data: EMPTY });
  map.addSource(SELECTED, { type: 'geojson', data: EMPTY });
  map.addSource(ACCURACY, { type: 'geojson', data: EMPTY });
  map.addSource(CHECKS, { type: 'geojson', data: EMPTY });
  map.addSource(WAY, { type: 'geojson', data: EMPTY });
  map.addLayer({ id: WAY, type: 'line', source: WAY, paint: { 'line-color': '#0f2a4a', 'line-width': 2.5, 'line-dasharray': [2, 1.5] } });
  const categoryColors = Object.fromEntries(CATEGORIES.map((c) => [c, CATEGORY_COLORS[c]]));
  map.addLayer({ id: `${SAVED}-fill`, type: 'fill', source: SAVED, paint: { 'fill-color': match('category', categoryColors, '#999'), 'fill-opacity': 0.6 } });
  map.addLayer({ id: `${SAVED}-line`, type: 'line', source: SAVED, paint: { 'line-color': '#1f3f73', 'line-width': 1.2 } });
  map.addLayer({ id: `${SELECTED}-casing`, type: 'line', source: SELECTED, paint: { 'line-color': '#ffffff', 'line-width': 7 } });
  map.addLayer({ id: `${SELECTED}-line`, type: 'line', source: SELECTED, paint: { 'line-color': SELECTED_COLOR, 'line-width': 3.5 } });
  map.addLayer({ id: `${ACCURACY}-fill`, type: 'fill', source: ACCURACY, paint: { 'fill-color': '#1d5fa8', 'fill-opacity': 0.12 } });
  map.addLayer({ id: `${ACCURACY}-line`, type: 'line', source: ACCURACY, paint: { 'line-color': '#1d5fa8', 'line-width': 1, 'line-opacity': 0.5 } });
  map.addLayer({
    id: CHECKS,
    type: 'circle',
    source: CHECKS,
    paint: {
      'circle-color': match('state', FIELD_STATE_COLORS, '#8a94a6'),
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 3, 15, 7],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  });
}

export interface FieldMapProps {
  campaign: CampaignDetail;
  /** The admin's default base layer (null: none); a saved package or saved tiles draw it offline. */
  baseLayer: BaseLayerView | null;
  fix: Fix | null;
  /** Follow the person: centre on each new position (after "我的位置"), until they pan the map themselves. */
  follow: boolean;
  onFollowEnd: () => void;
  selected: { id: number; geometry: Polygon | MultiPolygon | null } | null;
  /** Pixels of the map covered by the bottom sheet, so a chosen parcel lands where it can be seen. */
  coveredBottom: () => number;
  /** Saved parcels to draw when the tiles cannot be fetched (offline); null draws none. */
  savedParcels: FieldParcel[] | null;
  fieldChecks: FeatureCollection<Point> | null;
  onSelectParcel: (id: number) => void;
}

export function FieldMap(props: FieldMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const marker = useRef<{ marker: Marker; element: HTMLDivElement } | null>(null);

  useEffect(() => {
    const { campaign } = latest.current;
    const bounds = unitsBounds(campaign.units.features);
    const instance = planMap({
      container: container.current!,
      style: buildStyle(campaign),
      ...(bounds ? { bounds, fitBoundsOptions: { padding: 24 } } : CHINA_VIEW),
    });
    instance.addControl(new ScaleControl({ unit: 'metric', maxWidth: 100 }), 'bottom-left');
    window.__panhuo = { map: instance };
    instance.on('load', () => {
      addFieldLayers(instance);
      setMap(instance);
      instance.once('idle', () => {
        document.body.dataset.mapReady = 'true';
      });
    });
    // A pan by the person's own finger ends following; moves made by the app carry no originalEvent.
    instance.on('dragstart', () => latest.current.onFollowEnd());
    instance.on('error', () => {
      // Tiles fail offline; the saved parcels are drawn instead, so these are expected and not worth a message.
    });
    instance.on('click', (event) => {
      const slop = 10;
      const box: [[number, number], [number, number]] = [
        [event.point.x - slop, event.point.y - slop],
        [event.point.x + slop, event.point.y + slop],
      ];
      // A field-check point opens the parcel it was made on.
      const check = instance.queryRenderedFeatures(box, { layers: [CHECKS] })[0];
      const layers = [PARCEL_FILL_LAYER, PARCEL_DOT_LAYER, `${SAVED}-fill`].filter((id) => instance.getLayer(id));
      const hit = instance.queryRenderedFeatures(event.point, { layers })[0] ?? instance.queryRenderedFeatures(box, { layers })[0];
      const id = check ? check.properties?.parcelId : (hit?.id ?? hit?.properties?.id);
      if (typeof id === 'number') latest.current.onSelectParcel(id);
    });
    return () => {
      instance.remove();
      delete window.__panhuo;
      delete document.body.dataset.mapReady;
    };
  }, []);

  useBaseLayer(map, props.baseLayer);

  // The person: a dot with a heading wedge (when the phone reports one) and the accuracy circle.
  useEffect(() => {
    if (!map) return;
    const fix = props.fix;
    (map.getSource(ACCURACY) as GeoJSONSource).setData(
      fix ? circle([fix.lon, fix.lat], Math.max(fix.accuracyM, 1), { units: 'meters', steps: 48 }) : EMPTY,
    );
    if (!fix) {
      marker.current?.marker.remove();
      marker.current = null;
      return;
    }
    if (!marker.current) {
      const element = document.createElement('div');
      element.className = 'field-me';
      element.setAttribute('role', 'img');
      element.setAttribute('aria-label', '我的位置');
      element.innerHTML = '<span class="field-me__heading"></span><span class="field-me__toward" hidden></span><span class="field-me__dot"></span>';
      marker.current = { element, marker: new Marker({ element }).setLngLat([fix.lon, fix.lat]).addTo(map) };
    }
    marker.current.marker.setLngLat([fix.lon, fix.lat]);
    const heading = marker.current.element.querySelector<HTMLElement>('.field-me__heading')!;
    heading.hidden = fix.headingDeg === null;
    if (fix.headingDeg !== null) heading.style.transform = `rotate(${fix.headingDeg}deg)`;
    if (props.follow) map.easeTo({ center: [fix.lon, fix.lat], zoom: Math.max(map.getZoom(), 15), duration: 600 });
  }, [map, props.fix, props.follow]);

  useEffect(() => {
    if (!map) return;
    const geometry = props.selected?.geometry ?? null;
    (map.getSource(SELECTED) as GeoJSONSource).setData(geometry ? { type: 'Feature', properties: {}, geometry } : EMPTY);
    if (!geometry) return;
    // The person and the parcel together, when they are close enough for the way between them to matter: choosing a
    // parcel ends following, else the person's own dot would pull the parcel off the screen.
    if (latest.current.follow) latest.current.onFollowEnd();
    const fix = latest.current.fix;
    const near = fix && approach(fix, geometry).nearest.distanceM < 5_000;
    const shown: Geometry = near ? { type: 'GeometryCollection', geometries: [geometry, { type: 'Point', coordinates: [fix.lon, fix.lat] }] } : geometry;
    flyToGeometry(map, shown, { coveredBottom: latest.current.coveredBottom(), maxZoom: 16 });
  }, [map, props.selected?.id, props.selected?.geometry, props.fix !== null]);

  // An arrow on the person's dot toward the parcel's nearest edge (north-up map: the bearing is the rotation).
  useEffect(() => {
    const element = marker.current?.element;
    const toward = element?.querySelector<HTMLElement>('.field-me__toward');
    if (!toward) return;
    const geometry = props.selected?.geometry;
    const a = geometry && props.fix ? approach(props.fix, geometry) : null;
    toward.hidden = !a || a.inside;
    if (a && !a.inside) {
      toward.style.transform = `rotate(${a.nearest.bearingDeg}deg)`;
      element!.dataset.towardDeg = a.nearest.bearingDeg.toFixed(1);
    } else delete element!.dataset.towardDeg;
  }, [map, props.fix, props.selected?.geometry]);

  useEffect(() => {
    if (!map) return;
    const geometry = props.selected?.geometry;
    const fix = props.fix;
    const edge = geometry && fix ? approach(fix, geometry) : null;
    (map.getSource(WAY) as GeoJSONSource).setData(
      edge && !edge.inside && fix
        ? { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[fix.lon, fix.lat], [edge.nearest.point.lon, edge.nearest.point.lat]] } }
        : EMPTY,
    );
  }, [map, props.fix, props.selected?.geometry]);

  useEffect(() => {
    if (!map) return;
    const saved = props.savedParcels ?? [];
    (map.getSource(SAVED) as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: saved.flatMap((p) => (p.geometry ? [{ type: 'Feature' as const, id: p.properties.id, properties: { id: p.properties.id, category: p.properties.category }, geometry: p.geometry }] : [])),
    });
  }, [map, props.savedParcels]);

  useEffect(() => {
    if (map) (map.getSource(CHECKS) as GeoJSONSource).setData(props.fieldChecks ?? EMPTY);
  }, [map, props.fieldChecks]);

  return <div ref={container} className="field-map" />;
}
