import { open } from 'node:fs/promises';
import { Hono } from 'hono';
import { PMTiles } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../server/auth/types.ts';
import { NodeFileSource } from '../../server/basemaps/file-source.ts';
import { basemapRoutes } from '../../server/basemaps/routes.ts';
import { errorResponse } from '../../server/http/errors.ts';
import { deadlineOf, REQUEST_RECEIVE_MS } from '../../server/http/limits.ts';
import { gdalBasemap, type BasemapFixture } from '../support/basemap-fixture.ts';
import { writePmtiles } from '../support/pmtiles-writer.ts';
import { startTestServer } from '../support/server.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let fixture: BasemapFixture;

beforeAll(async () => {
  [server, fixture] = await Promise.all([startTestServer(), gdalBasemap()]);
});
afterAll(async () => {
  await server?.close();
  await fixture?.remove();
});

interface Session {
  cookie: string;
  csrf: string;
}

async function login(who: string): Promise<Session> {
  const r = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: who, password: DEMO_PASSWORDS[who] }) });
  return { cookie: r.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
}

async function send(session: Session | null, method: string, path: string, body?: BodyInit, type = 'application/json') {
  const headers: Record<string, string> = { 'content-type': type };
  if (session) Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': session.csrf });
  const r = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

const upload = (session: Session | null, bytes: Uint8Array, query = 'name=测试底图&fileName=units.pmtiles') =>
  send(session, 'POST', `/api/basemaps/packages?${new URLSearchParams(query)}`, bytes as unknown as BodyInit, 'application/octet-stream');

describe('the test fixture', () => {
  it("packs GDAL's tiles so that the pmtiles reader returns every one of them, byte for byte", async () => {
    expect(fixture.tiles.length).toBeGreaterThan(10);
    const file = await open(fixture.path, 'r');
    try {
      const archive = new PMTiles(new NodeFileSource(file, fixture.path, fixture.bytes.length));
      const header = await archive.getHeader();
      expect([header.minZoom, header.maxZoom]).toEqual([7, 9]);
      for (const tile of fixture.tiles) {
        const read = await archive.getZxy(tile.z, tile.x, tile.y);
        expect(new Uint8Array(read!.data), `${tile.z}/${tile.x}/${tile.y}`).toEqual(tile.data);
      }
      // A tile GDAL did not make is not invented.
      expect(await archive.getZxy(9, 0, 0)).toBeUndefined();
    } finally {
      await file.close();
    }
  });
});

describe('offline packages', () => {
  let id: string;
  let url: string;

  beforeAll(async () => {
    const r = await upload(await login('admin'), fixture.bytes);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    id = r.body.id;
    url = `${server.url}/tiles/basemaps/${id}.pmtiles`;
  });

  it('lists the package with what its header says: type, zooms, area, size', async () => {
    const { body } = await server.get('/api/basemaps');
    const layer = body.layers.find((l: any) => l.id === id);
    expect(layer).toMatchObject({ kind: 'pmtiles', name: '测试底图', minZoom: 7, maxZoom: 9, rasters: [] });
    expect(layer.package).toMatchObject({ url: `/tiles/basemaps/${id}.pmtiles`, bytes: fixture.bytes.length, tileType: 'png', fileName: 'units.pmtiles' });
    // The area covers the units GDAL drew (Zhumadian, about 113–115.5°E, 32–33.6°N).
    const [west, south, east, north] = layer.package.bounds;
    expect(west).toBeLessThan(113.3);
    expect(east).toBeGreaterThan(115.1);
    expect(south).toBeLessThan(32.3);
    expect(north).toBeGreaterThan(33.5);
  });

  it('serves byte ranges: 206 with exactly the file’s bytes, Accept-Ranges and an ETag', async () => {
    const size = fixture.bytes.length;
    for (const [range, start, end] of [
      ['bytes=0-126', 0, 126],
      ['bytes=200-', 200, size - 1],
      ['bytes=-50', size - 50, size - 1],
      // A reader asks for the first 16 KB of any archive: the end is clamped, not refused.
      ['bytes=0-16383', 0, Math.min(16383, size - 1)],
    ] as const) {
      const r = await fetch(url, { headers: { range } });
      expect(r.status, range).toBe(206);
      expect(r.headers.get('accept-ranges')).toBe('bytes');
      expect(r.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      expect(new Uint8Array(await r.arrayBuffer()), range).toEqual(fixture.bytes.slice(start, end + 1));
    }
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(fixture.bytes);
    const etag = whole.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    // If-Range naming another version: the whole (current) file, not a piece of it.
    expect((await fetch(url, { headers: { range: 'bytes=0-9', 'if-range': '"other"' } })).status).toBe(200);
  });

  it('answers HEAD with the size and no body', async () => {
    const r = await fetch(url, { method: 'HEAD' });
    expect(r.status).toBe(200);
    expect(Number(r.headers.get('content-length'))).toBe(fixture.bytes.length);
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect((await r.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers 416 with the size for ranges it cannot serve', async () => {
    for (const range of [`bytes=${fixture.bytes.length}-`, 'bytes=50-10', 'bytes=0-1,5-9', 'lines=1-2']) {
      const r = await fetch(url, { headers: { range } });
      expect(r.status, range).toBe(416);
      expect(r.headers.get('content-range')).toBe(`bytes */${fixture.bytes.length}`);
      expect(((await r.json()) as any).error.message).toContain('字节范围');
    }
    expect((await fetch(`${server.url}/tiles/basemaps/99999.pmtiles`)).status).toBe(404);
  });

  it('is read over HTTP by the pmtiles library (as the maps read it): every tile equal to GDAL’s', async () => {
    const archive = new PMTiles(url);
    for (const tile of fixture.tiles) {
      const read = await archive.getZxy(tile.z, tile.x, tile.y);
      expect(new Uint8Array(read!.data), `${tile.z}/${tile.x}/${tile.y}`).toEqual(tile.data);
    }
  });

  it('deletes the package and its file', async () => {
    const admin = await login('admin');
    const r = await upload(admin, fixture.bytes, 'name=将删除');
    expect(r.status).toBe(201);
    expect((await send(admin, 'DELETE', `/api/basemaps/${r.body.id}`)).status).toBe(204);
    expect((await fetch(`${server.url}/tiles/basemaps/${r.body.id}.pmtiles`)).status).toBe(404);
    expect((await server.get('/api/basemaps')).body.layers.some((l: any) => l.id === r.body.id)).toBe(false);
  });
});

describe('upload refusals', () => {
  it('refuses what is not PMTiles, in Chinese, naming the file', async () => {
    const admin = await login('admin');
    const listed = async () => (await server.get('/api/basemaps')).body.layers.length;
    const before = await listed();
    const png = fixture.tiles[0]!.data;
    const r = await upload(admin, png, 'fileName=tile.png');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('“tile.png”：不是 PMTiles 文件：文件头没有 “PMTiles” 标记');
    const sqlite = new TextEncoder().encode('SQLite format 3\u0000' + ' '.repeat(200));
    expect((await upload(admin, sqlite, 'fileName=a.mbtiles')).body.error.message).toContain('MBTiles');
    // Cut short, as an interrupted upload would be: the header names sections past the end.
    const cut = await upload(admin, fixture.bytes.slice(0, fixture.bytes.length - 100));
    expect(cut.status).toBe(400);
    expect(cut.body.error.message).toContain('文件不完整');
    expect((await upload(admin, new Uint8Array(0))).status).toBe(400);
    const avif = writePmtiles([{ z: 0, x: 0, y: 0, data: new Uint8Array([1, 2, 3]) }], 'png');
    avif[99] = 5;
    expect((await upload(admin, avif)).body.error.message).toContain('无法在地图上绘制');
    // Nothing of the refused files is left listed.
    expect(await listed()).toBe(before);
  });

  it('needs an admin: 401 signed out, 403 for an editor or a leader', async () => {
    expect((await upload(null, fixture.bytes)).status).toBe(401);
    for (const who of ['yicheng', 'leader']) {
      const r = await upload(await login(who), fixture.bytes);
      expect(r.status, who).toBe(403);
      expect(r.body.error.message).toContain('只有管理员可以设置底图');
    }
  });

  it('refuses a file over the limit from its declared length, before reading it (413, the limit named)', async () => {
    const admin = await login('admin');
    const { request } = await import('node:http');
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.url}/api/basemaps/packages?name=x`, {
        method: 'POST',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/octet-stream', 'content-length': String(3 * 1024 ** 3) },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.write(fixture.bytes.slice(0, 1000));
    });
    expect(status.status).toBe(413);
    expect(JSON.parse(status.body).error.message).toBe('离线底图包过大（3072.0 MB），上限为 2 GB');
  });

  it('counts a body sent without its length and stops at the limit (413), keeping nothing', async () => {
    // In-process, with a limit of 10 KB, so the streaming count is what refuses.
    const admin = { id: 1, username: 'admin', displayName: '管理员', role: 'admin' as const, unitIds: [], csrfToken: 'x' };
    const app = new Hono<AppEnv>()
      .use('*', async (c, next) => {
        c.set('user', admin);
        await next();
      })
      .route('/api/basemaps', basemapRoutes(server.db, { tiandituKey: null, dataDir: `${fixture.path}.data`, maxPackageBytes: 10_240 }))
      .onError(errorResponse);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(fixture.bytes.slice(0, 4096));
        controller.close();
      },
    });
    const r = await app.request('/api/basemaps/packages?name=x', { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(r.status).toBe(413);
    expect(((await r.json()) as any).error.message).toBe('离线底图包过大：超过 10 KB 的上限');
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(`${fixture.path}.data/basemaps`)).toEqual([]);
  });

  it('is given its whole deadline to arrive: Node does not cut the request first (its default is 300 s)', () => {
    expect(REQUEST_RECEIVE_MS).toBeGreaterThan(deadlineOf('/api/basemaps/packages').seconds! * 1000);
  });

  it('stops an upload still arriving at its deadline, keeping nothing (a stalled sender holds no file)', async () => {
    const admin = { id: 1, username: 'admin', displayName: '管理员', role: 'admin' as const, unitIds: [], csrfToken: 'x' };
    const dataDir = `${fixture.path}.slow`;
    const app = new Hono<AppEnv>()
      .use('*', async (c, next) => {
        c.set('user', admin);
        await next();
      })
      .route('/api/basemaps', basemapRoutes(server.db, { tiandituKey: null, dataDir, uploadSeconds: 0.3 }))
      .onError(errorResponse);
    // The first 4 KB, then nothing more, never closed.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(fixture.bytes.slice(0, 4096));
      },
    });
    const r = await app.request('/api/basemaps/packages?name=x', { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(r.status).toBe(400);
    expect(((await r.json()) as any).error.code).toBe('upload_interrupted');
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(`${dataDir}/basemaps`)).toEqual([]);
  });
});

describe('tile services set by the admin', () => {
  let admin: Session;
  beforeAll(async () => {
    admin = await login('admin');
  });
  const post = (body: unknown) => send(admin, 'POST', '/api/basemaps', JSON.stringify(body));
  const xyz = { kind: 'xyz', name: '市局影像', attribution: '影像 © 驻马店市自然资源和规划局', url: 'https://img.example.gov.cn/tiles/{z}/{x}/{y}.jpg', maxZoom: 19 };

  it('adds an XYZ and a WMTS service, the WMTS placeholders turned into MapLibre’s', async () => {
    const a = await post(xyz);
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const wmts = await post({
      kind: 'wmts',
      name: '省级节点',
      attribution: '© 天地图·河南',
      url: 'https://henan.example.cn/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=img&STYLE=default&TILEMATRIXSET=GoogleMapsCompatible&FORMAT=image/png&TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}',
    });
    expect(wmts.status, JSON.stringify(wmts.body)).toBe(201);
    const layers = wmts.body.layers;
    expect(layers.find((l: any) => l.id === a.body.id)).toMatchObject({ kind: 'xyz', maxZoom: 19, rasters: [[xyz.url]], attribution: xyz.attribution });
    expect(layers.find((l: any) => l.id === wmts.body.id).rasters[0][0]).toContain('TILEMATRIX={z}&TILEROW={y}&TILECOL={x}');
  });

  it('adds 天地图 with a key: the picture and its labels, in Web Mercator', async () => {
    const r = await post({ kind: 'tianditu', key: '0123456789abcdef0123456789abcdef', layer: 'img' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const layer = r.body.layers.find((l: any) => l.id === r.body.id);
    expect(layer.name).toBe('天地图影像');
    expect(layer.rasters.map((tiles: string[]) => tiles[0])).toEqual([expect.stringContaining('/img_w/wmts?'), expect.stringContaining('/cia_w/wmts?')]);
    expect(layer.rasters[0][0]).toContain('tk=0123456789abcdef0123456789abcdef');
  });

  it('refuses, naming the field, what it cannot draw or trust', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ ...xyz, url: 'ftp://a.example/{z}/{x}/{y}.png' }, 'url', '须以 http:// 或 https:// 开头'],
      [{ ...xyz, url: 'https://a.example/{z}/{x}.png' }, 'url', '缺少 {y}'],
      [{ ...xyz, url: 'https://{s}.example/{z}/{x}/{y}.png' }, 'url', '{s}'],
      [{ ...xyz, crs: 'EPSG:4490' }, 'crs', 'EPSG:4490 是 CGCS2000 经纬度瓦片矩阵'],
      [{ ...xyz, crs: 'EPSG:4547' }, 'crs', '高斯–克吕格'],
      [{ ...xyz, kind: 'wmts', url: 'https://t0.tianditu.gov.cn/img_c/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=img&TILEMATRIXSET=c&TILEMATRIX={TileMatrix}&TILEROW={TileRow}&TILECOL={TileCol}' }, 'url', '经纬度瓦片矩阵'],
      [{ ...xyz, kind: 'wmts', url: 'https://a.example/wmts/{TileMatrix}/{TileRow}.png' }, 'url', '{TileCol}'],
      [{ ...xyz, name: '名'.repeat(41) }, 'name', '不能超过 40 个字符'],
      [{ ...xyz, attribution: '' }, 'attribution', '请填写版权说明'],
      [{ ...xyz, url: `https://a.example/${'a'.repeat(2000)}/{z}/{x}/{y}.png` }, 'url', '不能超过 2000 个字符'],
      [{ ...xyz, maxZoom: 30 }, 'maxZoom', '0–24'],
      [{ kind: 'tianditu', key: 'not a key!' }, 'key', '天地图密钥'],
      [{ kind: 'pmtiles', name: 'x' }, 'kind', '上传文件'],
      [{ kind: 'google' }, 'kind', '底图类型'],
    ];
    for (const [body, field, words] of cases) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body).slice(0, 120)).toBe(400);
      expect(r.body.error.problems.map((p: any) => p.field), JSON.stringify(r.body)).toContain(field);
      expect(r.body.error.message).toContain(words);
    }
    expect((await send(await login('yicheng'), 'POST', '/api/basemaps', JSON.stringify(xyz))).status).toBe(403);
  });

  it('orders the layers and sets the default every map opens on; deleting the default falls back to none', async () => {
    const created = await post({ ...xyz, name: '排序测试' });
    const all = created.body.layers.filter((l: any) => l.origin === 'admin').map((l: any) => l.id);
    const order = [created.body.id, ...all.filter((id: string) => id !== created.body.id)];
    const r = await send(admin, 'PUT', '/api/basemaps/arrangement', JSON.stringify({ order, defaultId: created.body.id }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.layers.filter((l: any) => l.origin === 'admin').map((l: any) => l.id)).toEqual(order);
    expect(r.body.defaultId).toBe(created.body.id);
    expect((await send(admin, 'PUT', '/api/basemaps/arrangement', JSON.stringify({ order, defaultId: '424242' }))).body.error.message).toContain('defaultId');
    const edited = await send(admin, 'PUT', `/api/basemaps/${created.body.id}`, JSON.stringify({ ...xyz, name: '改名后', maxZoom: 17 }));
    expect(edited.body.layers.find((l: any) => l.id === created.body.id)).toMatchObject({ name: '改名后', maxZoom: 17 });
    expect((await send(admin, 'PUT', `/api/basemaps/${created.body.id}`, JSON.stringify({ ...xyz, kind: 'tianditu' }))).status).toBe(400);
    expect((await send(admin, 'DELETE', `/api/basemaps/${created.body.id}`)).status).toBe(204);
    expect((await server.get('/api/basemaps')).body.defaultId).toBeNull();
  });
});
