import { badParameter } from '../http/errors.ts';

/** Web Mercator extent (EPSG:3857), metres. */
const HALF = 20037508.342789244;

export interface TileId {
  z: number;
  x: number;
  y: number;
}

/** Parses z/x/y from the URL; x and y must lie within the 2^z × 2^z grid of that zoom. */
export function parseTile(z: string, x: string, y: string): TileId {
  const zoom = Number(z);
  if (!/^\d{1,2}$/.test(z) || zoom > 22) throw badParameter('z', `缩放级别应为 0 到 22 的整数，收到“${z}”`);
  const max = 2 ** zoom - 1;
  for (const [name, text] of [['x', x], ['y', y]] as const) {
    if (!/^\d{1,7}$/.test(text) || Number(text) > max) throw badParameter(name, `在第 ${zoom} 级应为 0 到 ${max} 的整数，收到“${text}”`);
  }
  return { z: zoom, x: Number(x), y: Number(y) };
}

/** The tile's bounds in EPSG:3857 metres. */
export function tileBounds({ z, x, y }: TileId): { minX: number; maxX: number; minY: number; maxY: number; size: number } {
  const size = (2 * HALF) / 2 ** z;
  const minX = -HALF + x * size;
  const maxY = HALF - y * size;
  return { minX, maxX: minX + size, minY: maxY - size, maxY, size };
}

export const EXTENT = 4096;
export const BUFFER = 64;
