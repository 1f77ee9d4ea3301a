/**
 * The wall's map: MapLibre draws the units by pace and the parcels; deck.gl adds what a choropleth cannot say —
 * a column per unit, its glass the task and its fill the mu disposed, and this week's disposals as bright points.
 * Created once; figures flow in by setData/setProps, so a refresh never reloads or flickers the map.
 */
import { ColumnLayer, ScatterplotLayer } from '@deck.gl/layers';
import { MapboxOverlay } from '@deck.gl/mapbox';
import bbox from '@turf/bbox';
import type { Feature, MultiPolygon } from 'geojson';
import { Map as MapLibreMap, setWorkerUrl, type GeoJSONSource, type LngLatBoundsLike } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import '../map/map.css';
import { useEffect, useRef, useState } from 'react';
import type { CampaignDetail, CampaignProgress, TaskKey } from '../../api/types.ts';
import { unitsBounds } from '../map/camera.ts';
import { MAP_LOCALE } from '../map/locale.ts';
import { showUnitLabels } from '../map/unit-labels.ts';
import { unitLabels } from '../map/use-unit-labels.ts';
import { WALL_PACE_COLORS, WEEK_HIGHLIGHT, rgba } from './palette.ts';
import { figuresOf } from './rank-rows.ts';
import type { LatestDisposal } from './use-wall-data.ts';
import { WALL_FOCUS_LAYER, WALL_UNITS_SOURCE, wallStyle } from './wall-style.ts';

setWorkerUrl(workerUrl);

/** Tilted so the columns read as heights; north stays roughly up so the map still matches the paper one. */
const VIEW = { pitch: 45, bearing: -8 };
/** The tallest task column stands this many metres high: about a fifth of a city's width at this pitch. */
const TALLEST_COLUMN_M = 30_000;
/** Wide enough to read as a column at a whole city's zoom, narrow enough that neighbouring units' do not touch. */
const COLUMN_RADIUS_M = 6_000;

interface Column {
  unitId: number;
  position: [number, number];
  taskMu: number;
  disposedMu: number;
  color: [number, number, number, number];
}

interface WallMapProps {
  campaign: CampaignDetail;
  progress: CampaignProgress | null;
  task: TaskKey;
  thisWeek: LatestDisposal[];
  /** The unit the kiosk tour is showing, or null for the whole campaign. */
  focusUnitId: number | null;
  /** Called once the map has drawn the figures it was given (the wall's ready signal for tests and snapshots). */
  onDrawn: () => void;
}

function columnsOf(campaign: CampaignDetail, progress: CampaignProgress | null, task: TaskKey): Column[] {
  const byId = new Map((progress?.units ?? []).map((u) => [u.unitId, u]));
  return campaign.units.features.flatMap((f) => {
    const p = f.properties;
    const figures = byId.get(p.id) && figuresOf(byId.get(p.id)!, task);
    if (!p.labelPoint || !figures || figures.taskMu == null) return [];
    return [{ unitId: p.id, position: p.labelPoint, taskMu: figures.taskMu, disposedMu: figures.disposedMu, color: rgba(WALL_PACE_COLORS[figures.pace]) }];
  });
}

function paceFeatures(campaign: CampaignDetail, progress: CampaignProgress | null, task: TaskKey): Array<Feature<MultiPolygon>> {
  const byId = new Map((progress?.units ?? []).map((u) => [u.unitId, u]));
  return campaign.units.features.flatMap((f) => {
    if (!f.geometry) return [];
    const unit = byId.get(f.properties.id);
    const pace = (unit && figuresOf(unit, task)?.pace) ?? 'no_task';
    return [{ type: 'Feature', geometry: f.geometry, properties: { id: f.properties.id, pace } }];
  });
}

/**
 * Frames the bounds as seen from straight above, then tilts and zooms in by what the tilt takes away: seen at a
 * pitch the ground's depth shrinks by about cos(pitch), and MapLibre's own fit under a pitch leaves the wall half empty.
 */
function fit(map: MapLibreMap, bounds: LngLatBoundsLike, animate: boolean, margin: number) {
  const { clientWidth: w, clientHeight: h } = map.getContainer();
  const camera = map.cameraForBounds(bounds, { padding: Math.round(Math.min(w, h) * margin), bearing: VIEW.bearing, pitch: 0 });
  if (!camera?.center || camera.zoom === undefined) return;
  const tiltZoom = Math.log2(1 / Math.cos((VIEW.pitch * Math.PI) / 180)) * 0.8;
  const target = { center: camera.center, zoom: camera.zoom + tiltZoom, ...VIEW };
  if (animate) map.flyTo({ ...target, duration: 2500, essential: true });
  else map.jumpTo(target);
}

export function WallMap(props: WallMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const [parts, setParts] = useState<{ map: MapLibreMap; overlay: MapboxOverlay } | null>(null);
  const latest = useRef(props);
  latest.current = props;
  // The first fit is immediate (nothing to animate from); later ones fly, so the room sees where the map went.
  const fitted = useRef(false);

  useEffect(() => {
    const { campaign } = latest.current;
    const bounds = unitsBounds(campaign.units.features);
    const map = new MapLibreMap({
      container: container.current!,
      style: wallStyle(campaign.id),
      ...(bounds ? { bounds, fitBoundsOptions: { padding: 60, ...VIEW } } : { center: [104.5, 35.5], zoom: 3.4 }),
      ...VIEW,
      locale: MAP_LOCALE,
      attributionControl: false,
      // A wall is looked at, not handled; an accidental touch must not leave it tilted somewhere odd.
      interactive: false,
    });
    const overlay = new MapboxOverlay({ interleaved: false, layers: [] });
    map.addControl(overlay);
    window.__panhuo = { map };
    map.on('load', () => {
      // The grid may have sized the container after the map was made: measure again before the first fit.
      map.resize();
      setParts({ map, overlay });
    });
    return () => {
      map.remove();
      delete window.__panhuo;
    };
  }, []);

  const { campaign, progress, task, thisWeek, focusUnitId } = props;

  useEffect(() => {
    if (!parts) return;
    const { map, overlay } = parts;
    (map.getSource(WALL_UNITS_SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features: paceFeatures(campaign, progress, task) });
    const columns = columnsOf(campaign, progress, task);
    const tallest = Math.max(1, ...columns.map((c) => c.taskMu));
    const common = { data: columns, getPosition: (c: Column) => c.position, diskResolution: 24, extruded: true, elevationScale: TALLEST_COLUMN_M / tallest };
    overlay.setProps({
      layers: [
        // The fill first: drawn after it, the translucent glass of the task still lets it show through.
        new ColumnLayer<Column>({
          id: 'wall-disposed',
          ...common,
          radius: COLUMN_RADIUS_M * 0.72,
          getElevation: (c) => c.disposedMu,
          getFillColor: (c) => c.color,
          transitions: { getElevation: 800 },
          updateTriggers: { getElevation: task, getFillColor: task },
        }),
        new ColumnLayer<Column>({
          id: 'wall-task-glass',
          ...common,
          radius: COLUMN_RADIUS_M,
          getElevation: (c) => c.taskMu,
          getFillColor: [226, 232, 240, 46],
          // Transitions let a new figure grow the column rather than jump.
          updateTriggers: { getElevation: task },
        }),
        new ScatterplotLayer<LatestDisposal>({
          id: 'wall-this-week',
          data: thisWeek.filter((d) => d.point),
          getPosition: (d) => d.point!,
          getRadius: 500,
          radiusMinPixels: 7,
          radiusMaxPixels: 28,
          stroked: true,
          getFillColor: rgba(WEEK_HIGHLIGHT, 235),
          getLineColor: [10, 20, 34, 255],
          lineWidthMinPixels: 2,
        }),
      ],
    });
    const removeLabels = showUnitLabels(map, unitLabels(campaign, progress, task));
    if (progress) map.once('idle', () => latest.current.onDrawn());
    return removeLabels;
  }, [parts, campaign, progress, task, thisWeek]);

  useEffect(() => {
    if (!parts) return;
    const { map } = parts;
    map.setFilter(WALL_FOCUS_LAYER, ['==', ['get', 'id'], focusUnitId ?? -1]);
    const unit = campaign.units.features.find((f) => f.properties.id === focusUnitId && f.geometry);
    const bounds = unit ? (bbox(unit.geometry!) as [number, number, number, number]) : unitsBounds(campaign.units.features);
    // A single unit keeps a wider margin: its neighbours' edges tell the room where on the map it lies.
    if (bounds) fit(map, bounds, focusUnitId !== null || fitted.current, unit ? 0.18 : 0.06);
    fitted.current = true;
  }, [parts, campaign, focusUnitId]);

  return <div ref={container} className="wall-map" aria-label="单位完成情况地图" />;
}
