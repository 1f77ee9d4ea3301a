/**
 * A tile service's base-layer tiles for the saved area (天地图 or the bureau's own XYZ/WMTS): counted and sized before
 * anything is fetched, then put in the cache the service worker (web/field-sw.ts) answers tile requests from. Tiles
 * are requested under exactly the address MapLibre will ask for.
 */
import type { BaseLayerView } from '../../../../core/basemaps/view.ts';
import { tileAddress } from '../../../../core/basemaps/templates.ts';

export const TILE_CACHE = 'panhuo-tiles-v1';
/** Measured averages of Tianditu's vector and label tiles over rural Henan (PNG, 256 px); imagery runs larger. */
const BYTES_PER_TILE = 14_000;
const MIN_ZOOM = 8;
/** Close enough to find a field's edge; each further level quadruples the count. */
const MAX_ZOOM = 16;
/** Above this the download would take too long on a phone's data plan; fewer zoom levels are offered instead. */
export const MAX_TILES = 12_000;

export type Bounds = [number, number, number, number];

function tileX(lon: number, z: number): number {
  return Math.floor(((lon + 180) / 360) * 2 ** z);
}
function tileY(lat: number, z: number): number {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
}

function* tilesOf(bounds: Bounds, maxZoom: number): Generator<[number, number, number]> {
  const [west, south, east, north] = bounds;
  for (let z = MIN_ZOOM; z <= maxZoom; z++) {
    for (let x = tileX(west, z); x <= tileX(east, z); x++) {
      for (let y = tileY(north, z); y <= tileY(south, z); y++) yield [z, x, y];
    }
  }
}

function countTiles(bounds: Bounds, maxZoom: number, rasters: number): number {
  const [west, south, east, north] = bounds;
  let n = 0;
  for (let z = MIN_ZOOM; z <= maxZoom; z++) n += (tileX(east, z) - tileX(west, z) + 1) * (tileY(south, z) - tileY(north, z) + 1);
  return n * rasters;
}

export interface TilePlan {
  maxZoom: number;
  tiles: number;
  bytes: number;
}

/** The deepest zoom (up to the layer's own) whose tiles stay within MAX_TILES, with the count and estimated size. */
export function planTiles(bounds: Bounds, layer: BaseLayerView): TilePlan {
  const rasters = layer.rasters.length;
  let maxZoom = Math.min(MAX_ZOOM, layer.maxZoom);
  while (maxZoom > MIN_ZOOM && countTiles(bounds, maxZoom, rasters) > MAX_TILES) maxZoom--;
  const tiles = countTiles(bounds, maxZoom, rasters);
  return { maxZoom, tiles, bytes: tiles * BYTES_PER_TILE };
}

/** MapLibre picks one of a source's hosts by (x + y) modulo their number; the cached address must be that one. */
function tileUrl(template: string[], z: number, x: number, y: number): string {
  return tileAddress(template[(x + y) % template.length]!, z, x, y);
}

export async function downloadTiles(layer: BaseLayerView, bounds: Bounds, plan: TilePlan, onProgress: (done: number) => void, signal: AbortSignal): Promise<number> {
  const cache = await caches.open(TILE_CACHE);
  const urls: string[] = [];
  for (const [z, x, y] of tilesOf(bounds, plan.maxZoom)) for (const tiles of layer.rasters) urls.push(tileUrl(tiles, z, x, y));
  let done = 0;
  let saved = 0;
  const worker = async () => {
    while (urls.length && !signal.aborted) {
      const url = urls.pop()!;
      try {
        if (!(await cache.match(url))) {
          // Tile servers (天地图 among them) do not all send CORS headers; an opaque answer is still one the map can draw.
          const response = await fetch(url, { mode: 'no-cors', signal });
          await cache.put(url, response);
        }
        saved++;
      } catch {
        // A missing tile shows as blank; the rest of the area is still worth having.
      }
      onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return saved;
}
