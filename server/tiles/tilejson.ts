/**
 * What GIS clients need to show the parcel tiles with Panhuo's own symbology: TileJSON 3.0 at /tiles/parcels.json
 * (the tile address, zooms, bounds and the layer's fields) and a MapLibre style at /tiles/style.json, coloured from
 * the desk's palette (web/features/map/palette.ts, the one owner of the map's colours), which QGIS's vector-tile
 * connection reads ("Style URL").
 */
import { Hono, type Context } from 'hono';
import { CATEGORIES, CATEGORY_LABELS, STATUSES, STATUS_LABELS } from '../../core/categories.ts';
import { BACKGROUND_COLOR, CATEGORY_COLORS, MISMATCH_COLOR, STATUS_OUTLINES } from '../../core/palette/map.ts';
import type { AppEnv } from '../auth/types.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';
import type { Db } from '../db/types.ts';
import { overHttps } from '../http/client.ts';
import * as params from '../http/params.ts';
import { LEGIBLE_ZOOM, UNITS_MAX_ZOOM } from '../../core/tiles/generalisation.ts';
import { LAYER } from './parcel-tiles.ts';

/** The zooms the desk's map asks tiles for (web/features/map/layers.ts). */
export const TILE_ZOOMS = { min: 5, max: 16 } as const;

/** The properties every parcel feature in a tile carries (server/tiles/parcel-tiles.ts), described. */
export const TILE_FIELDS: Record<string, string> = {
  code: '地块编号',
  category: `类别：${CATEGORIES.map((c) => `${c}（${CATEGORY_LABELS[c]}）`).join('、')}`,
  status: `状态：${STATUSES.map((s) => `${s}（${STATUS_LABELS[s]}）`).join('、')}`,
  unitId: '所属单位（编号）',
  campaignId: '登记的专项行动（编号）',
  ledgerMu: '台账面积（亩）',
  areaMu: '图形面积（椭球面积，亩）',
  areaOk: '台账面积与图形面积是否相符（容差内）',
  unitIds: '所在单位编号，形如 ",2,3,"',
};

export function tileJsonRoutes(db: Db, options: { trustProxy: boolean }) {
  const origin = (c: Context) => {
    const url = new URL(c.req.url);
    return `${overHttps(c, options.trustProxy) ? 'https' : url.protocol.slice(0, -1)}://${url.host}`;
  };
  const campaignQuery = (c: Context) => {
    const campaign = params.optionalId('campaign', c.req.query('campaign'));
    return campaign === null ? '' : `?campaign=${campaign}`;
  };

  return new Hono<AppEnv>()
    .get('/parcels.json', async (c) => {
      const campaign = params.optionalId('campaign', c.req.query('campaign'));
      const [row] = await db.query<{ e: string | null }>(
        `SELECT ST_Extent(p.geom)::text AS e FROM parcels p WHERE p.deleted_at IS NULL AND ($1::int IS NULL OR ${inCampaign('p', '$1::int')})`,
        [campaign],
      );
      const m = row?.e ? /BOX\(([-\d.e]+) ([-\d.e]+),([-\d.e]+) ([-\d.e]+)\)/.exec(row.e) : null;
      const bounds = m ? [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] : [73, 18, 135, 54];
      return c.json({
        tilejson: '3.0.0',
        name: '盘活 Panhuo 地块',
        description: '批而未用土地台账地块（矢量瓦片）；样式见 /tiles/style.json',
        attribution: '盘活 Panhuo',
        scheme: 'xyz',
        tiles: [`${origin(c)}/tiles/parcels/{z}/{x}/{y}.mvt${campaignQuery(c)}`],
        minzoom: TILE_ZOOMS.min,
        maxzoom: TILE_ZOOMS.max,
        bounds,
        center: [(bounds[0]! + bounds[2]!) / 2, (bounds[1]! + bounds[3]!) / 2, 10],
        // The parcels layer from the first zoom that has parcels; below LEGIBLE_ZOOM its features carry only what the
        // styles need (core/tiles/generalisation.ts), from it every field listed here.
        vector_layers: [{ id: LAYER, description: `地块（${LEGIBLE_ZOOM} 级起含全部字段）`, minzoom: UNITS_MAX_ZOOM + 1, maxzoom: TILE_ZOOMS.max, fields: TILE_FIELDS }],
      });
    })
    .get('/style.json', (c) => {
      const vector = { source: 'panhuo', 'source-layer': LAYER } as const;
      const byCategory = ['match', ['get', 'category'], ...CATEGORIES.flatMap((k) => [k, CATEGORY_COLORS[k]]), '#999999'];
      return c.json({
        version: 8,
        name: '盘活 Panhuo',
        sources: { panhuo: { type: 'vector', url: `${origin(c)}/tiles/parcels.json${campaignQuery(c)}` } },
        layers: [
          { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } },
          {
            id: 'parcels-fill', type: 'fill', ...vector,
            paint: { 'fill-color': byCategory, 'fill-opacity': ['match', ['get', 'status'], ...STATUSES.flatMap((s) => [s, STATUS_OUTLINES[s].fillOpacity]), 0.6] },
          },
          // One outline layer per status (QGIS reads a dash array only as a constant, not from an expression).
          ...STATUSES.map((status) => {
            const outline = STATUS_OUTLINES[status];
            return {
              id: `parcels-outline-${status}`, type: 'line', ...vector, filter: ['==', ['get', 'status'], status],
              paint: { 'line-color': outline.color, 'line-width': outline.width, ...(outline.dash ? { 'line-dasharray': outline.dash } : {}) },
            };
          }),
          { id: 'parcels-area-mismatch', type: 'line', ...vector, filter: ['==', ['get', 'areaOk'], false], paint: { 'line-color': MISMATCH_COLOR, 'line-width': 2, 'line-gap-width': 3 } },
        ],
      });
    });
}
