/**
 * OGC API – Features at /ogc (Parts 1–4): what QGIS, ArcGIS Pro and GDAL read and edit without a plugin. The routes
 * are the contract's (./contract.ts); /ogc/api is generated from them.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../auth/types.ts';
import { dataVersion, VersionedCache } from '../campaigns/cache.ts';
import { withRequestDeadline } from '../db/request-deadline.ts';
import type { Db } from '../db/types.ts';
import { overHttps } from '../http/client.ts';
import { chosenEncoding, compressedAnswer } from '../http/compression.ts';
import { ApiError } from '../http/errors.ts';
import { deadlineOf } from '../http/limits.ts';
import * as params from '../http/params.ts';
import { collectionOf, COLLECTIONS, type Collection } from './collections.ts';
import { routes } from './contract.ts';
import { collectionDocument, CONFORMANCE, landing, pageAt, pageLinks, queryablesDocument } from './documents.ts';
import { countMatched, extentOf, hasItem, itemsSql, readItem, readItems, type ItemsPage, type ItemsQuery } from './items.ts';
import { crsParam, format, ITEMS_PARAMETERS, itemsQuery, onlyKnown } from './params.ts';
import { NextPages, type MadeAhead } from './prefetch.ts';
import { createParcel, deleteParcel, etagOf, mayWrite, mayWriteParcel, patchParcel, replaceParcel } from './writes.ts';

const GEOJSON = 'application/geo+json';

/**
 * numberMatched is counted up to this many items and left out beyond (Part 1 allows it; an estimate would break its
 * rule that the figure is exact). A million live parcels are counted from the partial index parcels_live_id, once per
 * data version; without any numberMatched GDAL pages through the whole collection when asked for a count.
 */
export const COUNT_CAP = 1_000_000;
/**
 * A request's reads are plain reads (replica-eligible): its deadline (server/http/limits.ts) stops their statements
 * in PostgreSQL (server/db/request-deadline.ts). Work shared by requests (a collection's extent, a first page's count)
 * runs free of any one request's deadline and stops at this bound of its own, a little before a request's deadline.
 */
const SHARED_WORK_MS = (deadlineOf('/ogc/collections').seconds ?? 30) * 1000 - 2000;

export interface OgcOptions {
  trustProxy: boolean;
  /** Tests lower this to see what happens at the bound. */
  countCap?: number;
  /** The next pages made ahead (tests give one with small bounds, to look at). */
  nextPages?: NextPages;
}

export function ogcRoutes(db: Db, options: OgcOptions) {
  const countCap = options.countCap ?? COUNT_CAP;
  const shared = <T>(work: () => Promise<T>) => withRequestDeadline(AbortSignal.timeout(SHARED_WORK_MS), work);
  /** The absolute base of /ogc as the client reached it (links must be absolute for GDAL and QGIS). */
  const base = (c: Context) => {
    const url = new URL(c.req.url);
    return `${overHttps(c, options.trustProxy) ? 'https' : url.protocol.slice(0, -1)}://${url.host}/ogc`;
  };
  const collection = (id: string): Collection => {
    const found = collectionOf(id);
    if (!found) throw new ApiError(404, 'not_found', `集合“${id.slice(0, 40)}”不存在（有：${COLLECTIONS.map((x) => x.id).join('、')}）`);
    return found;
  };
  const parcels = (c: Collection): Collection => {
    if (!c.writable) throw new ApiError(405, 'not_writable', `集合“${c.id}”只读；只有 parcels（地块）可以修改`);
    return c;
  };
  // GDAL's OAPIF driver sends the query of its connection string (OAPIF:…/collections/parcels?campaign=1) with every
  // request, documents included: there the items' parameters are known and ignored.
  const docOnly = (c: Context) => {
    onlyKnown(c.req.query(), ITEMS_PARAMETERS);
    format(c.req.query('f'));
  };
  // An extent scans the whole collection (the unsupplied remainders compute every batch's difference): computed once
  // per data version, which every table of the collections moves on (parcels, units, batches, supply records).
  const extents = new VersionedCache<number[] | null>(COLLECTIONS.length);
  const extent = (col: Collection, version: number) => extents.get(col.id, version, () => shared(() => extentOf(db, col)));
  // numberMatched of a first page, per query, once per data version: GDAL and QGIS ask for the same first page again.
  const counts = new VersionedCache<number | null>(200);
  const numberMatched = async (col: Collection, query: ItemsQuery, version: number) => {
    const { matchSql, matchParams } = itemsSql(col, query);
    return counts.get(`${col.id}\n${matchSql}\n${JSON.stringify(matchParams)}`, version, () => shared(() => countMatched(db, col, query, countCap)));
  };
  const nextPages = options.nextPages ?? new NextPages();
  /**
   * A page of items as sent: the documented FeatureCollection, whose features arrive as GeoJSON text from PostgreSQL
   * and are passed on as they are.
   */
  const pageBody = (url: URL, page: ItemsPage, matched: number | null) => {
    const head = {
      type: 'FeatureCollection',
      ...(matched !== null ? { numberMatched: matched } : {}),
      numberReturned: page.numberReturned,
      timeStamp: new Date().toISOString(),
      links: pageLinks(url, page.next, page.prev),
    };
    return `${JSON.stringify(head).slice(0, -1)},"features":[${page.features}]}`;
  };
  /** The key of an answer made ahead: its exact address, and the encoding it is compressed in. */
  const aheadKey = (url: string, accept: string | undefined) => `${chosenEncoding(accept) ?? 'identity'} ${url}`;
  /**
   * Starts making the answer of the page after this one (`after`: this page's `next`), as its request would get it,
   * while the client reads this one. Its statement reads the data version the answer is valid at.
   */
  const makeAhead = (col: Collection, query: ItemsQuery, url: URL, after: number, accept: string | undefined) => {
    const next = pageAt(url, 'after', after);
    nextPages.start(aheadKey(next, accept), async (): Promise<MadeAhead> => {
      const page = await readItems(db, col, { ...query, after }, true);
      if (page.version === null) throw new Error('空页：不提前准备');
      const { encoding, body } = await compressedAnswer(accept, new TextEncoder().encode(pageBody(new URL(next), page, null)));
      return { version: page.version, body, encoding, next: page.next };
    });
  };
  const featureId = (text: string) => params.positiveId('featureId', text);
  const itemResponse = async <S extends 200 | 201>(c: Context, col: Collection, id: number, status: S) => {
    const item = await readItem(db, col, id, crsParam('crs', undefined));
    if (!item) throw new ApiError(404, 'not_found', `要素 ${id} 不存在`);
    const version = (item.properties as { version?: number }).version;
    const headers: Record<string, string> = { 'Content-Type': GEOJSON, 'Content-Crs': `<${crsParam('crs', undefined).uri}>` };
    if (version !== undefined) headers.ETag = etagOf(id, version);
    if (status === 201) headers.Location = `${base(c)}/collections/${col.id}/items/${id}`;
    return c.json(item as unknown as Record<string, unknown>, status, headers);
  };

  const app = new OpenAPIHono<AppEnv>({
    // Path and query are declared as text and parsed by ./params.ts; what reaches here is a body that is not an object.
    defaultHook: (result) => {
      if (!result.success) throw new ApiError(400, 'bad_request', `请求无效：${result.target === 'json' ? '请求内容应为 JSON 对象（GeoJSON 要素）' : result.error.issues.map((i) => i.path.join('.')).join('、')}`);
    },
  });

  app
    .openapi(routes.landing, (c) => {
      docOnly(c);
      return c.json(landing(base(c)), 200);
    })
    .openapi(routes.conformance, (c) => {
      docOnly(c);
      return c.json({ conformsTo: CONFORMANCE }, 200);
    })
    .openapi(routes.api, (c) => {
      docOnly(c);
      c.header('Content-Type', 'application/vnd.oai.openapi+json;version=3.0');
      return c.json(openApiDocument(app, base(c)), 200);
    })
    .openapi(routes.collections, async (c) => {
      docOnly(c);
      const b = base(c);
      const version = await dataVersion(db);
      const collections = await Promise.all(COLLECTIONS.map(async (col) => collectionDocument(b, col, await extent(col, version))));
      return c.json({ links: [{ href: `${b}/collections`, rel: 'self', type: 'application/json', title: '集合' }], collections }, 200);
    })
    .openapi(routes.collection, async (c) => {
      docOnly(c);
      const col = collection(c.req.param('collectionId'));
      return c.json(collectionDocument(base(c), col, await extent(col, await dataVersion(db))), 200);
    })
    .openapi(routes.queryables, (c) => {
      docOnly(c);
      const col = collection(c.req.param('collectionId'));
      c.header('Content-Type', 'application/schema+json');
      return c.json(queryablesDocument(base(c), col), 200);
    })
    .openapi(routes.items, async (c) => {
      const col = collection(c.req.param('collectionId'));
      const query = itemsQuery(c.req.query());
      const url = new URL(c.req.url.replace(/^https?:\/\/[^/]+\/ogc/, base(c)));
      const accept = c.req.header('Accept-Encoding');
      const headers = { 'Content-Type': GEOJSON, 'Content-Crs': `<${query.crs.uri}>` };
      // A GET may be answered from, and start, a page made ahead; `Cache-Control: no-cache` asks for one made now.
      const get = c.req.method === 'GET';
      const version = await dataVersion(db);
      const ahead = get && !/no-cache/i.test(c.req.header('Cache-Control') ?? '') ? await nextPages.take(aheadKey(url.toString(), accept), version) : null;
      if (ahead) {
        if (ahead.next !== null) makeAhead(col, query, url, ahead.next, accept);
        // Sent as made (compressed already: the compression middleware leaves an answer with Content-Encoding alone).
        const encoded: Record<string, string> = ahead.encoding ? { 'Content-Encoding': ahead.encoding, Vary: 'Accept-Encoding' } : {};
        return c.body(ahead.body as Uint8Array<ArrayBuffer>, 200, { ...headers, ...encoded, 'X-Panhuo-Prefetched': 'true' }) as never;
      }
      // Only a first page is counted: counting on every page would cost what keyset paging saves.
      const firstPage = query.after === null && query.before === null;
      const [page, matched] = await Promise.all([readItems(db, col, query), firstPage ? numberMatched(col, query, version) : null]);
      // A client walking forwards asks for the next page next: it is made while this one travels and is read.
      if (get && page.next !== null && query.before === null) makeAhead(col, query, url, page.next, accept);
      // The route's types know only c.json for a JSON answer, hence the cast.
      return c.body(pageBody(url, page, matched), 200, headers) as never;
    })
    .openapi(routes.item, async (c) => {
      const col = collection(c.req.param('collectionId'));
      onlyKnown(c.req.query(), ['crs', 'f']);
      format(c.req.query('f'));
      const crs = crsParam('crs', c.req.query('crs'));
      const id = featureId(c.req.param('featureId'));
      const item = await readItem(db, col, id, crs);
      if (!item) throw new ApiError(404, 'not_found', `集合“${col.id}”中没有编号为 ${id} 的要素`);
      const version = (item.properties as { version?: number }).version;
      const b = base(c);
      return c.json({
        ...item,
        links: [
          { href: `${b}/collections/${col.id}/items/${id}`, rel: 'self', type: GEOJSON, title: '本要素' },
          { href: `${b}/collections/${col.id}`, rel: 'collection', type: 'application/json', title: col.title },
        ],
      } as Record<string, unknown>, 200, { 'Content-Type': GEOJSON, 'Content-Crs': `<${crs.uri}>`, ...(version !== undefined ? { ETag: etagOf(id, version) } : {}) });
    })
    .openapi(routes.create, async (c) => {
      const col = parcels(collection(c.req.param('collectionId')));
      return itemResponse(c, col, await createParcel(db, c), 201);
    })
    .openapi(routes.replace, async (c) => {
      const col = parcels(collection(c.req.param('collectionId')));
      return itemResponse(c, col, await replaceParcel(db, c, featureId(c.req.param('featureId'))), 200);
    })
    .openapi(routes.update, async (c) => {
      const col = parcels(collection(c.req.param('collectionId')));
      return itemResponse(c, col, await patchParcel(db, c, featureId(c.req.param('featureId'))), 200);
    })
    .openapi(routes.remove, async (c) => {
      parcels(collection(c.req.param('collectionId')));
      await deleteParcel(db, c, featureId(c.req.param('featureId')));
      return c.body(null, 204);
    })
    .openapi(routes.itemsOptions, (c) => {
      const col = collection(c.req.param('collectionId'));
      const allow = ['GET', 'HEAD', 'OPTIONS', ...(col.writable && mayWrite(c) ? ['POST'] : [])];
      return c.body(null, 204, { Allow: allow.join(', ') });
    })
    .openapi(routes.itemOptions, async (c) => {
      const col = collection(c.req.param('collectionId'));
      const id = featureId(c.req.param('featureId'));
      if (!(await hasItem(db, col, id))) throw new ApiError(404, 'not_found', `集合“${col.id}”中没有编号为 ${id} 的要素`);
      const writable = col.writable && (await mayWriteParcel(db, c, id));
      return c.body(null, 204, { Allow: ['GET', 'HEAD', 'OPTIONS', ...(writable ? ['PUT', 'PATCH', 'DELETE'] : [])].join(', ') });
    });
  app.all('*', (c) => {
    throw new ApiError(404, 'not_found', `没有这个地址：${c.req.path.slice(0, 80)}（从 /ogc 开始）`);
  });
  return app;
}

/** The OpenAPI 3.0 document of the routes this app runs. */
export function openApiDocument(app: OpenAPIHono<AppEnv>, base: string) {
  return app.getOpenAPIDocument({
    openapi: '3.0.3',
    info: { title: '盘活 Panhuo — OGC API – Features', version: '1.0.0', description: '批而未用土地台账的 OGC API – Features（第 1–4 部分）' },
    servers: [{ url: base }],
  });
}

