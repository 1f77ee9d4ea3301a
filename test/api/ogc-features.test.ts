/** OGC API – Features read over a real server: paging, limits, errors, datetime, CRS, CQL2 against SQL, the OpenAPI document. */
import { Validator } from '@seriousme/openapi-schema-validator';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ogcRoutes } from '../../server/ogc/index.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const get = async (path: string) => {
  const response = await fetch(server.url + path);
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
};
const items = (query: string) => get(`/ogc/collections/parcels/items?${query}`);
const sqlCount = async (where: string, params: unknown[] = []) =>
  (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM parcels p WHERE p.deleted_at IS NULL AND ${where}`, params))[0]!.n;

describe('Part 1: paging, limits, errors', () => {
  it('pages by keyset: next links cover every parcel once, prev links come back', async () => {
    const seen: number[] = [];
    let page = await items('limit=100');
    expect(page.body.numberMatched).toBe(await sqlCount('true'));
    const pages = [page];
    for (;;) {
      seen.push(...page.body.features.map((f: any) => f.id));
      expect(page.body.numberReturned).toBe(page.body.features.length);
      const next = page.body.links.find((l: any) => l.rel === 'next');
      if (!next) break;
      page = await get(new URL(next.href).pathname + new URL(next.href).search);
      pages.push(page);
    }
    const ids = (await server.db.query<{ id: number }>('SELECT id FROM parcels WHERE deleted_at IS NULL ORDER BY id')).map((r) => r.id);
    expect(seen).toEqual(ids);
    expect(pages.length).toBe(Math.ceil(ids.length / 100));
    // Back from the last page: the previous page is the one before it.
    const prev = pages.at(-1)!.body.links.find((l: any) => l.rel === 'prev');
    const back = await get(new URL(prev.href).pathname + new URL(prev.href).search);
    expect(back.body.features.map((f: any) => f.id)).toEqual(pages.at(-2)!.body.features.map((f: any) => f.id));
    expect(pages[0]!.body.links.some((l: any) => l.rel === 'prev')).toBe(false);
  });

  it('serves the maximum for a limit above it, and refuses bad parameters with a JSON 400 naming them', async () => {
    expect((await items('limit=50000')).body.numberReturned).toBe(Math.min(10_000, await sqlCount('true')));
    for (const [query, name] of [['limit=0', 'limit'], ['bbox=1,2,3', 'bbox'], ['datetime=yesterday', 'datetime'], ['crs=EPSG:9999', 'crs'], ['colour=red', 'colour'], ['filter=ledgerMu%20%3E%3E%201', 'filter'],
      // Outside the zone's domain: PROJ refuses, and that is the request's fault.
      ['bbox=1e308,1e308,1e308,1e308&bbox-crs=EPSG:4547', 'bbox'], [`filter=${encodeURIComponent('S_INTERSECTS(geometry, POINT(1e308 1e308))')}&filter-crs=EPSG:4547`, 'filter']] as const) {
      const r = await items(query);
      expect(r.status, query).toBe(400);
      expect(r.body.error.message, query).toContain(`参数 ${name}`);
    }
    expect((await get('/ogc/collections/nothing/items')).status).toBe(404);
    expect((await get('/ogc/collections/parcels/items/99999999')).status).toBe(404);
    expect((await get('/ogc/nowhere')).status).toBe(404);
  });

  it('gives each collection the extent SQL gives, and follows an edit', async () => {
    const extent = async () => (await get('/ogc/collections/parcels')).body.extent.spatial.bbox[0] as number[];
    const sqlExtent = async () => {
      const [row] = await server.db.query<{ e: number[] }>('SELECT ARRAY[ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] AS e FROM (SELECT ST_Extent(geom) AS e FROM parcels WHERE deleted_at IS NULL) s');
      return row!.e.map(Number);
    };
    const before = await extent();
    expect(before).toEqual(await sqlExtent());
    const [{ id }] = await server.db.query<{ id: number }>('SELECT id FROM parcels WHERE deleted_at IS NULL AND geom IS NOT NULL ORDER BY id LIMIT 1') as [{ id: number }];
    await server.db.query('UPDATE parcels SET geom = ST_Translate(geom, 3, 0) WHERE id = $1', [id]);
    try {
      const moved = await extent();
      expect(moved).toEqual(await sqlExtent());
      expect(moved).not.toEqual(before);
      expect((await get('/ogc/collections')).body.collections.find((c: any) => c.id === 'parcels').extent.spatial.bbox[0]).toEqual(moved);
    } finally {
      await server.db.query('UPDATE parcels SET geom = ST_Translate(geom, -3, 0) WHERE id = $1', [id]);
    }
  });

  it('matches datetime against the last change', async () => {
    await server.db.query("UPDATE parcels SET updated_at = '2020-06-01T12:00:00Z' WHERE id IN (SELECT id FROM parcels ORDER BY id LIMIT 3)");
    expect((await items('datetime=2020-06-01')).body.numberMatched).toBe(3);
    expect((await items('datetime=../2020-12-31T00:00:00Z')).body.numberMatched).toBe(await sqlCount("p.updated_at < '2020-12-31'"));
    expect((await items('datetime=2021-01-01T00:00:00Z/..')).body.numberMatched).toBe(await sqlCount("p.updated_at >= '2021-01-01'"));
  });
});

describe('Part 2: CRS', () => {
  const GK38 = '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
  it('answers EPSG:4490 in latitude/longitude order, 3857 and a prefixed zone within 1 mm of proj4, with Content-Crs', async () => {
    const crs84 = (await get('/ogc/collections/parcels/items/1')).body.geometry.coordinates[0][0][0];
    const cgcs = await get(`/ogc/collections/parcels/items/1?crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4490')}`);
    expect(cgcs.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/EPSG/0/4490>');
    const [lat, lon] = cgcs.body.geometry.coordinates[0][0][0];
    expect(Math.abs(lat - crs84[1]) + Math.abs(lon - crs84[0])).toBeLessThan(1e-8);
    const mercator = (await get('/ogc/collections/parcels/items/1?crs=EPSG:3857')).body.geometry.coordinates[0][0][0];
    const [x, y] = proj4('WGS84', 'EPSG:3857', crs84);
    expect(Math.abs(mercator[0] - x!)).toBeLessThan(0.001);
    expect(Math.abs(mercator[1] - y!)).toBeLessThan(0.001);
    // EPSG:4526: zone 38 with its number as easting prefix (38 500 000 m on the central meridian), northing first.
    const prefixed = (await get('/ogc/collections/parcels/items/1?crs=EPSG:4526')).body.geometry.coordinates[0][0][0];
    const [easting, northing] = proj4('WGS84', GK38, crs84);
    expect(Math.abs(prefixed[0] - northing!)).toBeLessThan(0.001);
    expect(Math.abs(prefixed[1] - (easting! + 38_000_000))).toBeLessThan(0.001);
  });

  it('takes bbox in bbox-crs (Gauss–Krüger, northing first) as SQL does in longitude/latitude', async () => {
    const lonLat = [113.95, 32.92, 114.1, 33.05];
    const [e1, n1] = proj4('WGS84', GK38, [lonLat[0]!, lonLat[1]!]);
    const [e2, n2] = proj4('WGS84', GK38, [lonLat[2]!, lonLat[3]!]);
    const byPlane = await items(`bbox=${[n1, e1, n2, e2].join(',')}&bbox-crs=EPSG:4547`);
    const byDegrees = await items(`bbox=${lonLat.join(',')}`);
    expect(byDegrees.body.numberMatched).toBe(await sqlCount('ST_Intersects(p.geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))', lonLat));
    expect(byDegrees.body.numberMatched).toBeGreaterThan(0);
    // The plane box's edges are curves in degrees: the two agree but for parcels on the very edge.
    expect(Math.abs(byPlane.body.numberMatched - byDegrees.body.numberMatched)).toBeLessThanOrEqual(2);
  });
});

describe('Part 3: queryables and CQL2 against SQL', () => {
  it('lists the registry fields with their Chinese labels', async () => {
    const q = (await get('/ogc/collections/parcels/queryables')).body;
    expect(q.properties.ledgerMu).toMatchObject({ title: '台账面积', type: 'number' });
    expect(q.properties.category.enum).toContain('idle');
    expect(q.properties.campaign.type).toBe('integer');
  });

  const cases: Array<[string, string, string, unknown[]]> = [
    ['cql2-text', "category = 'idle' AND ledgerMu > 50", "p.category = 'idle' AND p.ledger_mu > 50", []],
    ['cql2-text', "code LIKE 'ZMD-4117%' AND NOT status IN ('disposed', 'struck_off')", "p.code LIKE 'ZMD-4117%' AND p.status NOT IN ('disposed', 'struck_off')", []],
    ['cql2-text', "approvalDate BETWEEN DATE('2018-01-01') AND DATE('2019-12-31') OR supplyDate IS NULL", "(p.approval_date BETWEEN '2018-01-01' AND '2019-12-31' OR p.supply_date IS NULL)", []],
    ['cql2-text', 'S_INTERSECTS(geometry, POLYGON((113.9 32.9, 114.1 32.9, 114.1 33.1, 113.9 33.1, 113.9 32.9)))', 'ST_Intersects(p.geom, ST_MakeEnvelope(113.9, 32.9, 114.1, 33.1, 4326))', []],
    // Zhumadian 2022 (campaign 3) counts a part of the ledger: the remainder of 2021.
    ['cql2-text', 'campaign = 3', 'EXISTS (SELECT 1 FROM campaign_parcels cp WHERE cp.parcel_id = p.id AND cp.campaign_id = 3)', []],
    ['cql2-json', JSON.stringify({ op: 'and', args: [{ op: 's_intersects', args: [{ property: 'geometry' }, { bbox: [113.9, 32.9, 114.1, 33.1] }] }, { op: '>=', args: [{ property: 'areaMu' }, 100] }] }),
      'ST_Intersects(p.geom, ST_MakeEnvelope(113.9, 32.9, 114.1, 33.1, 4326)) AND p.area_mu >= 100', []],
  ];
  it.each(cases)('%s: %s', async (lang, filter, where, params) => {
    const r = await items(`limit=1&filter-lang=${lang}&filter=${encodeURIComponent(filter)}`);
    expect(r.status).toBe(200);
    const expected = await sqlCount(where, params);
    expect(expected).toBeGreaterThan(0);
    expect(r.body.numberMatched).toBe(expected);
  });

  it('refuses a filter it cannot evaluate with a 400 naming the part', async () => {
    const r = await items(`filter=${encodeURIComponent("T_AFTER(updatedAt, TIMESTAMP('2020-01-01T00:00:00Z'))")}`);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('T_AFTER');
  });
});

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3 and lists every /ogc route the server answers', async () => {
    const doc = (await get('/ogc/api')).body;
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    const answered = ogcRoutes(server.db, { trustProxy: false }).routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(documented).toEqual([...new Set(answered)].sort());
    expect(documented.length).toBeGreaterThanOrEqual(14);
    const limit = doc.paths['/collections/{collectionId}/items'].get.parameters.find((p: any) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'integer', maximum: 10000, default: 100 });
  });
});
