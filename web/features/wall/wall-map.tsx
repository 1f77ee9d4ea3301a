/**
 * The wall's map: MapLibre alone — units filled by pace, their names placed as symbols (collisions resolved by
 * MapLibre, counties before zones), this week's disposals as points under the names, and on a kiosk stop a callout
 * for one unit (a card in a corner of the map, a line to the unit). No camera moves: the whole campaign stays in view. Why no deck.gl any more: its 3D columns hid the
 * labels and, in the kiosk, the map itself; a flat choropleth says pace at a glance and the figures are in the table.
 * Created once; figures flow in by setData, so a refresh never reloads or flickers the map.
 */
import type { Feature, MultiPolygon, Point } from 'geojson';
import { Map as MapLibreMap, setWorkerUrl, type GeoJSONSource, type LngLatBoundsLike } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CampaignDetail, CampaignProgress, TaskKey } from '../../api/types.ts';
import { pct } from '../../format.ts';
import { defaultLayer, useBaseLayers } from '../basemaps/use-base-layers.ts';
import { applyBaseLayer } from '../map/basemaps.ts';
import { unitsBounds } from '../map/camera.ts';
import { MAP_LOCALE } from '../map/locale.ts';
import { figuresOf } from './rank-rows.ts';
import type { LatestDisposal } from './use-wall-data.ts';
import { LABEL_PX, RATE_PX, WALL_CALLOUT_LAYER, WALL_CALLOUT_SOURCE, WALL_FOCUS_LAYER, WALL_LABEL_LAYER, WALL_RATE_LAYER, WALL_LABELS_SOURCE, WALL_UNITS_SOURCE, WALL_WEEK_LAYER, WALL_WEEK_SOURCE, wallStyle } from './wall-style.ts';

setWorkerUrl(workerUrl);

interface WallMapProps {
  campaign: CampaignDetail;
  progress: CampaignProgress;
  task: TaskKey;
  thisWeek: LatestDisposal[];
  /** A kiosk stop's unit: outlined, with `callout` in a card that points at it. */
  focus: { unitId: number; callout: ReactNode } | null;
  /** Called once the map has drawn the figures it was given (the wall's ready signal for tests and snapshots). */
  onDrawn: () => void;
}

/** The wall's scale against its 1080p design (wall.css sets the root font size from the viewport: 16 px at 1080p). */
function wallScale(): number {
  return Number.parseFloat(getComputedStyle(document.documentElement).fontSize) / 16 || 1;
}

/** Sizes in the map's style are pixels: grow them with the page, so 4K shows the 1080p design at twice the size. */
function scaleMap(map: MapLibreMap) {
  const s = wallScale();
  map.setLayoutProperty(WALL_LABEL_LAYER, 'text-size', LABEL_PX * s);
  map.setPaintProperty(WALL_LABEL_LAYER, 'text-halo-width', 2.5 * s);
  map.setLayoutProperty(WALL_RATE_LAYER, 'text-size', RATE_PX * s);
  map.setPaintProperty(WALL_RATE_LAYER, 'text-halo-width', 2.5 * s);
  map.setPaintProperty(WALL_WEEK_LAYER, 'circle-radius', 6 * s);
  map.setPaintProperty(WALL_WEEK_LAYER, 'circle-stroke-width', 2 * s);
  map.setPaintProperty('wall-units-outline', 'line-width', 2 * s);
  map.setPaintProperty(WALL_FOCUS_LAYER, 'line-width', 6 * s);
  map.setPaintProperty(WALL_CALLOUT_LAYER, 'line-width', 3 * s);
}

function fit(map: MapLibreMap, bounds: LngLatBoundsLike) {
  const { clientWidth: w, clientHeight: h } = map.getContainer();
  map.fitBounds(bounds, { padding: Math.round(Math.min(w, h) * 0.04), duration: 0 });
}

function paceFeatures(campaign: CampaignDetail, progress: CampaignProgress, task: TaskKey): Array<Feature<MultiPolygon>> {
  const byId = new Map(progress.units.map((u) => [u.unitId, u]));
  return campaign.units.features.flatMap((f) => {
    if (!f.geometry) return [];
    const unit = byId.get(f.properties.id);
    const pace = (unit && figuresOf(unit, task)?.pace) ?? 'no_task';
    return [{ type: 'Feature', geometry: f.geometry, properties: { id: f.properties.id, pace } }];
  });
}

/** A point per unit with its name and rate; zones sort after counties, so a county's name is never the one displaced. */
function labelFeatures(campaign: CampaignDetail, progress: CampaignProgress, task: TaskKey): Array<Feature<Point>> {
  const byId = new Map(progress.units.map((u) => [u.unitId, u]));
  return campaign.units.features.flatMap((f, index) => {
    const p = f.properties;
    if (!p.labelPoint) return [];
    const unit = byId.get(p.id);
    const rate = unit ? figuresOf(unit, task)?.rate : null;
    return [
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: p.labelPoint },
        properties: { id: p.id, name: p.name, rate: rate == null ? '无任务' : pct(rate), priority: (p.kind === 'zone' ? 1000 : 0) + index },
      },
    ];
  });
}

type Corner = 'top-left' | 'top-right' | 'bottom-right';
/** The legend holds the bottom-left corner; the callout takes the free corner nearest its unit. */
const CORNERS: Corner[] = ['top-left', 'top-right', 'bottom-right'];

/**
 * The map corner for a unit's callout: the one nearest the unit's label. A corner lies outside a fitted campaign's
 * shape (which is roughly round), so the card covers margin rather than other units; a line leads from it to the unit.
 */
function nearestCorner(x: number, y: number, w: number, h: number): Corner {
  const at: Record<Corner, [number, number]> = { 'top-left': [0, 0], 'top-right': [w, 0], 'bottom-right': [w, h] };
  return CORNERS.reduce((best, c) => (Math.hypot(at[c][0] - x, at[c][1] - y) < Math.hypot(at[best][0] - x, at[best][1] - y) ? c : best));
}

export function WallMap(props: WallMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const { campaign, progress, task, thisWeek, focus } = props;
  const bounds = useMemo(() => unitsBounds(campaign.units.features), [campaign]);

  useEffect(() => {
    const instance = new MapLibreMap({
      container: container.current!,
      style: wallStyle(),
      ...(bounds ? { bounds } : { center: [104.5, 35.5], zoom: 3.4 }),
      locale: MAP_LOCALE,
      attributionControl: false,
      // A wall is looked at, not handled; an accidental touch must not leave it somewhere odd.
      interactive: false,
    });
    // The map is on window for the browser tests (as on the desk): they ask it which labels it placed.
    window.__panhuo = { map: instance };
    const refit = () => {
      scaleMap(instance);
      if (bounds) fit(instance, bounds);
    };
    instance.on('load', () => {
      // The grid may have sized the container after the map was made: measure again before the first fit.
      instance.resize();
      refit();
      setMap(instance);
    });
    instance.on('resize', refit);
    return () => {
      instance.remove();
      delete window.__panhuo;
    };
  }, [bounds]);

  useEffect(() => {
    if (!map) return;
    (map.getSource(WALL_UNITS_SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features: paceFeatures(campaign, progress, task) });
    (map.getSource(WALL_LABELS_SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features: labelFeatures(campaign, progress, task) });
    const points = thisWeek.flatMap((d): Array<Feature<Point>> => (d.point ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: d.point }, properties: { id: d.id } }] : []));
    (map.getSource(WALL_WEEK_SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features: points });
    map.once('idle', () => latest.current.onDrawn());
  }, [map, campaign, progress, task, thisWeek]);

  // The admin's default base layer under the pace colours, which stay the message (less opaque, so the base shows).
  const base = defaultLayer(useBaseLayers());
  const baseKey = base ? JSON.stringify(base) : null;
  useEffect(() => {
    if (!map) return;
    applyBaseLayer(map, base, 'wall-units-fill');
    map.setPaintProperty('wall-units-fill', 'fill-opacity', baseKey ? 0.72 : 0.92);
  }, [map, baseKey]);

  // The callout: a card in the map corner nearest the unit, and a line from the card to the unit's label point.
  const card = useRef<HTMLDivElement>(null);
  const [corner, setCorner] = useState<Corner>('top-right');
  const focusId = focus?.unitId ?? null;
  const point = campaign.units.features.find((f) => f.properties.id === focusId)?.properties.labelPoint ?? null;
  useEffect(() => {
    if (!map) return;
    map.setFilter(WALL_FOCUS_LAYER, ['==', ['get', 'id'], focusId ?? -1]);
    if (!point) return;
    const pick = () => {
      const { x, y } = map.project(point);
      const { clientWidth: w, clientHeight: h } = map.getContainer();
      setCorner(nearestCorner(x, y, w, h));
    };
    pick();
    map.on('resize', pick);
    return () => {
      map.off('resize', pick);
    };
  }, [map, focusId, point]);
  // After the card is drawn in its corner: the line from its corner that faces the map's middle to the unit.
  useEffect(() => {
    if (!map) return;
    const line = map.getSource(WALL_CALLOUT_SOURCE) as GeoJSONSource;
    if (!point || !card.current) {
      line.setData({ type: 'FeatureCollection', features: [] });
      return;
    }
    const draw = () => {
      const rect = card.current!.getBoundingClientRect();
      const box = map.getContainer().getBoundingClientRect();
      const from: [number, number] = [(corner.endsWith('left') ? rect.right : rect.left) - box.left, (corner.startsWith('top') ? rect.bottom : rect.top) - box.top];
      line.setData({ type: 'Feature', geometry: { type: 'LineString', coordinates: [map.unproject(from).toArray(), point] }, properties: {} });
    };
    draw();
    map.on('resize', draw);
    return () => {
      map.off('resize', draw);
    };
  }, [map, point, corner]);

  return (
    <>
      <div ref={container} className="wall-map" aria-label="单位完成情况地图" data-testid="wall-map" />
      {base?.attribution && <p className="wall-map-credit">{base.attribution}</p>}
      {focus && (
        <div ref={card} className={`wall-callout wall-callout--${corner}`}>
          {focus.callout}
        </div>
      )}
    </>
  );
}
