/** The documents of /ogc that are not features: landing page, conformance, collections, queryables. */
import { CRS84, STORAGE_CRS, SUPPORTED_CRS } from '../../core/ogc/crs.ts';
import type { Collection } from './collections.ts';

const JSON_TYPE = 'application/json';
const GEOJSON = 'application/geo+json';
const OGC = 'http://www.opengis.net/spec';

export const CONFORMANCE = [
  `${OGC}/ogcapi-features-1/1.0/conf/core`,
  `${OGC}/ogcapi-features-1/1.0/conf/geojson`,
  `${OGC}/ogcapi-features-1/1.0/conf/oas30`,
  `${OGC}/ogcapi-features-2/1.0/conf/crs`,
  `${OGC}/ogcapi-features-3/1.0/conf/queryables`,
  `${OGC}/ogcapi-features-3/1.0/conf/queryables-query-parameters`,
  `${OGC}/ogcapi-features-3/1.0/conf/filter`,
  `${OGC}/ogcapi-features-3/1.0/conf/features-filter`,
  `${OGC}/cql2/1.0/conf/cql2-text`,
  `${OGC}/cql2/1.0/conf/cql2-json`,
  `${OGC}/cql2/1.0/conf/basic-cql2`,
  `${OGC}/cql2/1.0/conf/advanced-comparison-operators`,
  `${OGC}/cql2/1.0/conf/basic-spatial-functions`,
  `${OGC}/cql2/1.0/conf/basic-spatial-functions-plus`,
  `${OGC}/ogcapi-features-4/1.0/conf/create-replace-delete`,
  `${OGC}/ogcapi-features-4/1.0/conf/update`,
  `${OGC}/ogcapi-features-4/1.0/conf/optimistic-locking-etags`,
  `${OGC}/ogcapi-features-4/1.0/conf/features`,
];

export const landing = (base: string) => ({
  title: '盘活 Panhuo — OGC API – Features',
  description: '批而未用土地台账：地块、单位、批次与批而未供剩余范围。读取可公开或需令牌；修改需读写令牌（Authorization: Bearer …，或 HTTP Basic：用户名 + 令牌）。',
  links: [
    { href: `${base}`, rel: 'self', type: JSON_TYPE, title: '本页' },
    { href: `${base}/api`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'OpenAPI 文档' },
    { href: `${base}/conformance`, rel: 'conformance', type: JSON_TYPE, title: '符合的标准类' },
    { href: `${base}/collections`, rel: 'data', type: JSON_TYPE, title: '集合' },
  ],
});

export function collectionDocument(base: string, c: Collection, bbox: number[] | null) {
  const self = `${base}/collections/${c.id}`;
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    itemType: 'feature',
    crs: SUPPORTED_CRS.map((x) => x.uri),
    storageCrs: STORAGE_CRS,
    ...(bbox ? { extent: { spatial: { bbox: [bbox], crs: CRS84 } } } : {}),
    links: [
      { href: self, rel: 'self', type: JSON_TYPE, title: c.title },
      { href: `${self}/items`, rel: 'items', type: GEOJSON, title: `${c.title}（要素）` },
      { href: `${self}/queryables`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: 'application/schema+json', title: '可查询的属性' },
    ],
  };
}

export function queryablesDocument(base: string, c: Collection) {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${base}/collections/${c.id}/queryables`,
    type: 'object',
    title: c.title,
    properties: Object.fromEntries(c.queryables.map((q) => [q.name, { title: q.title, ...q.schema }])),
    additionalProperties: false,
  };
}

/** The address of a neighbouring page: this page's, with its keyset bound (`after` or `before`) replaced. */
export function pageAt(url: URL, bound: 'after' | 'before', id: number): string {
  const u = new URL(url);
  u.searchParams.delete('after');
  u.searchParams.delete('before');
  u.searchParams.set(bound, String(id));
  return u.toString();
}

/** Links of an items page: itself, and the neighbouring pages by keyset. */
export function pageLinks(url: URL, next: number | null, prev: number | null) {
  return [
    { href: url.toString(), rel: 'self', type: GEOJSON, title: '本页' },
    ...(next !== null ? [{ href: pageAt(url, 'after', next), rel: 'next', type: GEOJSON, title: '下一页' }] : []),
    ...(prev !== null ? [{ href: pageAt(url, 'before', prev), rel: 'prev', type: GEOJSON, title: '上一页' }] : []),
  ];
}
