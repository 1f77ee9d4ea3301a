import { Hono } from 'hono';
import type { Db } from '../db/types.ts';
import { badParameter } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { parcelTile } from './parcel-tiles.ts';
import { parseTile } from './tile.ts';

export function tileRoutes(db: Db) {
  return new Hono().get('/parcels/:z/:x/:file', async (c) => {
    const file = c.req.param('file');
    if (!file.endsWith('.mvt')) throw badParameter('y', '瓦片地址应以 .mvt 结尾');
    const tile = parseTile(c.req.param('z'), c.req.param('x'), file.slice(0, -4));
    const campaignId = params.optionalId('campaign', c.req.query('campaign'));
    const body = await parcelTile(db, tile, campaignId);
    return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/vnd.mapbox-vector-tile', 'Cache-Control': 'no-cache' });
  });
}
