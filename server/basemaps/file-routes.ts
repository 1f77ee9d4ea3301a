import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { AppEnv } from '../auth/types.ts';
import type { Db } from '../db/types.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { parseRange } from '../../core/basemaps/byte-range.ts';
import { packageFile } from './queries.ts';
import { PackageStore } from './store.ts';

/** The media type the PMTiles project uses for archives. */
const PMTILES_TYPE = 'application/vnd.pmtiles';

/**
 * GET / HEAD /tiles/basemaps/:id.pmtiles — an offline package served as MapLibre's pmtiles protocol reads it: byte
 * ranges (206 with Content-Range; 416 with `bytes *\/size` for a range that cannot be served), Accept-Ranges, the
 * ETag made at upload (If-None-Match → 304; If-Range with another ETag → the whole file), streamed from disk a range at
 * a time, never read whole into memory. A package never changes under its id (a new file is a new package), so
 * browsers may keep what they fetched.
 */
export function basemapFileRoutes(db: Db, dataDir: string) {
  const store = new PackageStore(dataDir);
  return new Hono<AppEnv>().on(['GET', 'HEAD'], '/:file{[0-9]{1,9}\\.pmtiles}', async (c) => {
    const id = Number(c.req.param('file').replace('.pmtiles', ''));
    const file = await packageFile(db, id);
    if (!file) throw notFound(`离线底图包 ${id} `);
    const headers: Record<string, string> = {
      'Accept-Ranges': 'bytes',
      ETag: file.etag,
      'Content-Type': PMTILES_TYPE,
      'Cache-Control': 'private, max-age=86400',
    };
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304, headers);
    const ifRange = c.req.header('if-range');
    const range = parseRange(ifRange !== undefined && ifRange !== file.etag ? undefined : c.req.header('range'), file.bytes);
    if (range.kind === 'unsatisfiable') {
      c.header('Content-Range', `bytes */${file.bytes}`);
      throw new ApiError(416, 'range_not_satisfiable', `请求的字节范围无法满足：${range.why}（文件共 ${file.bytes} 字节）`);
    }
    const [start, end] = range.kind === 'part' ? [range.start, range.end] : [0, file.bytes - 1];
    const status = range.kind === 'part' ? 206 : 200;
    if (range.kind === 'part') headers['Content-Range'] = `bytes ${start}-${end}/${file.bytes}`;
    headers['Content-Length'] = String(end - start + 1);
    if (c.req.method === 'HEAD') return c.body(null, status, headers);
    const stream = Readable.toWeb(createReadStream(store.path(id), { start, end })) as ReadableStream<Uint8Array>;
    return c.body(stream, status, headers);
  });
}
