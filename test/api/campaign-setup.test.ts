import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import shpwrite from '@mapbox/shp-write';
import JSZip from 'jszip';
import { writeDbf } from '../../server/exports/dbf.ts';
import { ellipsoidalAreaMu } from '../../core/area/ellipsoidal.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
const DATA = new URL('../../data/', import.meta.url).pathname;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

/** A fresh sign-in per request keeps cookie and CSRF token paired (as in imports.test.ts). */
async function send(who: string, method: string, path: string, body?: FormData | object) {
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: who, password: DEMO_PASSWORDS[who] }) });
  const headers: Record<string, string> = {
    cookie: login.headers.get('set-cookie')!.split(';')[0]!,
    'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken,
  };
  if (body && !(body instanceof FormData)) headers['content-type'] = 'application/json';
  const r = await fetch(server.url + path, { method, headers, ...(body ? { body: body instanceof FormData ? body : JSON.stringify(body) } : {}) });
  return { status: r.status, body: (await r.json()) as any };
}

const form = (entries: Record<string, string | { name: string; content: BlobPart }>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) {
    if (typeof v === 'string') f.set(k, v);
    else f.set(k, new Blob([v.content]), v.name);
  }
  return f;
};

const definition = (overrides: Record<string, unknown> = {}) => ({
  name: '测试县闲置土地专项行动',
  level: { code: '990100', name: '测试市', kind: 'city' },
  startDate: '2024-03-01',
  endDate: '2024-12-31',
  milestones: [{ date: '2024-06-30', targetPct: 50 }, { date: '2024-11-30', targetPct: 100 }],
  tolerance: { relative: 0.01, absoluteMu: 0.5 },
  taskTypes: ['approved_not_supplied', 'idle'],
  ...overrides,
});

async function newCampaign(overrides: Record<string, unknown> = {}): Promise<number> {
  const r = await send('admin', 'POST', '/api/campaign-setup', definition(overrides));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.campaign.id;
}

/** An axis-aligned square in lon/lat, as a GeoJSON feature. */
const square = (lon: number, lat: number, side: number, properties: Record<string, unknown>) => ({
  type: 'Feature',
  properties,
  geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]]] },
});
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('creating a campaign', () => {
  it('refuses a non-admin with 403 and writes nothing', async () => {
    const before = (await server.get('/api/campaigns')).body.campaigns.length;
    for (const who of ['yicheng', 'leader']) {
      const r = await send(who, 'POST', '/api/campaign-setup', definition());
      expect(r.status).toBe(403);
      expect(r.body.error.message).toContain('只有管理员');
    }
    expect((await server.get('/api/campaigns')).body.campaigns.length).toBe(before);
  });

  it('names every bad field in Chinese', async () => {
    const r = await send('admin', 'POST', '/api/campaign-setup', definition({
      name: '', endDate: '2024-01-01', taskTypes: [], tolerance: { relative: 2, absoluteMu: 0.5 },
      milestones: [{ date: '2024-06-30', targetPct: 60 }, { date: '2024-05-30', targetPct: 50 }],
    }));
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.problems).sort()).toEqual(['endDate', 'milestones.0.date', 'milestones.1.date', 'name', 'taskTypes', 'tolerance'].sort());
    expect(r.body.error.problems.endDate).toBe('结束日期不能早于开始日期');
  });

  it('creates it with its milestones, tolerance and task types', async () => {
    const id = await newCampaign({ tolerance: { relative: 0.02, absoluteMu: 1 } });
    const c = (await server.get(`/api/campaigns/${id}`)).body;
    expect(c).toMatchObject({ name: '测试县闲置土地专项行动', taskTypes: ['approved_not_supplied', 'idle'], tolerance: { relative: 0.02, absoluteMu: 1 }, levelUnit: { code: '990100', name: '测试市' } });
    expect(c.milestones.map((m: any) => [m.date, m.targetPct])).toEqual([['2024-06-30', 50], ['2024-11-30', 100]]);
  });
});

describe('units from a boundary file', () => {
  // Two 0.01° squares overlapping in a 0.002° × 0.01° strip near Zhumadian.
  const a = square(114.0, 33.0, 0.01, { 名称: '甲镇', 代码: 'T-A' });
  const b = square(114.008, 33.0, 0.01, { 名称: '乙镇', 代码: 'T-B' });

  it('refuses overlapping units, with the overlap in mu and its geometry', async () => {
    const id = await newCampaign();
    const r = await send('admin', 'POST', `/api/campaign-setup/${id}/units/preview`, form({ file: { name: 'units.geojson', content: collection(a, b) }, nameField: '名称', codeField: '代码' }));
    expect(r.status).toBe(200);
    expect(r.body.canCommit).toBe(false);
    expect(r.body.previewId).toBeNull();
    expect(r.body.overlaps).toHaveLength(1);
    const overlap = r.body.overlaps[0];
    expect([overlap.a, overlap.b]).toEqual(['甲镇', '乙镇']);
    // Independent: GeographicLib's ellipsoidal area of the strip, computed in Node, not PostGIS.
    const strip = { type: 'MultiPolygon' as const, coordinates: [[[[114.008, 33.0], [114.01, 33.0], [114.01, 33.01], [114.008, 33.01], [114.008, 33.0]]]] };
    expect(overlap.overlapMu).toBeCloseTo(ellipsoidalAreaMu(strip), 2);
    expect(overlap.overlapMu).toBeGreaterThan(30);
    expect(overlap.geometry.type).toMatch(/Polygon/);
    expect(r.body.units[0].areaMu).toBeCloseTo(ellipsoidalAreaMu({ type: 'MultiPolygon', coordinates: [a.geometry.coordinates] }), 2);
    const commit = await send('admin', 'POST', `/api/campaign-setup/${id}/units/commit`, { previewId: 'none' });
    expect(commit.status).toBe(404);
    expect((await server.get(`/api/campaigns/${id}`)).body.unitCount).toBe(0);
  });

  it('tolerates an overlap below the threshold as a warning, and reports gaps in the parent boundary', async () => {
    const id = await newCampaign();
    // Squares touching along 114.01 but for a 1e-8° (~1 mm) wide sliver, about 1 m²: below the 0.01 mu threshold.
    const left = square(114.0, 33.0, 0.01, { name: '东镇', code: 'G-1' });
    const right = square(114.00999999, 33.0, 0.01, { name: '西镇', code: 'G-2' });
    const parent = square(114.0, 33.0, 0.03, { name: '上级' });
    const r = await send('admin', 'POST', `/api/campaign-setup/${id}/units/preview`, form({
      file: { name: 'units.geojson', content: collection(left, right) }, parentFile: { name: 'parent.geojson', content: collection(parent) },
    }));
    expect(r.status).toBe(200);
    expect(r.body.mapping).toEqual({ name: 'name', code: 'code' });
    expect(r.body.overlaps).toEqual([]);
    expect(r.body.tinyOverlaps).toHaveLength(1);
    expect(r.body.canCommit).toBe(true);
    const parentMu = ellipsoidalAreaMu({ type: 'MultiPolygon', coordinates: [parent.geometry.coordinates] });
    const unitsMu = r.body.units.reduce((s: number, u: any) => s + u.areaMu, 0);
    expect(r.body.parent.parentMu).toBeCloseTo(parentMu, 1);
    expect(r.body.parent.gaps).toHaveLength(1);
    expect(r.body.parent.gaps[0].areaMu).toBeCloseTo(parentMu - unitsMu, 0);
    expect(r.body.warnings.join()).toContain('缺口');
    const commit = await send('admin', 'POST', `/api/campaign-setup/${id}/units/commit`, { previewId: r.body.previewId });
    expect(commit.status).toBe(201);
    expect(commit.body.campaign.unitCount).toBe(2);
    const again = await send('admin', 'POST', `/api/campaign-setup/${id}/units/commit`, { previewId: r.body.previewId });
    expect(again.status).toBe(409);
  });

  it('lists units without boundaries by name and code', async () => {
    const id = await newCampaign({ level: { code: '990200', name: '测试县', kind: 'county' } });
    const list = JSON.stringify([{ name: '城关镇', code: 'L-1' }, { name: '河口乡', code: 'L-2' }]);
    const r = await send('admin', 'POST', `/api/campaign-setup/${id}/units/preview`, form({ list }));
    expect(r.body.units.map((u: any) => [u.name, u.kind, u.areaMu])).toEqual([['城关镇', 'town', null], ['河口乡', 'town', null]]);
    expect((await send('admin', 'POST', `/api/campaign-setup/${id}/units/commit`, { previewId: r.body.previewId })).status).toBe(201);
  });

  it('reads a zipped Shapefile with the fields the user chose', async () => {
    const id = await newCampaign();
    const rows = [{ XZQMC: '东乡', XZQDM: 'SHP-1', QC: '东乡全称' }, { XZQMC: '西乡', XZQDM: 'SHP-2', QC: '西乡全称' }];
    const written = await shpwrite.zip<'nodebuffer'>(
      { type: 'FeatureCollection', features: [square(114.1, 33.1, 0.01, {}), square(114.12, 33.1, 0.01, {})] } as never,
      { outputType: 'nodebuffer', types: { polygon: 'towns' }, folder: 'towns', filename: 'towns' } as never,
    );
    // Chinese attributes in a UTF-8 table with its .cpg, as our own export writes them (shp-write's table cannot).
    const archive = await JSZip.loadAsync(written);
    const dbf = Object.keys(archive.files).find((n) => n.endsWith('.dbf'))!;
    archive.file(dbf, writeDbf(['XZQMC', 'XZQDM', 'QC'], rows));
    archive.file(dbf.replace(/\.dbf$/, '.cpg'), 'UTF-8');
    const zip = await archive.generateAsync({ type: 'arraybuffer' });
    const first = await send('admin', 'POST', `/api/campaign-setup/${id}/units/preview`, form({ file: { name: 'towns.zip', content: zip } }));
    expect(first.status).toBe(200);
    expect(first.body.format).toBe('Shapefile');
    expect(first.body.fields.map((f: any) => f.name)).toEqual(['XZQMC', 'XZQDM', 'QC']);
    // The server guesses XZQMC/XZQDM; the user also picks the full-name field.
    expect(first.body.mapping).toEqual({ name: 'XZQMC', code: 'XZQDM' });
    const chosen = await send('admin', 'POST', `/api/campaign-setup/${id}/units/preview`, form({ file: { name: 'towns.zip', content: zip }, nameField: 'XZQMC', codeField: 'XZQDM', fullNameField: 'QC' }));
    expect(chosen.body.units.map((u: any) => [u.name, u.code, u.fullName])).toEqual([['东乡', 'SHP-1', '东乡全称'], ['西乡', 'SHP-2', '西乡全称']]);
    expect(chosen.body.canCommit).toBe(true);
    const wrong = await send('admin', 'POST', `/api/campaign-setup/${id}/units/preview`, form({ file: { name: 'towns.zip', content: zip }, nameField: 'NAME', codeField: 'XZQDM' }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('文件中没有字段“NAME”');
  });

  it("refuses a code another campaign uses for a different boundary, already in the preview", async () => {
    const id = await newCampaign();
    const r = await send('admin', 'POST', `/api/campaign-setup/${id}/units/preview`, form({ file: { name: 'u.geojson', content: collection(square(114.0, 32.9, 0.01, { name: '驿城区', code: '411702' })) } }));
    expect(r.body.canCommit).toBe(false);
    expect(r.body.units[0].errors[0]).toContain('代码 411702 已在其他专项行动中使用，边界不同');
  });

  it('refuses a non-admin', async () => {
    const r = await send('yicheng', 'POST', '/api/campaign-setup/1/units/preview', form({ file: { name: 'u.geojson', content: collection(a) } }));
    expect(r.status).toBe(403);
    expect((await send('field', 'POST', '/api/campaign-setup/1/tasks/preview', form({ annex2: { name: 'a.xlsx', content: 'x' } }))).status).toBe(403);
    expect((await send('leader', 'POST', '/api/campaign-setup/1/units/commit', { previewId: 'x' })).status).toBe(403);
  });
});

async function sheet(rows: unknown[][]): Promise<ArrayBuffer> {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('附件2');
  for (const row of rows) ws.addRow(row);
  return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}

describe('task sheets', () => {
  it('lists unknown units, bad numbers and missing columns with their row numbers, and writes nothing', async () => {
    const id = await newCampaign();
    const list = JSON.stringify([{ name: '城关镇', code: 'S-1' }, { name: '河口乡', code: 'S-2' }]);
    const units = await send('admin', 'POST', `/api/campaign-setup/${id}/units/preview`, form({ list }));
    await send('admin', 'POST', `/api/campaign-setup/${id}/units/commit`, { previewId: units.body.previewId });
    const bad = await sheet([
      ['单位：亩'],
      ['县区', '批准面积', '供应面积', '未供面积', '下达任务率', '下达任务量'],
      ['城关镇', 100, 60, 40, 0.6, 24],
      ['山前镇', 10, 5, 5, 0.6, 3],
      ['河口乡', 'abc', 5, -5, '60%', 3],
    ]);
    const r = await send('admin', 'POST', `/api/campaign-setup/${id}/tasks/preview`, form({ annex2: { name: '附件2.xlsx', content: bad } }));
    expect(r.status).toBe(200);
    expect(r.body.canCommit).toBe(false);
    const messages = r.body.annex2.problems.map((p: any) => [p.row, p.message]);
    expect(messages).toContainEqual([4, '第 4 行：单位“山前镇”不是本专项行动的单位（按名称、全称或代码均未找到）']);
    expect(messages).toContainEqual([5, '第 5 行“批准面积”列：“abc”不是数字']);
    expect(messages).toContainEqual([5, '第 5 行“未供面积”列：不能为负数（-5）']);
    const missing = await send('admin', 'POST', `/api/campaign-setup/${id}/tasks/preview`, form({ annex2: { name: '附件2.xlsx', content: await sheet([['县区', '批准面积', '未供面积', '下达任务量'], ['城关镇', 1, 1, 1]]) } }));
    expect(missing.body.annex2.problems.map((p: any) => p.message)).toEqual(['第 1 行表头缺少“供应面积”列', '第 1 行表头缺少“下达任务率”列']);
    expect((await server.db.query('SELECT 1 FROM task_bases WHERE campaign_id = $1', [id])).length).toBe(0);
  });
});

/** A campaign's stored tables, by unit name (or total label), so they can be compared with the seed figure by figure. */
async function figures(campaignId: number) {
  const q = (sql: string) => server.db.query(sql, [campaignId]);
  return {
    units: await q(`SELECT u.code, u.name, u.full_name AS "fullName", u.kind FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = $1 ORDER BY cu.sort_order`),
    tasks: await q(`SELECT COALESCE(u.name, t.row_label) AS label, t.task_type AS "taskType", t.task_mu AS "taskMu" FROM tasks t LEFT JOIN units u ON u.id = t.unit_id WHERE t.campaign_id = $1 ORDER BY t.id`),
    bases: await q(`SELECT COALESCE(u.name, b.row_label) AS label, b.document, b.base_list AS list, b.task_type AS "taskType", b.approved_mu AS "approvedMu", b.supplied_mu AS "suppliedMu",
      b.unsupplied_mu AS "unsuppliedMu", b.parcel_count AS count, b.area_mu AS "areaMu", b.rate, b.task_mu AS "taskMu"
      FROM task_bases b LEFT JOIN units u ON u.id = b.unit_id WHERE b.campaign_id = $1 ORDER BY b.sort_order`),
    milestones: await q(`SELECT date, target_pct AS "targetPct", label FROM milestones WHERE campaign_id = $1 ORDER BY date`),
    subtotals: (await q('SELECT subtotals FROM campaigns WHERE id = $1'))[0]!.subtotals,
  };
}

/** The same, as the seed document gives it (the transcription in data/campaigns/<key>.json). */
async function seedFigures(file: string) {
  const seed = JSON.parse(await readFile(`${DATA}campaigns/${file}`, 'utf8'));
  const label = (r: { unit?: string; label?: string }) => r.unit ?? r.label;
  const none = { approvedMu: null, suppliedMu: null, unsuppliedMu: null, count: null, areaMu: null };
  return {
    units: seed.units.map(({ code, name, fullName, kind }: any) => ({ code, name, fullName, kind })),
    tasks: (seed.annex4?.rows ?? []).flatMap((r: any) => seed.taskTypes.map((t: string) => ({ label: label(r), taskType: t, taskMu: r[t] }))),
    bases: [
      ...(seed.annex2?.rows ?? []).map((r: any) => ({ ...none, label: label(r), document: '附件2', list: '批而未供', taskType: 'approved_not_supplied', approvedMu: r.approvedMu, suppliedMu: r.suppliedMu, unsuppliedMu: r.unsuppliedMu, rate: r.rate, taskMu: r.taskMu })),
      ...(seed.annex3?.rows ?? []).flatMap((r: any) => Object.entries(seed.annex3.lists).map(([key, l]: [string, any]) => ({ ...none, label: label(r), document: '附件3', list: l.label, taskType: l.taskType, count: r[key].count, areaMu: r[key].areaMu, rate: r[key].rate, taskMu: r[key].taskMu }))),
    ],
    milestones: seed.milestones.map((m: any) => ({ date: m.date, targetPct: m.targetPct, label: m.label ?? null })),
    subtotals: seed.subtotals ?? {},
  };
}

describe('the seed campaigns from the files in data/', () => {
  it('the demo loader set both seed campaigns up from their files with every figure of the document', async () => {
    for (const [key, file] of [['zhumadian-2021', 'zhumadian-2021.json'], ['anze-2023', 'anze-2023.json']]) {
      const [campaign] = await server.db.query<{ id: number }>('SELECT id FROM campaigns WHERE key = $1', [key]);
      expect(await figures(campaign!.id)).toEqual(await seedFigures(file!));
    }
  });

  it('an admin reproduces the Zhumadian campaign through the endpoints: every figure of 附件2, 附件3, 附件4, units, milestones', async () => {
    const dir = `${DATA}campaigns/zhumadian-2021`;
    const def = JSON.parse(await readFile(`${dir}/campaign.json`, 'utf8'));
    const created = await send('admin', 'POST', '/api/campaign-setup', { ...def, key: 'zhumadian-2021-files' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.campaign.id;
    const m = def.units;
    // Units already registered by the demo (same codes, same boundaries) are shared, as units are across campaigns.
    const units = await send('admin', 'POST', `/api/campaign-setup/${id}/units/preview`, form({
      file: { name: m.boundaryFile, content: await readFile(`${dir}/${m.boundaryFile}`) }, nameField: m.nameField, codeField: m.codeField, fullNameField: m.fullNameField,
      kindField: m.kindField, noteField: m.noteField, illustrativeField: m.illustrativeField,
    }));
    expect(units.status).toBe(200);
    expect(units.body.overlaps).toEqual([]);
    expect(units.body.canCommit).toBe(true);
    expect((await send('admin', 'POST', `/api/campaign-setup/${id}/units/commit`, { previewId: units.body.previewId })).status).toBe(201);

    const sheets: Record<string, { name: string; content: BlobPart }> = {};
    for (const [key, file] of Object.entries(def.tasks as Record<string, string>)) sheets[key] = { name: file, content: await readFile(`${dir}/${file}`) };
    const tasks = await send('admin', 'POST', `/api/campaign-setup/${id}/tasks/preview`, form(sheets));
    expect(tasks.status).toBe(200);
    expect([tasks.body.annex2.problems, tasks.body.annex3.problems, tasks.body.annex4.problems]).toEqual([[], [], []]);
    expect(tasks.body.annex2.lines).toHaveLength(15);
    expect(tasks.body.annex3.lines).toHaveLength(14);
    // The totals are kept as stated: the preview already says where they do not add up.
    expect(tasks.body.differences).toContainEqual(expect.objectContaining({ table: '附件4 / 附件2', row: '合计', stated: 39814, computed: 39812 }));
    expect((await send('admin', 'POST', `/api/campaign-setup/${id}/tasks/commit`, { previewId: tasks.body.previewId })).status).toBe(201);

    const imported = await figures(id);
    expect(imported.bases).toHaveLength(15 + 14 * 3);
    expect(imported).toEqual(await seedFigures('zhumadian-2021.json'));
    // And the reconciliation of the stored tables finds the seed's own inconsistencies, as for the demo campaign.
    const recon = async (cid: number) => (await server.get(`/api/campaigns/${cid}/reconciliation`)).body.differences;
    const differences = await recon(id);
    expect(differences).toContainEqual(expect.objectContaining({ table: '附件4', row: '合计', stated: 1721, computed: 1722 }));
    expect(differences).toEqual(await recon(1));
  });

  it('an admin reproduces the Anze campaign (units by name and code, no boundaries, no tasks)', async () => {
    const def = JSON.parse(await readFile(`${DATA}campaigns/anze-2023/campaign.json`, 'utf8'));
    const created = await send('admin', 'POST', '/api/campaign-setup', { ...def, key: 'anze-2023-files' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.campaign.id;
    const units = await send('admin', 'POST', `/api/campaign-setup/${id}/units/preview`, form({ list: JSON.stringify(def.units.list) }));
    expect(units.body.canCommit).toBe(true);
    expect((await send('admin', 'POST', `/api/campaign-setup/${id}/units/commit`, { previewId: units.body.previewId })).status).toBe(201);
    const imported = await figures(id);
    expect(imported.units).toHaveLength(7);
    expect(imported).toEqual(await seedFigures('anze-2023.json'));
  });
});
