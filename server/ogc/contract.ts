/**
 * The contract of /ogc: every route with its parameters and responses. The server runs these definitions
 * (OpenAPIHono registers each with its handler) and /ogc/api is generated from them, so the document cannot drift
 * from what answers. Query parameters are declared as the integers, lists and enums they are on the wire; they are
 * parsed by ./params.ts, whose refusals name the parameter in Chinese.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { COLLECTIONS } from './collections.ts';

const json = (description: string, schema: z.ZodType = Body) => ({ description, content: { 'application/json': { schema } } });
const geojson = (description: string) => ({ description, content: { 'application/geo+json': { schema: Body } } });

/** Bodies are GeoJSON or OGC documents; their shape is the standard's (linked from the conformance classes). */
const Body = z.record(z.string(), z.unknown()).openapi('Document');
const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('Error');
const error = (description: string) => json(description, ErrorBody);

// Declared as text with its values listed, so an unknown collection reaches the handler and gets a 404, not a 400.
const collectionId = z.string().openapi({ param: { name: 'collectionId', in: 'path' }, enum: COLLECTIONS.map((c) => c.id), description: '集合' });
const featureId = z.string().openapi({ param: { name: 'featureId', in: 'path' }, type: 'integer', description: '要素编号' });
const text = (name: string, description: string, extra: Record<string, unknown> = {}, param: Record<string, unknown> = {}) =>
  z.string().optional().openapi({ param: { name, in: 'query', required: false, ...param }, description, ...extra });

const crsParam = text('crs', '输出坐标参考系（URI，见集合的 crs 列表；默认 CRS84）', { format: 'uri' });
const format = text('f', '格式：json（HTML 不提供）', { enum: ['json'] });

export const ITEMS_QUERY = z.object({
  limit: text('limit', '每页要素数（1 到 10000，默认 100）', { type: 'integer', minimum: 1, maximum: 10000, default: 100 }),
  bbox: text('bbox', '范围：minx,miny,maxx,maxy（在 bbox-crs 中，默认 CRS84 经纬度）', { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 6 }, { style: 'form', explode: false }),
  'bbox-crs': text('bbox-crs', 'bbox 的坐标参考系（URI）', { format: 'uri' }),
  datetime: text('datetime', '最后修改时间：时刻或区间（起/止，开放端写 ..）'),
  filter: text('filter', 'CQL2 过滤条件（可查询的属性见 queryables）'),
  'filter-lang': text('filter-lang', 'filter 的编码', { enum: ['cql2-text', 'cql2-json'], default: 'cql2-text' }),
  'filter-crs': text('filter-crs', 'filter 中几何的坐标参考系（URI）', { format: 'uri' }),
  crs: crsParam,
  after: text('after', '下一页：编号大于此值（由 next 链接给出）', { type: 'integer' }),
  before: text('before', '上一页：编号小于此值（由 prev 链接给出）', { type: 'integer' }),
  campaign: text('campaign', '专项行动编号：只要计入该行动的要素', { type: 'integer' }),
  f: format,
});
export const ITEM_QUERY = z.object({ crs: crsParam, f: format });
const DOC_QUERY = z.object({ f: format });

const ifMatch = z.object({ 'if-match': z.string().optional().openapi({ param: { name: 'if-match', in: 'header', required: false }, description: '要素的 ETag（修改必填）' }) });
const crsHeader = z.object({ 'content-crs': z.string().optional().openapi({ param: { name: 'content-crs', in: 'header', required: false }, description: '请求体几何的坐标参考系（默认 CRS84）' }) });
const featureBody = { content: { 'application/geo+json': { schema: Body }, 'application/json': { schema: Body } }, required: true };
const patchBody = { content: { 'application/merge-patch+json': { schema: Body }, 'application/json': { schema: Body } }, required: true };

const refusals = {
  400: error('请求无效（参数、过滤条件或数据有误）'),
  401: error('需要登录或令牌'),
  403: error('无权进行此操作'),
  404: error('不存在'),
};
const writeRefusals = { ...refusals, 409: error('与现有数据冲突（如地块编号重复）'), 412: error('If-Match 与当前版本不符'), 428: error('缺少 If-Match') };

export const routes = {
  landing: createRoute({ method: 'get', path: '/', summary: '首页（landing page）', request: { query: DOC_QUERY }, responses: { 200: json('链接'), ...refusals } }),
  conformance: createRoute({ method: 'get', path: '/conformance', summary: '符合的标准类', request: { query: DOC_QUERY }, responses: { 200: json('conformsTo'), ...refusals } }),
  api: createRoute({ method: 'get', path: '/api', summary: 'OpenAPI 文档（由服务器运行的路由定义生成）', request: { query: DOC_QUERY }, responses: { 200: json('OpenAPI 3.0'), ...refusals } }),
  collections: createRoute({ method: 'get', path: '/collections', summary: '集合列表', request: { query: DOC_QUERY }, responses: { 200: json('集合'), ...refusals } }),
  collection: createRoute({ method: 'get', path: '/collections/{collectionId}', summary: '一个集合', request: { params: z.object({ collectionId }), query: DOC_QUERY }, responses: { 200: json('集合'), ...refusals } }),
  queryables: createRoute({
    method: 'get', path: '/collections/{collectionId}/queryables', summary: '可查询的属性（JSON Schema）',
    request: { params: z.object({ collectionId }), query: DOC_QUERY },
    responses: { 200: { description: 'JSON Schema', content: { 'application/schema+json': { schema: Body } } }, ...refusals },
  }),
  items: createRoute({
    method: 'get', path: '/collections/{collectionId}/items', summary: '要素（分页）',
    request: { params: z.object({ collectionId }), query: ITEMS_QUERY },
    responses: { 200: geojson('FeatureCollection，含 next/prev 链接'), ...refusals },
  }),
  item: createRoute({
    method: 'get', path: '/collections/{collectionId}/items/{featureId}', summary: '一个要素（带 ETag）',
    request: { params: z.object({ collectionId, featureId }), query: ITEM_QUERY },
    responses: { 200: geojson('Feature'), ...refusals },
  }),
  create: createRoute({
    method: 'post', path: '/collections/{collectionId}/items', summary: '新建要素（地块）',
    request: { params: z.object({ collectionId }), headers: crsHeader, body: featureBody },
    responses: { 201: geojson('已建，Location 与 ETag 头'), ...writeRefusals },
  }),
  replace: createRoute({
    method: 'put', path: '/collections/{collectionId}/items/{featureId}', summary: '替换要素（需 If-Match）',
    request: { params: z.object({ collectionId, featureId }), headers: ifMatch.merge(crsHeader), body: featureBody },
    responses: { 200: geojson('已替换，新的 ETag'), ...writeRefusals },
  }),
  update: createRoute({
    method: 'patch', path: '/collections/{collectionId}/items/{featureId}', summary: '修改要素的部分属性或边界（merge patch，需 If-Match）',
    request: { params: z.object({ collectionId, featureId }), headers: ifMatch.merge(crsHeader), body: patchBody },
    responses: { 200: geojson('已修改，新的 ETag'), ...writeRefusals },
  }),
  remove: createRoute({
    method: 'delete', path: '/collections/{collectionId}/items/{featureId}', summary: '删除要素（需 If-Match）',
    request: { params: z.object({ collectionId, featureId }), headers: ifMatch },
    responses: { 204: { description: '已删除' }, ...writeRefusals },
  }),
  itemsOptions: createRoute({
    method: 'options', path: '/collections/{collectionId}/items', summary: '调用者可对集合做的操作（Allow 头）',
    request: { params: z.object({ collectionId }) }, responses: { 204: { description: 'Allow 头列出可用的方法' }, ...refusals },
  }),
  itemOptions: createRoute({
    method: 'options', path: '/collections/{collectionId}/items/{featureId}', summary: '调用者可对要素做的操作（Allow 头）',
    request: { params: z.object({ collectionId, featureId }) }, responses: { 204: { description: 'Allow 头列出可用的方法' }, ...refusals },
  }),
};
