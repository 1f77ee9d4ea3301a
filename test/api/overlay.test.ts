import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ellipsoidalAreaMu } from '../../core/area/ellipsoidal.ts';
import { muFromM2 } from '../../core/measure.ts';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';
import { BATCH_NAME, batch, batchFile, sliver, suppliedPieces, supplyFile } from '../fixtures/overlay/shapes.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: Record<string, Client> = {};

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'yicheng', 'kaifaqu', 'field', 'leader']) clients[name] = await signIn(server.url, name, DEMO_PASSWORDS[name]!);
});
afterAll(() => server?.close());

/** Multipart upload with a fresh sign-in, so cookie and CSRF token stay paired (as the import tests do). */
async function upload(who: string, path: string, name: string, content: BlobPart, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set('file', new Blob([content]), name);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const session = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: who, password: DEMO_PASSWORDS[who] }) });
  const headers = { cookie: session.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
  const r = await fetch(`${server.url}${path}`, { method: 'POST', body: form, headers });
  return { status: r.status, body: (await r.json()) as any };
}

const counts = async () => (await server.db.query<{ batches: number; supplies: number; parcels: number; history: number }>(
  `SELECT (SELECT count(*)::int FROM approval_batches) AS batches, (SELECT count(*)::int FROM supply_records) AS supplies,
          (SELECT count(*)::int FROM parcels) AS parcels, (SELECT count(*)::int FROM parcel_history) AS history`))[0]!;
const overlay = async (query = '') => (await server.get(`/api/campaigns/1/approval-overlay${query}`)).body;
const ours = (answer: any) => answer.batches.find((b: any) => b.batchName === BATCH_NAME);

// Independent of PostGIS: GeographicLib areas of the hand-made pieces.
const batchMu = ellipsoidalAreaMu(batch);
const suppliedMu = suppliedPieces.reduce((s, p) => s + ellipsoidalAreaMu(p), 0);
const sliverMu = ellipsoidalAreaMu(sliver);
const remainderMu = batchMu - suppliedMu - sliverMu;
/** PostGIS and GeographicLib on the same ellipsoid agree far better than this (0.005 mu = 3.3 m²). */
const CLOSE = 0.005;

describe('the demo batches', () => {
  it('add up batch by batch, and the ledger agrees with some and not others', async () => {
    const answer = await overlay();
    const demo = answer.batches.filter((b: any) => b.source.startsWith('演示数据'));
    expect(demo.length).toBeGreaterThan(5);
    for (const b of demo) {
      expect(Math.abs(b.suppliedMu + b.remainderMu + b.sliverMu - b.approvedMu.computed), b.batchName).toBeLessThan(0.05);
      expect(b.supplyRate).toBeGreaterThan(0);
      expect(b.supplyRate).toBeLessThanOrEqual(1 + 1e-9);
    }

    expect(demo.some((b: any) => b.ledger.ok)).toBe(true);
    expect(demo.some((b: any) => !b.ledger.ok)).toBe(true);
    expect(demo.reduce((n: number, b: any) => n + b.sliverCount, 0)).toBeGreaterThan(0);

  });
});

describe('uploading batches and supplies', () => {
  it('refuses files that are wrong, in Chinese, writing nothing', async () => {
    const before = await counts();
    const point = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { 批次名称: '点' }, geometry: { type: 'Point', coordinates: [113.7, 33.05] } }] };
    const cases: Array<[string, string, BlobPart, Record<string, string>, RegExp]> = [
      ['approval-batches', 'point.geojson', JSON.stringify(point), {}, /须为面/],
      ['approval-batches', 'noname.geojson', JSON.stringify(batchFile({ 批次名称: '' })), {}, /缺少批次名称/],
      ['approval-batches', 'mapped.geojson', JSON.stringify(batchFile()), { batchNameField: 'PCMC' }, /字段“PCMC”/],
      ['approval-batches', 'date.geojson', JSON.stringify(batchFile({ 批准日期: '2018-02-30' })), {}, /不是有效日期/],
      ['approval-batches', 'area.geojson', JSON.stringify(batchFile({ 批准面积: '很多' })), {}, /不是有效面积/],
      ['approval-batches', 'unit.geojson', JSON.stringify(batchFile()), { areaUnit: 'acre' }, /面积单位/],
      ['approval-batches', 'broken.geojson', '{"type": "FeatureCollection", "features": [', {}, /不是有效的 JSON/],
      ['approval-batches', 'batch.doc', 'x', {}, /不支持的文件类型/],
      ['supply-records', 'number.geojson', JSON.stringify({ ...supplyFile(), features: [{ ...supplyFile().features[0]!, properties: { 电子监管号: '12345' } }] }), {}, /电子监管号“12345”格式不对/],
      ['supply-records', 'swapped.geojson', JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[33, 113], [33.001, 113], [33.001, 113.001], [33, 113]]] } }), {}, /经纬度写反/],
    ];
    for (const [path, name, content, fields, message] of cases) {
      const r = await upload('admin', `/api/campaigns/1/${path}`, name, content, fields);
      expect(r.status, name).toBe(400);
      expect(r.body.error.message, name).toMatch(message);
    }
    expect(await counts()).toEqual(before);
  });

  it('lets only admins and editors upload', async () => {
    const before = await counts();
    for (const who of ['field', 'leader']) {
      const r = await upload(who, '/api/campaigns/1/approval-batches', 'b.geojson', JSON.stringify(batchFile()));
      expect(r.status).toBe(403);
    }
    expect(await counts()).toEqual(before);
  });

  it('stores the batch, and repairs the bow-tie supply saying so', async () => {
    const b = await upload('admin', '/api/campaigns/1/approval-batches', '批次.geojson', JSON.stringify(batchFile()));
    expect(b.status).toBe(201);
    expect(b.body).toMatchObject({ created: 1, repairs: [] });
    const s = await upload('admin', '/api/campaigns/1/supply-records', '供地.geojson', JSON.stringify(supplyFile()));
    expect(s.status).toBe(201);
    expect(s.body.created).toBe(5);
    expect(s.body.repairs).toHaveLength(1);
    expect(s.body.repairs[0]).toMatchObject({ source: '第 3 个要素', parts: 2 });
    expect(s.body.repairs[0].problem).toMatch(/自相交/);
    expect(s.body.repairs[0].repairedMu).toBeCloseTo(muFromM2(5000), 2);
    const [stored] = await server.db.query<{ note: string; valid: boolean }>(`SELECT repair_note AS note, ST_IsValid(geom) AS valid FROM supply_records WHERE supervision_number = '4117022020B00003'`);
    expect(stored!.valid).toBe(true);
    expect(stored!.note).toMatch(/ST_MakeValid/);
  });

  it('reads a 界址点坐标文件 too: names from 地块名称, areas from its 公顷 figures', async () => {
    const file = await readFile('test/fixtures/coordfile/in/zmd-zone38-prefix.txt');
    const r = await upload('kaifaqu', '/api/campaigns/1/approval-batches', '坐标.txt', file);
    expect(r.status).toBe(201);
    expect(r.body.created).toBeGreaterThan(0);
    const rows = await server.db.query<{ name: string; stated: number; computed: number }>(
      `SELECT batch_name AS name, approved_mu AS stated, (ST_Area(geom::geography) / (10000.0 / 15.0))::float8 AS computed FROM approval_batches WHERE id = ANY($1::int[])`, [r.body.ids]);
    expect(rows[0]!.name).toBe('驿城区装备制造产业园01号地块');
    expect(rows[0]!.stated).toBeCloseTo(6.7509 * 15, 6);
    for (const row of rows) expect(Math.abs(row.stated - row.computed) / row.stated).toBeLessThan(0.01);
  });

  it('refuses the same batch name twice (409), writing nothing', async () => {
    const before = await counts();
    const r = await upload('yicheng', '/api/campaigns/1/approval-batches', '批次.geojson', JSON.stringify(batchFile()));
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain(BATCH_NAME);
    expect(await counts()).toEqual(before);
  });
});

describe('taking an upload back', () => {
  it('lets an admin delete a batch or a supply record, and no one else', async () => {
    const r = await upload('admin', '/api/campaigns/1/supply-records', '多余.geojson', JSON.stringify({ ...supplyFile(), features: supplyFile().features.slice(0, 1) }));
    expect(r.status).toBe(201);
    const [id] = r.body.ids as number[];
    for (const who of ['yicheng', 'leader']) {
      const refused = await clients[who]!.request('DELETE', `/api/campaigns/1/supply-records/${id}`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/管理员|不能修改/);
    }
    expect((await clients.admin!.request('DELETE', `/api/campaigns/1/supply-records/${id}`)).status).toBe(204);
    expect((await server.db.query('SELECT 1 FROM supply_records WHERE id = $1', [id]))).toHaveLength(0);
    expect((await clients.admin!.request('DELETE', `/api/campaigns/1/supply-records/${id}`)).status).toBe(404);
    expect((await clients.admin!.request('DELETE', '/api/campaigns/1/approval-batches/99999')).status).toBe(404);
  });
});

describe('the overlay', () => {
  it('computes supplied and remainder areas that match the hand-made geometry', async () => {
    const b = ours(await overlay());
    expect(b.approvedMu.computed).toBeCloseTo(batchMu, 2);
    expect(Math.abs(b.approvedMu.computed - muFromM2(150000))).toBeLessThan(0.05);
    expect(b.approvedMu.stated).toBe(15);
    expect(b.approvedMu.statedMinusComputed).toBeCloseTo(15 - batchMu, 6);
    expect(Math.abs(b.suppliedMu - suppliedMu)).toBeLessThan(CLOSE);
    expect(Math.abs(b.remainderMu - remainderMu)).toBeLessThan(CLOSE);
    expect(b.supplyCount).toBe(5);
    expect(b.supplyRate).toBeCloseTo(b.suppliedMu / b.approvedMu.computed, 9);
    expect(b.sliverCount).toBe(1);
    expect(Math.abs(b.sliverMu - sliverMu)).toBeLessThan(CLOSE);
    // Supplied, remainder and slivers add up to the batch: nothing lost or counted twice in the overlay.
    expect(Math.abs(b.suppliedMu + b.remainderMu + b.sliverMu - b.approvedMu.computed)).toBeLessThan(CLOSE);
    // No ledger parcel names the batch yet: the whole remainder is a difference beyond tolerance.
    expect(b.ledger).toMatchObject({ ledgerMu: 0, parcelCount: 0, ok: false });
    expect(b.ledger.diffMu).toBeCloseTo(b.remainderMu, 9);
  });

  it('lists slivers separately on the map, and counts them in the remainder when the thresholds are off', async () => {
    const features = (await server.get('/api/campaigns/1/approval-overlay/features')).body.features.filter((f: any) => f.properties.batchName === BATCH_NAME || f.properties.kind === 'supply');
    const kinds = (k: string) => features.filter((f: any) => f.properties.kind === k);
    expect(kinds('batch')).toHaveLength(1);
    expect(kinds('sliver')).toHaveLength(1);
    expect(kinds('sliver')[0].properties).toMatchObject({ reason: 'thin' });
    expect(kinds('sliver')[0].properties.meanWidthM).toBeLessThan(1.01);
    expect(kinds('remainder').length).toBeGreaterThanOrEqual(1);
    const numbers = supplyFile().features.map((f) => f.properties!['电子监管号']);
    expect(kinds('supply').filter((f: any) => numbers.includes(f.properties.supervisionNumber))).toHaveLength(5);
    const off = ours(await overlay('?sliverAreaM2=0&sliverWidthM=0'));
    expect(off.sliverCount).toBe(0);
    expect(Math.abs(off.remainderMu - (remainderMu + sliverMu))).toBeLessThan(CLOSE);
  });

  it('refuses unusable thresholds', async () => {
    for (const q of ['?sliverAreaM2=-1', '?sliverWidthM=abc', '?sliverWidthM=500']) {
      const r = await server.get(`/api/campaigns/1/approval-overlay${q}`);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/阈值|数字/);
    }
    expect((await server.get('/api/campaigns/999/approval-overlay')).status).toBe(404);
  });
});

describe('turning the remainder into 批而未供 parcels', () => {
  const batchId = async () => ours(await overlay()).id as number;

  it('refuses users who may not edit there, writing nothing', async () => {
    const before = await counts();
    const id = await batchId();
    for (const [who, status] of [['kaifaqu', 403], ['field', 403], ['leader', 403]] as const) {
      const r = await clients[who]!.request('POST', `/api/campaigns/1/approval-overlay/${id}/convert`, {});
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.error.message, who).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await clients.admin!.request('POST', `/api/campaigns/1/approval-overlay/${id}/convert`, { category: 'idle' })).status).toBe(400);
    expect((await clients.admin!.request('POST', '/api/campaigns/1/approval-overlay/99999/convert', {})).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('creates parcels that pass the area check, with history, and then the ledger agrees', async () => {
    const before = await counts();
    const id = await batchId();
    const r = await clients.yicheng!.request('POST', `/api/campaigns/1/approval-overlay/${id}/convert`, { category: 'expropriated_not_supplied' });
    expect(r.status).toBe(201);
    const parcels = r.body.parcels as Array<{ id: number; code: string; ledgerMu: number }>;
    expect(parcels.length).toBeGreaterThanOrEqual(1);
    expect(Math.abs(parcels.reduce((s, p) => s + p.ledgerMu, 0) - remainderMu)).toBeLessThan(0.01 * parcels.length);
    for (const p of parcels) {
      const detail = (await server.get(`/api/parcels/${p.id}`)).body;
      expect(detail.properties).toMatchObject({ category: 'expropriated_not_supplied', approvalBatch: BATCH_NAME, approvalNumber: '豫政土〔2018〕100号', approvalDate: '2018-06-30' });
      expect(detail.properties.code).toMatch(/^PC\d{4}-\d{2}$/);
      expect(detail.properties.areaCheck.ok).toBe(true);
      expect(detail.history).toHaveLength(1);
      expect(detail.history[0]).toMatchObject({ action: 'create', actor: 'yicheng' });
    }
    const after = await counts();
    expect(after.parcels - before.parcels).toBe(parcels.length);
    expect(after.history - before.history).toBe(parcels.length);

    const b = ours(await overlay());
    expect(b.converted).toMatchObject({ by: 'yicheng', parcelIds: parcels.map((p) => p.id) });
    expect(b.ledger.parcelCount).toBe(parcels.length);
    expect(b.ledger.ok).toBe(true);
    expect(Math.abs(b.ledger.diffMu)).toBeLessThan(0.01 * parcels.length);
  });

  it('refuses a second conversion (409)', async () => {
    const before = await counts();
    const r = await clients.admin!.request('POST', `/api/campaigns/1/approval-overlay/${await batchId()}/convert`, {});
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('不能重复转换');
    expect(await counts()).toEqual(before);
  });
});
