/**
 * One drawing session on the map with terra-draw: a new polygon (click vertices, click the first or last vertex to
 * close), or one existing boundary loaded for vertex editing, one polygon per ring (see assemble.ts); more polygons
 * can be drawn as holes or parts. Only that parcel's rings are ever in terra-draw's store (it slows down with
 * thousands); the other parcels stay in the vector tiles, and vertices snap to theirs and to unit boundaries.
 */
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
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
import { PARCEL_FILL_LAYER, UNITS_SOURCE } from '../map/layers.ts';
import { assemble } from './assemble.ts';

interface DrawSessionEvents {
  /**
   * Every polygon in the session as it stands (while drawing, the one being drawn includes the vertex following the
   * pointer, and comes last); closed once none is being drawn.
   */
  onChange: (polygons: Polygon[], closed: boolean) => void;
  onHistory: (canUndo: boolean, canRedo: boolean) => void;
}

/** How near (pixels) a pointer must come to another parcel's or a unit's vertex or edge to snap to it. */
const SNAP_PIXELS = 10;
/**
 * Tile vertices are quantised to the tile's grid: centimetres from zoom 15 on, but a metre or more when zoomed out,
 * where a snap would move a boundary point rather than join it to its neighbour.
 */
const SNAP_MIN_ZOOM = 14;
const LINE = '#e8590c';

/** A hole (see report) is painted over in white, so that it reads as cut out of the part around it. */
const isHole = (feature: GeoJSONStoreFeatures) => feature.properties.role === 'hole';
const fillColor = (feature: GeoJSONStoreFeatures) => (isHole(feature) ? '#ffffff' : LINE);
const fillOpacity = (feature: GeoJSONStoreFeatures) => (isHole(feature) ? 0.7 : 0.18);

const polygonStyles = {
  fillColor,
  fillOpacity,
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
  selectedPolygonColor: fillColor,
  selectedPolygonFillOpacity: fillOpacity,
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

/** Snaps to the nearest vertex of a parcel (from the tiles) or unit boundary; failing one, to the nearest edge. */
function snapToBoundaries(map: MapLibreMap, excludeParcelId: number | null, units: () => UnitRing[]): SnapToCustom {
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
    const rings: Position[][] = [];
    for (const feature of near) {
      if (feature.id === excludeParcelId) continue;
      const g = feature.geometry;
      rings.push(...(g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : []));
    }
    // Unit boundaries from the GeoJSON the app loaded (exact, not tile-quantised); only rings near the pointer.
    const pointer = context.unproject(x, y);
    const corner = context.unproject(x + SNAP_PIXELS, y + SNAP_PIXELS);
    const margin = Math.max(Math.abs(corner.lng - pointer.lng), Math.abs(corner.lat - pointer.lat));
    for (const { ring, bbox } of units()) {
      if (pointer.lng > bbox[0] - margin && pointer.lng < bbox[2] + margin && pointer.lat > bbox[1] - margin && pointer.lat < bbox[3] + margin) rings.push(ring);
    }
    let vertex: Position | undefined;
    let vertexDistance = SNAP_PIXELS;
    let edge: Position | undefined;
    let edgeDistance = SNAP_PIXELS;
    for (const ring of rings) {
      let previous: { x: number; y: number } | null = null;
      for (let i = 0; i < ring.length; i++) {
        const position = ring[i]!;
        const p = context.project(position[0]!, position[1]!);
        const d = Math.hypot(p.x - x, p.y - y);
        if (d < vertexDistance) [vertex, vertexDistance] = [position, d];
        if (previous) {
          const [dx, dy] = [p.x - previous.x, p.y - previous.y];
          const length2 = dx * dx + dy * dy;
          const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - previous.x) * dx + (y - previous.y) * dy) / length2));
          const [ex, ey] = [previous.x + t * dx, previous.y + t * dy];
          const de = Math.hypot(ex - x, ey - y);
          if (de < edgeDistance) {
            const a = ring[i - 1]!;
            // Interpolated in lon/lat: over a few pixels the projection is linear.
            [edge, edgeDistance] = [[a[0]! + t * (position[0]! - a[0]!), a[1]! + t * (position[1]! - a[1]!)], de];
          }
        }
        previous = p;
      }
    }
    return vertex ?? edge;
  };
}

interface UnitRing {
  ring: Position[];
  bbox: [number, number, number, number];
}

/** The unit boundaries' rings from the map's units source (loaded by the app for the campaign). */
async function unitRings(map: MapLibreMap): Promise<UnitRing[]> {
  const source = map.getSource<GeoJSONSource>(UNITS_SOURCE);
  if (!source) return [];
  const data = (await source.getData()) as FeatureCollection | Feature;
  const features = data.type === 'FeatureCollection' ? data.features : [data];
  const rings = features.flatMap((f) => {
    const g = f.geometry;
    return g?.type === 'Polygon' ? g.coordinates : g?.type === 'MultiPolygon' ? g.coordinates.flat() : [];
  });
  return rings.map((ring) => {
    const bbox: UnitRing['bbox'] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [lon, lat] of ring) {
      bbox[0] = Math.min(bbox[0], lon!);
      bbox[1] = Math.min(bbox[1], lat!);
      bbox[2] = Math.max(bbox[2], lon!);
      bbox[3] = Math.max(bbox[3], lat!);
    }
    return { ring, bbox };
  });
}

export class DrawSession {
  private readonly draw: TerraDraw;
  private selectedId: string | number | null = null;
  private readonly doubleClickZoom: boolean;
  private units: UnitRing[] = [];
  private marking = false;

  constructor(
    private readonly map: MapLibreMap,
    initial: Polygon[],
    excludeParcelId: number | null,
    private readonly events: DrawSessionEvents,
  ) {
    void unitRings(map).then(
      (rings) => (this.units = rings),
      () => undefined,
    );
    const snapping = { toCustom: snapToBoundaries(map, excludeParcelId, () => this.units) };
    this.draw = new TerraDraw({
      // 8 decimals (about 1 mm), as the API returns boundaries: re-saving a loaded parcel then leaves its boundary as is.
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 8 }),
      modes: [
        // Esc is ours (it ends the whole session), so terra-draw's own cancel key is off.
        // Closing within 20 px of the first or last vertex (terra-draw's 40 px would close a small hole early).
        new TerraDrawPolygonMode({ snapping, pointerDistance: 20, styles: polygonStyles, keyEvents: { cancel: null, finish: 'Enter' } }),
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
    this.draw.on('select', (id) => (this.selectedId = id));
    this.draw.on('finish', (id, context) => {
      if (context.mode !== 'polygon' || context.action !== 'draw') return;
      this.selectedId = id;
      this.editVertices();
    });
    this.draw.start();
    if (initial.length) {
      const results = this.draw.addFeatures(initial.map((geometry) => ({ type: 'Feature', geometry, properties: { mode: 'polygon' } })));
      this.selectedId = results.find((r) => r.valid)?.id ?? null;
      this.editVertices();
    } else {
      this.draw.setMode('polygon');
    }
    this.report();
  }

  /** Draws one more polygon (a hole or another part: which, the containment decides once it is closed). */
  drawAnother(): void {
    this.draw.setMode('polygon');
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
    if (this.selectedId !== null && this.draw.hasFeature(this.selectedId)) this.draw.selectFeature(this.selectedId);
  }

  private report(): void {
    const features = this.draw.getSnapshot().filter((f: GeoJSONStoreFeatures) => f.geometry.type === 'Polygon' && f.properties.mode === 'polygon');
    const polygons = features.map((f) => withoutRepeats(f.geometry as Polygon));
    const closed = polygons.length > 0 && this.draw.getMode() === 'select';
    if (closed && !this.marking) {
      // Mark each polygon's role for the styles; the update fires 'change' again, which finds nothing left to mark.
      const { roles } = assemble(polygons);
      this.marking = true;
      try {
        features.forEach((f, i) => {
          const role = roles[i] ?? 'part';
          if (f.id !== undefined && f.properties.role !== role) this.draw.updateFeatureProperties(f.id, { role });
        });
      } finally {
        this.marking = false;
      }
    }
    this.events.onChange(polygons, closed);
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
