import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import proj4 from 'proj4';
import { ellipsoidalAreaMu } from '../../core/area/ellipsoidal.ts';
import { gaussKrugerProj } from '../../core/area/plane.ts';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
const users: Record<string, Client & { cookie: string }> = {};

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'yicheng', 'leader']) {
    const response = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: name, password: DEMO_PASSWORDS[name] }) });
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const client = await signIn(server.url, name, DEMO_PASSWORDS[name]!);
    users[name] = { ...client, cookie };
  }
});
afterAll(() => server?.close());

async function preview(who: string | null, name: string, content: BlobPart, fields: Record<string, string> = { category: 'expropriated_not_supplied', status: 'registered' }) {
  const form = new FormData();
  form.set('file', new Blob([content]), name);
  form.set('campaignId', '1');
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  // A fresh sign-in per upload keeps cookie and CSRF token paired.
  const session = who ? await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: who, password: DEMO_PASSWORDS[who] }) }) : null;
  const headers: Record<string, string> = {};
  if (session) {
    headers.cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    headers['x-csrf-token'] = ((await session.json()) as { csrfToken: string }).csrfToken;
  }
  const r = await fetch(`${server.url}/api/imports/preview`, { method: 'POST', body: form, headers });
  return { status: r.status, body: (await r.json()) as any };
}

const commit = (who: string, importId: string, indexes: number[]) => users[who]!.request('POST', '/api/imports/commit', { importId, indexes });
const allIndexes = (p: { body: any }) => p.body.items.map((i: any) => i.index as number);
const counts = async () => (await server.db.query<{ parcels: number; history: number }>('SELECT (SELECT count(*)::int FROM parcels) AS parcels, (SELECT count(*)::int FROM parcel_history) AS history'))[0];

/** A square of `side` metres in Gauss–Krüger zone 38 (no prefix) around a lon/lat, as a legacy GeoJSON with crs. */
function gkSquareGeoJson(lon: number, lat: number, side: number, code: string) {
  const gk = proj4('EPSG:4326', gaussKrugerProj(114));
  const [x, y] = gk.forward([lon, lat]);
  const ring = [[x!, y!], [x! + side, y!], [x! + side, y! + side], [x!, y! + side], [x!, y!]];
  return JSON.stringify({
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4547' } },
    features: [{ type: 'Feature', properties: { 地块编号: code, 项目名称: '导入测试地块', 类别: '征而未供' }, geometry: { type: 'Polygon', coordinates: [ring] } }],
  });
}

describe('importing boundaries', () => {
  it('previews a legacy GeoJSON in Gauss–Krüger metres, then writes it in one transaction with an import history entry', async () => {
    const file = gkSquareGeoJson(113.8, 32.95, 200, 'IMP-GK-1');
    const p = await preview('yicheng', 'parcels.geojson', file);
    expect(p.status).toBe(200);
    expect(p.body.format).toBe('GeoJSON');
    expect(p.body.warnings[0]).toContain('投影坐标系');
    const [item] = p.body.items;
    expect(item).toMatchObject({ action: 'create', valid: true, errors: [] });
    // 200 m × 200 m in the plane is 60 mu of plane area; the ellipsoidal area is a touch smaller off the meridian.
    expect(item.areaMu.plane).toBeCloseTo(60, 1);
    expect(item.areaMu.ellipsoidal).toBeLessThan(item.areaMu.plane);
    expect(item.areaMu.ellipsoidal).toBeCloseTo(ellipsoidalAreaMu(item.parcel.geometry), 9);
    expect(item.warnings).toContain('台账面积未给出，暂取图形椭球面积，请核对');
    const written = await commit('yicheng', p.body.importId, [item.index]);
    expect(written.status).toBe(201);
    const parcel = (await server.get(`/api/parcels/${written.body.created[0]}`)).body;
    expect(parcel.properties).toMatchObject({ code: 'IMP-GK-1', category: 'expropriated_not_supplied', status: 'registered' });
    expect(parcel.history[0]).toMatchObject({ action: 'import', actor: 'yicheng' });
  });

  it("marks parcels outside an editor's units invalid in the preview, and refuses them on commit", async () => {
    const file = gkSquareGeoJson(114.7, 32.95, 200, 'IMP-OUT');
    const p = await preview('yicheng', 'out.geojson', file);
    expect(p.body.items[0].valid).toBe(false);
    expect(p.body.items[0].errors).toContain('超出您负责的单位范围');
    const before = await counts();
    const r = await commit('yicheng', p.body.importId, allIndexes(p));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('超出您负责的单位范围');
    expect(await counts()).toEqual(before);
  });

  it('round-trips our own shapefile export as updates of the same parcels', async () => {
    const zip = new Uint8Array(await (await fetch(`${server.url}/api/exports/parcels?format=shapefile&campaign=1&category=inefficient`)).arrayBuffer());
    const p = await preview('admin', 'parcels.zip', zip);
    expect(p.body.error?.message).toBeUndefined();
    expect(p.status).toBe(200);
    expect(p.body.format).toBe('Shapefile');
    expect(p.body.items.length).toBeGreaterThan(0);
    expect(p.body.items.filter((i: any) => !(i.action === 'update' && i.valid))).toEqual([]);
    const r = await commit('admin', p.body.importId, allIndexes(p));
    expect(r.status).toBe(201);
    expect(r.body.updated).toHaveLength(p.body.items.length);
    // A preview is written once.
    expect((await commit('admin', p.body.importId, allIndexes(p))).status).toBe(409);
    const one = (await server.get(`/api/parcels/${r.body.updated[0]}`)).body;
    expect(one.history[0].action).toBe('import');
    expect(one.properties.category).toBe('inefficient');
  });

  it('updates attributes from an Excel ledger matched by 地块编号, and reports unknown codes', async () => {
    const list = (await server.get('/api/parcels?campaign=1&limit=2')).body.features;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['地块编号', '备注', '责任人']);
    sheet.addRow([list[0].properties.code, '外业已核实', '李四']);
    sheet.addRow([list[1].properties.code, '待补手续', '王五']);
    sheet.addRow(['NO-SUCH-CODE', 'x', 'y']);
    const p = await preview('admin', '台账.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(p.status).toBe(200);
    expect(p.body.items.map((i: any) => [i.action, i.valid])).toEqual([['update', true], ['update', true], ['create', false]]);
    expect(p.body.items[2].errors[0]).toContain('无法新建');
    expect((await commit('admin', p.body.importId, allIndexes(p))).status).toBe(400);
    const r = await commit('admin', p.body.importId, p.body.items.filter((i: any) => i.valid).map((i: any) => i.index));
    expect(r.status).toBe(201);
    const updated = (await server.get(`/api/parcels/${list[0].id}`)).body.properties;
    expect(updated).toMatchObject({ remarks: '外业已核实', responsiblePerson: '李四', category: list[0].properties.category });
    expect(updated.areaMu.ellipsoidal).toBeCloseTo(list[0].properties.areaMu.ellipsoidal, 9);
  });

  it('writes all or nothing: a parcel changed since the preview stops the whole commit', async () => {
    const target = (await server.get('/api/parcels?campaign=1&limit=1&offset=5')).body.features[0];
    const square = [[113.81, 32.96], [113.812, 32.96], [113.812, 32.962], [113.81, 32.962], [113.81, 32.96]];
    const file = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { 地块编号: 'IMP-ATOMIC', 项目名称: '原子性测试' }, geometry: { type: 'Polygon', coordinates: [square] } },
        { type: 'Feature', properties: { 地块编号: target.properties.code, 备注: '导入的备注' }, geometry: target.geometry },
      ],
    };
    const p = await preview('admin', 'a.geojson', JSON.stringify(file));
    expect(p.body.items.map((i: any) => [i.action, i.valid, i.errors])).toEqual([['create', true, []], ['update', true, []]]);
    const edited = await users.admin!.request('PUT', `/api/parcels/${target.id}`, { ...target.properties, geometry: target.geometry, remarks: '预览后有人修改' });
    expect(edited.status).toBe(200);
    const before = await counts();
    const r = await commit('admin', p.body.importId, allIndexes(p));
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('第 2 个地块');
    expect(await counts()).toEqual(before);
    expect((await server.get(`/api/parcels/${target.id}`)).body.properties.remarks).toBe('预览后有人修改');
  });

  it("commits only one's own, existing previews", async () => {
    const p = await preview('admin', 'b.geojson', gkSquareGeoJson(113.82, 32.96, 100, 'IMP-OWN'));
    expect((await commit('yicheng', p.body.importId, allIndexes(p))).status).toBe(404);
    expect((await commit('admin', 'no-such-preview', [1])).status).toBe(404);
    expect((await commit('admin', p.body.importId, [])).status).toBe(400);
    expect((await commit('admin', p.body.importId, [99])).status).toBe(400);
  });
});

describe('the coordinate text file (界址点坐标)', () => {
  it('round-trips: exporting parcels and importing the file gives the same coordinates within 1 mm', async () => {
    const list = (await server.get('/api/parcels?campaign=1&category=idle&limit=5')).body.features;
    // GBK by default, as the ministry's tools expect.
    const text = new TextDecoder('gbk').decode(await (await fetch(`${server.url}/api/exports/parcels?format=coordfile&ids=${list.map((f: any) => f.id).join(',')}`)).arrayBuffer());
    expect(text).toContain('[属性描述]');
    expect(text).toContain('带号=38');
    const p = await preview('admin', '导出.txt', text);
    expect(p.status).toBe(200);
    expect(p.body.items.map((i: any) => i.parcel.code)).toEqual(list.map((f: any) => f.properties.code));
    for (const [i, item] of p.body.items.entries()) {
      expect(item).toMatchObject({ action: 'update', valid: true });
      const original = list[i].geometry.coordinates.flat(2) as number[][];
      const back = item.parcel.geometry.coordinates.flat(2) as number[][];
      // Rings may start at another vertex or run the other way: every original vertex must be within 1 mm of one read back.
      for (const [lon, lat] of original) {
        const nearest = Math.min(...back.map(([x, y]) => Math.hypot((x! - lon!) * 93_400, (y! - lat!) * 110_900)));
        expect(nearest).toBeLessThan(0.001);
      }
    }
  });

  it('imports a GBK-encoded file, reporting the area each parcel states', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const name = readdirSync('test/fixtures/coordfile/in').find((f) => /gbk/i.test(f))!;
    const p = await preview('admin', name.replace(/\.\w+$/, '.txt'), readFileSync(`test/fixtures/coordfile/in/${name}`));
    expect(p.status).toBe(200);
    expect(p.body.format).toContain('GBK');
    expect(p.body.items.length).toBeGreaterThan(0);
    expect(p.body.items.every((i: any) => i.statedAreaMu > 0)).toBe(true);
  });

  it('refuses a broken coordinate file, naming the line', async () => {
    const p = await preview('admin', 'bad.txt', '[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=38\n[地块坐标]\n5,1.0,A1,甲,面,,,,@\nJ1,1,3650000.000,38500000.000\nJ2,1,3650100.000,abc\n');
    expect(p.status === 422 || p.body.items?.[0]?.valid === false).toBe(true);
    const text = JSON.stringify(p.body);
    expect(text).toMatch(/第 \d+ 行/);
  });
});

describe('files that cannot be imported get a clear 4xx and change nothing', () => {
  const kml = (coords: string) => `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>K1</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${coords}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>`;
  const cases: Array<[string, string, BlobPart, number, string]> = [
    ['an empty file', 'a.geojson', '', 422, '文件是空的'],
    ['an unknown file type', 'a.dwg', 'x', 422, '不支持的文件类型'],
    ['broken JSON', 'a.geojson', '{"type": "FeatureCollection", "features": [', 422, '不是有效的 JSON'],
    ['JSON that is not GeoJSON', 'a.json', '[1,2,3]', 422, '不是 GeoJSON'],
    ['an unsupported crs', 'a.geojson', JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:2383' } }, features: [] }), 422, '不支持的坐标系'],
    ['a FeatureCollection without features', 'a.geojson', '{"type":"FeatureCollection"}', 422, 'features'],
    ['broken XML as KML', 'a.kml', '<kml><Placemark>', 422, '不是有效的 KML'],
    ['XML that is not KML', 'a.kml', '<gpx></gpx>', 422, 'KML'],
    ['a zip that is not a shapefile', 'a.zip', new Uint8Array([80, 75, 3, 4, 0, 0, 1, 2, 3]), 422, 'Shapefile'],
    ['an xlsx that is not one', 'a.xlsx', 'not a workbook', 422, 'Excel'],
  ];
  it.each(cases)('%s', async (_name, file, content, status, text) => {
    const before = await counts();
    const p = await preview('admin', file, content);
    expect(p.status).toBe(status);
    expect(p.body.error.message).toContain(text);
    expect(await counts()).toEqual(before);
  });

  it('reports bad parcels inside a readable file one by one', async () => {
    const p = await preview('admin', 'k.kml', kml('113.80,32.95 113.81,32.96 113.81,32.95 113.80,32.96 113.80,32.95'));
    expect(p.status).toBe(200);
    expect(p.body.items[0].valid).toBe(false);
    expect(p.body.items[0].errors.join()).toContain('自相交');
    const swapped = await preview('admin', 's.kml', kml('32.95,113.80 32.95,113.81 32.96,113.81 32.95,113.80'));
    expect(swapped.body.items[0].errors.join()).toContain('经纬度写反');
  });

  it('needs an editor, a file and the defaults', async () => {
    expect((await preview(null, 'a.geojson', '{}')).status).toBe(401);
    expect((await preview('leader', 'a.geojson', '{}')).status).toBe(403);
    const noDefaults = await preview('admin', 'a.geojson', '{}', {});
    expect(noDefaults.status).toBe(400);
    expect(noDefaults.body.error.message).toContain('参数 category');
    const r = await users.admin!.request('POST', '/api/imports/commit', { indexes: [1] });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('请先预览');
  });
});
