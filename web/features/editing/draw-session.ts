/**
 * One drawing session on the map with terra-draw: a new polygon (click vertices, click the first or last vertex to
 * close), or one existing boundary loaded for vertex editing. Only that one feature is ever in terra-draw's store
 * (it slows down with thousands); the other parcels stay in the vector tiles, and vertices snap to theirs.
 */
import type { Polygon, Position } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';
import {
  TerraDraw,
  TerraDrawModeUndoRedo,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  TerraDrawSessionUndoRedo,
  type GeoJSONStoreFeatures,
  type SnapToCustom,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { PARCEL_FILL_LAYER } from '../map/layers.ts';

interface DrawSessionEvents {
  /** The polygon as it stands (while drawing, including the vertex following the pointer); closed once finished. */
  onChange: (polygon: Polygon | null, closed: boolean) => void;
  onHistory: (canUndo: boolean, canRedo: boolean) => void;
}

/** How near (pixels) a pointer must come to another parcel's vertex to snap to it. */
const SNAP_PIXELS = 10;
/**
 * Tile vertices are quantised to the tile's grid: centimetres from zoom 15 on, but a metre or more when zoomed out,
 * where a snap would move a boundary point rather than join it to its neighbour.
 */
const SNAP_MIN_ZOOM = 15;
const LINE = '#e8590c';

const polygonStyles = {
  fillColor: LINE,
  fillOpacity: 0.18,
  outlineColor: LINE,
  outlineWidth: 2.5,
  closingPointColor: '#ffffff',
  closingPointOutlineColor: LINE,
  closingPointWidth: 7,
  closingPointOutlineWidth: 2.5,
  snappingPointColor: '#ffd43b',
  snappingPointOutlineColor: '#0f2a4a',
  snappingPointWidth: 6,
  snappingPointOutlineWidth: 2,
} as const;

const selectStyles = {
  selectedPolygonColor: LINE,
  selectedPolygonFillOpacity: 0.18,
  selectedPolygonOutlineColor: LINE,
  selectedPolygonOutlineWidth: 2.5,
  selectionPointColor: '#ffffff',
  selectionPointOutlineColor: LINE,
  selectionPointWidth: 6,
  selectionPointOutlineWidth: 2.5,
  midPointColor: LINE,
  midPointOutlineColor: '#ffffff',
  midPointWidth: 4,
  midPointOutlineWidth: 1.5,
} as const;

/** Snaps to the nearest vertex of a parcel drawn from the tiles, so neighbouring boundaries meet without gaps. */
function snapToParcelVertices(map: MapLibreMap, excludeParcelId: number | null): SnapToCustom {
  return (event, context) => {
    if (map.getZoom() < SNAP_MIN_ZOOM) return undefined;
    const { containerX: x, containerY: y } = event;
    const near = map.queryRenderedFeatures(
      [
        [x - SNAP_PIXELS, y - SNAP_PIXELS],
        [x + SNAP_PIXELS, y + SNAP_PIXELS],
      ],
      { layers: [PARCEL_FILL_LAYER] },
    );
    let best: Position | undefined;
    let bestDistance = SNAP_PIXELS;
    for (const feature of near) {
      if (feature.id === excludeParcelId) continue;
      const g = feature.geometry;
      const rings = g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : [];
      for (const ring of rings) {
        for (const position of ring) {
          const p = context.project(position[0]!, position[1]!);
          const d = Math.hypot(p.x - x, p.y - y);
          if (d < bestDistance) [best, bestDistance] = [position, d];
        }
      }
    }
    return best;
  };
}

export class DrawSession {
  private readonly draw: TerraDraw;
  private featureId: string | number | null = null;
  private readonly doubleClickZoom: boolean;

  constructor(
    private readonly map: MapLibreMap,
    initial: Polygon | null,
    excludeParcelId: number | null,
    private readonly events: DrawSessionEvents,
  ) {
    const snapping = { toCustom: snapToParcelVertices(map, excludeParcelId) };
    this.draw = new TerraDraw({
      // 8 decimals (about 1 mm), as the API returns boundaries: re-saving a loaded parcel then leaves its boundary as is.
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 8 }),
      modes: [
        // Esc is ours (it ends the whole session), so terra-draw's own cancel key is off.
        new TerraDrawPolygonMode({ snapping, styles: polygonStyles, keyEvents: { cancel: null, finish: 'Enter' } }),
        new TerraDrawSelectMode({
          styles: selectStyles,
          keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
          allowManualDeselection: false,
          flags: {
            polygon: { feature: { draggable: false, coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snapping } } },
          },
        }),
      ],
      undoRedo: { modeLevel: new TerraDrawModeUndoRedo(), sessionLevel: new TerraDrawSessionUndoRedo() },
    });
    // A double click closes the polygon (its second click lands on the last vertex); it must not also zoom.
    this.doubleClickZoom = map.doubleClickZoom.isEnabled();
    map.doubleClickZoom.disable();

    this.draw.on('change', () => this.report());
    this.draw.on('history', () => this.events.onHistory(this.draw.canUndo(), this.draw.canRedo()));
    this.draw.on('finish', (id, context) => {
      if (context.mode !== 'polygon' || context.action !== 'draw') return;
      this.featureId = id;
      this.editVertices();
    });
    this.draw.start();
    if (initial) {
      const [result] = this.draw.addFeatures([{ type: 'Feature', geometry: initial, properties: { mode: 'polygon' } }]);
      if (result?.valid) this.featureId = result.id ?? null;
      this.editVertices();
    } else {
      this.draw.setMode('polygon');
    }
    this.report();
  }

  undo(): void {
    this.draw.undo();
    this.report();
  }

  redo(): void {
    this.draw.redo();
    this.report();
  }

  stop(): void {
    this.draw.stop();
    if (this.doubleClickZoom) this.map.doubleClickZoom.enable();
  }

  /** After closing (or for an existing boundary): the vertices become draggable, mid-points add new ones. */
  private editVertices(): void {
    this.draw.setMode('select');
    if (this.featureId !== null && this.draw.hasFeature(this.featureId)) this.draw.selectFeature(this.featureId);
  }

  private report(): void {
    const polygons = this.draw
      .getSnapshot()
      .filter((f: GeoJSONStoreFeatures) => f.geometry.type === 'Polygon' && f.properties.mode === 'polygon');
    // The store holds one polygon at most; an undo may have replaced the one we knew, so fall back to any.
    const feature = polygons.find((f) => f.id === this.featureId) ?? polygons[0] ?? null;
    const closed = feature !== null && this.draw.getMode() === 'select';
    this.events.onChange(feature ? withoutRepeats(feature.geometry as Polygon) : null, closed);
  }
}

/**
 * The polygon without vertices repeated back to back: while drawing, terra-draw keeps a vertex under the pointer,
 * which sits on the last one clicked; checked as is, that zero-length edge reads as a self-intersection.
 */
function withoutRepeats(polygon: Polygon): Polygon {
  return {
    type: 'Polygon',
    coordinates: polygon.coordinates.map((ring) => ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1])),
  };
}
