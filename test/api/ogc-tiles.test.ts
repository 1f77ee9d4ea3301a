/**
 * GIS clients on a server where reading is not public: only a token gets them in (QGIS cannot hold a session); the
 * TileJSON and the MapLibre style they connect with.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { PbfReader } from 'pbf';
import { LEGIBLE_ZOOM, UNITS_MAX_ZOOM } from '../../core/tiles/generalisation.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_COLORS, STATUS_OUTLINES } from '../../web/features/map/palette.ts';
import { DEMO_PASSWORDS, signIn } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let token: string;
beforeAll(async () => {
  server = await startTestServer({ publicRead: false });
  const leader = await signIn(server.url, 'leader', DEMO_PASSWORDS.leader!);
  token = (await leader.request('POST', '/api/auth/tokens', { name: 'QGIS 瓦片', scope: 'read' })).body.token;
});
afterAll(() => server?.close());

const basic = () => ({ authorization: `Basic ${Buffer.from(`leader:${token}`).toString('base64')}` });
const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });

describe('reading not public', () => {
  it('asks GIS clients for credentials on /ogc and /tiles, and lets a token in', async () => {
    for (const path of ['/ogc', '/ogc/collections/parcels/items?limit=1', '/tiles/parcels.json']) {
      const refused = await get(path);
      expect(refused.status, path).toBe(401);
      expect(refused.headers.get('www-authenticate'), path).toMatch(/^Basic realm="Panhuo"/);
      expect((await get(path, basic())).status, path).toBe(200);
      expect((await get(path, { authorization: `Bearer ${token}` })).status, path).toBe(200);
    }
    // Browser routes take no token.
    expect((await get('/api/parcels?limit=1', { authorization: `Bearer ${token}` })).status).toBe(401);
  });
});

describe('TileJSON and style', () => {
  it('TileJSON 3.0 names the tiles, zooms, bounds and the fields every tile feature carries', async () => {
    const tilejson = await (await get('/tiles/parcels.json?campaign=1', basic())).json() as any;
    expect(tilejson).toMatchObject({ tilejson: '3.0.0', minzoom: 5, maxzoom: 16 });
    expect(tilejson.tiles[0]).toBe(`${server.url}/tiles/parcels/{z}/{x}/{y}.mvt?campaign=1`);
    const [{ e }] = await server.db.query<{ e: string }>('SELECT ST_Extent(geom)::text AS e FROM parcels WHERE deleted_at IS NULL');
    const box = /BOX\(([-\d.]+) ([-\d.]+),([-\d.]+) ([-\d.]+)\)/.exec(e)!.slice(1).map(Number);
    tilejson.bounds.forEach((v: number, i: number) => expect(Math.abs(v - box[i]!)).toBeLessThan(0.01 + (tilejson.bounds[0] === box[0] ? 0 : 2)));

    // A tile at the centre, fetched as QGIS would from the template: from the legible zoom its features carry exactly
    // the declared fields (below it, a generalised subset: core/tiles/generalisation.ts).
    const z = LEGIBLE_ZOOM;
    expect(tilejson.vector_layers[0].minzoom).toBe(UNITS_MAX_ZOOM + 1);
    // At the first parcel of the campaign (at this zoom the centre of the bounds may fall between parcels).
    const [{ lon, lat }] = await server.db.query<{ lon: number; lat: number }>(
      'SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM parcels WHERE campaign_id = 1 AND geom IS NOT NULL AND deleted_at IS NULL ORDER BY id LIMIT 1');
    const x = Math.floor(((lon + 180) / 360) * 2 ** z);
    const r = (lat * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
    const response = await get(tilejson.tiles[0].replace(server.url, '').replace('{z}', z).replace('{x}', x).replace('{y}', y), { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    const layer = new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer()))).layers[tilejson.vector_layers[0].id]!;
    expect(layer.length).toBeGreaterThan(0);
    for (let i = 0; i < layer.length; i++) expect(Object.keys(layer.feature(i).properties).sort()).toEqual(Object.keys(tilejson.vector_layers[0].fields).filter((k) => k !== 'id').sort());
  });

  it('the style is valid MapLibre, points at the TileJSON and uses the desk\'s palette', async () => {
    const style = await (await get('/tiles/style.json', basic())).json() as any;
    expect(validateStyleMin(style)).toEqual([]);
    expect(style.sources.panhuo.url).toBe(`${server.url}/tiles/parcels.json`);
    const fill = style.layers.find((l: any) => l.id === 'parcels-fill');
    for (const [category, colour] of Object.entries(CATEGORY_COLORS)) expect(fill.paint['fill-color']).toEqual(expect.arrayContaining([category, colour]));
    for (const [status, outline] of Object.entries(STATUS_OUTLINES)) {
      expect(style.layers.find((l: any) => l.id === `parcels-outline-${status}`).paint).toMatchObject({ 'line-color': outline.color, 'line-width': outline.width });
    }
  });
});
