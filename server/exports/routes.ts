import { Hono } from 'hono';
import type { AppEnv } from '../auth/types.ts';
import type { Db } from '../db/types.ts';
import { badParameter } from '../http/errors.ts';
import { listParcels, parseParcelFilter } from '../parcels/queries.ts';
import { parcelFeature } from '../parcels/serialize.ts';
import { isOneOf } from '../../core/categories.ts';
import { COORDFILE_ENCODINGS, coordinateFile, ledgerWorkbook, shapefileZip } from './formats.ts';
import { attachment } from '../http/attachment.ts';

const FORMATS = {
  geojson: { type: 'application/geo+json; charset=utf-8', extension: 'geojson' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  shapefile: { type: 'application/zip', extension: 'zip' },
  coordfile: { type: 'text/plain', extension: 'txt' },
} as const;
type Format = keyof typeof FORMATS;

/**
 * GET /api/exports/parcels?format=geojson|xlsx|shapefile|coordfile plus the list filters (campaign, unit, category, status,
 * bbox, q) or ids= for a selection: the parcels as a file to download. The coordinate file takes encoding=gbk|utf-8
 * (default gbk) and is a zip of one file per 3° zone when the parcels lie in several.
 */
export function exportRoutes(db: Db) {
  return new Hono<AppEnv>().get('/parcels', async (c) => {
    const format = c.req.query('format') ?? 'geojson';
    if (!(format in FORMATS)) throw badParameter('format', `应为 ${Object.keys(FORMATS).join('、')} 之一，收到“${format}”`);
    const filter = parseParcelFilter(c.req.query(), { maxLimit: 200_000, defaultLimit: 200_000 });
    const features = (await listParcels(db, filter)).rows.map(parcelFeature);
    const stamp = new Date().toISOString().slice(0, 10);
    let { type, extension }: { type: string; extension: string } = FORMATS[format as Format];
    let body: Uint8Array;
    if (format === 'coordfile') {
      const encoding = c.req.query('encoding') ?? 'gbk';
      if (!isOneOf(COORDFILE_ENCODINGS, encoding)) throw badParameter('encoding', `应为 ${COORDFILE_ENCODINGS.join('、')} 之一，收到“${encoding}”`);
      const written = await coordinateFile(features, encoding);
      body = written.body;
      if (written.zip) ({ type, extension } = FORMATS.shapefile);
      else type = `text/plain; charset=${encoding === 'gbk' ? 'GBK' : 'utf-8'}`;
    } else {
      body =
        format === 'xlsx' ? await ledgerWorkbook(features, `地块台账 ${stamp}`)
        : format === 'shapefile' ? await shapefileZip(features)
        : new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features }));
    }
    const name = `地块台账-${stamp}.${extension}`;
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': type,
      'Content-Disposition': attachment(`parcels-${stamp}.${extension}`, name),
    });
  });
}
