import { Hono } from 'hono';
import type { Db } from '../db/types.ts';
import { badParameter } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { parcelTile } from './parcel-tiles.ts';
import { parseTile } from './tile.ts';
import { TileCache } from './tile-cache.ts';

/**
 * GET /tiles/parcels/:z/:x/:y.mvt?campaign= — the parcel map's vector tiles, from the tile cache. `no-cache` with an
 * ETag: the browser keeps its copy and asks each time; an unchanged tile costs a 304 and one tiny query.
 */
export function tileRoutes(db: Db, cache = new TileCache(db)) {
  return new Hono().get('/parcels/:z/:x/:file', async (c) => {
    const file = c.req.param('file');
    if (!file.endsWith('.mvt')) throw badParameter('y', '瓦片地址应以 .mvt 结尾');
    const tile = parseTile(c.req.param('z'), c.req.param('x'), file.slice(0, -4));
    const campaignId = params.optionalId('campaign', c.req.query('campaign'));
    const key = `${campaignId ?? ''}/${tile.z}/${tile.x}/${tile.y}`;
    const { body, etag } = await cache.get(key, tile, () => parcelTile(db, tile, campaignId));
    const headers = { 'Cache-Control': 'no-cache', ETag: etag, Vary: 'Accept-Encoding' };
    // Weak: the same tile goes out compressed or not (server/http/compression.ts), byte-different but equivalent.
    const asked = c.req.header('If-None-Match');
    if (asked && asked.split(',').some((t) => t.trim() === etag || t.trim() === etag.slice(2))) return c.body(null, 304, headers);
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Type': 'application/vnd.mapbox-vector-tile' });
  });
}
