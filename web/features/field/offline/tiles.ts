/**
 * Tianditu basemap tiles for the saved area: counted and sized before anything is fetched, then put in the cache the
 * service worker (web/field-sw.ts) answers Tianditu requests from. Tiles are the Web-Mercator ("w") matrix the map
 * uses, requested under exactly the address MapLibre will ask for.
 */
import { tiandituSources } from '../../map/basemaps.ts';

export const TILE_CACHE = 'panhuo-tiles-v1';
/** The "vector" basemap: the map picture and its labels (what a phone on the road needs, and far smaller than imagery). */
const LAYERS = ['tianditu-vec', 'tianditu-cva'];
/** Measured averages of Tianditu's vector and label tiles over rural Henan (PNG, 256 px). */
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

function countTiles(bounds: Bounds, maxZoom: number): number {
  const [west, south, east, north] = bounds;
  let n = 0;
  for (let z = MIN_ZOOM; z <= maxZoom; z++) n += (tileX(east, z) - tileX(west, z) + 1) * (tileY(south, z) - tileY(north, z) + 1);
  return n * LAYERS.length;
}

export interface TilePlan {
  maxZoom: number;
  tiles: number;
  bytes: number;
}

/** The deepest zoom whose tiles stay within MAX_TILES, with the count and estimated size. */
export function planTiles(bounds: Bounds): TilePlan {
  let maxZoom = MAX_ZOOM;
  while (maxZoom > MIN_ZOOM && countTiles(bounds, maxZoom) > MAX_TILES) maxZoom--;
  const tiles = countTiles(bounds, maxZoom);
  return { maxZoom, tiles, bytes: tiles * BYTES_PER_TILE };
}

/** MapLibre picks one of a source's hosts by (x + y) modulo their number; the cached address must be that one. */
function tileUrl(template: string[], z: number, x: number, y: number): string {
  const url = template[(x + y) % template.length]!;
  return url.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
}

export async function downloadTiles(key: string, bounds: Bounds, plan: TilePlan, onProgress: (done: number) => void, signal: AbortSignal): Promise<number> {
  const sources = tiandituSources(key);
  const cache = await caches.open(TILE_CACHE);
  const urls: string[] = [];
  for (const [z, x, y] of tilesOf(bounds, plan.maxZoom)) for (const layer of LAYERS) urls.push(tileUrl(sources[layer]!.tiles!, z, x, y));
  let done = 0;
  let saved = 0;
  const worker = async () => {
    while (urls.length && !signal.aborted) {
      const url = urls.pop()!;
      try {
        if (!(await cache.match(url))) {
          // Tianditu sends no CORS headers for every host; an opaque answer is still one the map can draw.
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
