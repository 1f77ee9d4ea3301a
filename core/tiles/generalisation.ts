/**
 * How the parcel map generalises by zoom, as a cartographer would, in one place for the tile SQL, the tile cache and
 * the map's layers. Sizes are in display pixels: MapLibre draws a vector tile 512 px wide.
 *
 * - up to UNITS_MAX_ZOOM: a whole city or province fits in a tile, and 100k parcels would be noise (and tens of MB):
 *   the tile holds the units, coloured by their figures (layer `units`), and no parcels;
 * - below LEGIBLE_ZOOM: parcels are a few pixels wide; outlines are simplified (topology-preserving, half a pixel),
 *   parcels spanning fewer than POINT_BELOW_PX become points (8 px: smaller outlines cannot be read, and their count would grow with the ledger — points are bounded by the cells) (layer `parcel-points`), one per POINT_CELL_PX cell —
 *   the largest parcel of the cell stands for it — and the properties shrink to what the styles and filters need;
 * - from LEGIBLE_ZOOM: every parcel with every property the map uses (hover, selection, filters).
 */
export const TILE_PIXELS = 512;
export const UNITS_MAX_ZOOM = 7;
export const LEGIBLE_ZOOM = 12;
export const POINT_BELOW_PX = 8;
export const POINT_CELL_PX = 4;
/** Simplification tolerance in pixels: below what anyone can see, so shapes keep their look. */
export const SIMPLIFY_PX = 0.5;

export const PARCEL_LAYER = 'parcels';
export const PARCEL_POINT_LAYER = 'parcel-points';
export const UNIT_LAYER = 'units';

export type TileLevel = 'units' | 'generalised' | 'detailed';

export function tileLevel(z: number): TileLevel {
  return z <= UNITS_MAX_ZOOM ? 'units' : z < LEGIBLE_ZOOM ? 'generalised' : 'detailed';
}

/** Web Mercator extent (EPSG:3857), metres. */
export const MERCATOR_HALF = 20037508.342789244;

export interface MercatorBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * The tiles of zoom `z` a box (EPSG:3857 metres) touches, grown by `bufferShare` of a tile on every side (tiles carry
 * features within their buffer, so a change just outside a tile still changes it). Inclusive ranges, clamped to the grid.
 */
export function tileRange(box: MercatorBox, z: number, bufferShare: number): { minX: number; maxX: number; minY: number; maxY: number } {
  const n = 2 ** z;
  const size = (2 * MERCATOR_HALF) / n;
  const grow = bufferShare * size;
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, v));
  return {
    minX: clamp(Math.floor((box.minX - grow + MERCATOR_HALF) / size)),
    maxX: clamp(Math.floor((box.maxX + grow + MERCATOR_HALF) / size)),
    minY: clamp(Math.floor((MERCATOR_HALF - (box.maxY + grow)) / size)),
    maxY: clamp(Math.floor((MERCATOR_HALF - (box.minY - grow)) / size)),
  };
}
