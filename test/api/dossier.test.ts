import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { MultiPolygon } from 'geojson';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegWithExif } from '../support/photo.ts';
import { clientWith, DEMO_PASSWORDS, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

const run = promisify(execFile);
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Client;
let adminCookie: string;
let dir: string;
let parcel: { id: number; code: string; ledgerMu: number; geometry: MultiPolygon };

/** The oracle for the 界址点坐标表: proj4 with the CGCS2000 3° zone 38 definition written out here (EPSG:4547), not the app's. */
const ZONE38 = '+proj=tmerc +lat_0=0 +lon_0=114 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';

async function pdfOf(path: string, cookie?: string): Promise<{ status: number; type: string | null; disposition: string | null; file: string; body: Buffer }> {
  const response = await fetch(server.url + path, cookie ? { headers: { cookie } } : {});
  const body = Buffer.from(await response.arrayBuffer());
  const file = join(dir, `${randomUUID()}.pdf`);
  await writeFile(file, body);
  return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), file, body };
}

/** The unit's parcels as the batch lists them: the map's unit filter (GET /api/parcels), up to 1,000. */
async function listed(unitId: number): Promise<{ rows: Array<{ id: number; code: string }> }> {
  const answer = (await server.get(`/api/parcels?campaign=1&unit=${unitId}&limit=1000`)).body;
  return { rows: answer.features.map((f: any) => ({ id: f.id, code: f.properties.code })) };
}

beforeAll(async () => {
  server = await startTestServer();
  dir = await mkdtemp(join(tmpdir(), 'dossier-'));
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORDS.admin }) });
  adminCookie = login.headers.get('set-cookie')!.split(';')[0]!;
  admin = clientWith(server.url, adminCookie, ((await login.json()) as { csrfToken: string }).csrfToken);
  // A demo parcel of 驿城区 (zone 38) given a hole: a 30 m square around a point PostGIS finds inside it.
  const [row] = await server.db.query<{ id: number; hole: string }>(
    `SELECT p.id, ST_AsGeoJSON(ST_Expand(ST_PointOnSurface(p.geom), 0.00015)) AS hole FROM parcels p
     WHERE p.campaign_id = 1 AND p.deleted_at IS NULL AND ST_NumGeometries(p.geom) = 1 AND ST_NRings(p.geom) = 1
       AND ST_Within(ST_Expand(ST_PointOnSurface(p.geom), 0.0003), p.geom) ORDER BY p.code LIMIT 1`,
  );
  const current = (await server.get(`/api/parcels/${row!.id}`)).body;
  const hole = (JSON.parse(row!.hole) as { coordinates: number[][][] }).coordinates[0]!;
  const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: [[current.geometry.coordinates[0][0], hole]] };
  const { status, body } = await admin.request('PUT', `/api/parcels/${row!.id}`, { ...current.properties, geometry, version: current.properties.version });
  expect(status).toBe(200);
  parcel = { id: row!.id, code: body.properties.code, ledgerMu: body.properties.ledgerMu, geometry: body.geometry };
  expect(parcel.geometry.coordinates[0]).toHaveLength(2);
  // A field check with a photo taken on the parcel, so the dossier has a picture to print.
  const [lon, lat] = hole[0]!;
  const form = new FormData();
  for (const [k, v] of Object.entries({ clientId: randomUUID(), state: 'started', notes: '现场已围挡', observedAt: new Date(Date.now() - 60_000).toISOString() })) form.append(k, v);
  form.append('photos', new Blob([new Uint8Array(jpegWithExif({ lon: lon!, lat: lat!, takenAt: new Date(Date.now() - 120_000), width: 320, height: 240 }))], { type: 'image/jpeg' }), 'IMG_1.jpg');
  const posted = await fetch(`${server.url}/api/parcels/${parcel.id}/field-checks`, { method: 'POST', headers: { cookie: adminCookie, 'x-csrf-token': admin.csrf }, body: form });
  expect(posted.status).toBe(201);
});
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('GET /api/parcels/:id/dossier.pdf', () => {
  it('prints the code, the ledger mu and the 界址点 in zone 38 as proj4 projects them, with a CJK font embedded', async () => {
    const pdf = await pdfOf(`/api/parcels/${parcel.id}/dossier.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await run('pdftotext', ['-layout', pdf.file, '-'])).stdout;
    expect(text).toContain(parcel.code);
    expect(text).toContain(`${parcel.ledgerMu.toFixed(2)} 亩`);
    expect(text).toContain('界址点坐标表');
    expect(text).toContain('第 38 带');
    // J1 is the outer ring's first vertex; the hole's first point follows the outer ring's points.
    const outer = parcel.geometry.coordinates[0]![0]!;
    const [easting, northing] = proj4('EPSG:4326', ZONE38, outer[0] as [number, number]);
    const j1 = /^\s*J1\s+([\d.]+)\s+([\d.]+)/m.exec(text);
    expect(j1).not.toBeNull();
    expect(Math.abs(Number(j1![1]) - northing!)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(Number(j1![2]) - (38e6 + easting!))).toBeLessThanOrEqual(0.001);
    const holeFirst = outer.length; // points J1…J(n−1) of the outer ring, then the hole starts at Jn
    const hole = parcel.geometry.coordinates[0]![1]!;
    const [he, hn] = proj4('EPSG:4326', ZONE38, hole[0] as [number, number]);
    const jh = new RegExp(`^\\s*J${holeFirst}\\s+([\\d.]+)\\s+([\\d.]+)`, 'm').exec(text);
    expect(jh).not.toBeNull();
    expect(Math.abs(Number(jh![1]) - hn!)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(Number(jh![2]) - (38e6 + he!))).toBeLessThanOrEqual(0.001);
    expect(text).toMatch(/第 2 圈（内圈，洞）/);
    // The other sections, and who printed it.
    for (const heading of ['宗地图', '面积与台账核对', '椭球面积', '台账信息', '处置记录', '外业核查', '现场已围挡', '变更记录摘要', '打印人：访客']) expect(text).toContain(heading);
    const fonts = (await run('pdffonts', [pdf.file])).stdout;
    expect(fonts).toMatch(/WenQuanYi\S*\s+CID TrueType\s+Identity-H\s+yes/);
    // The field check's photo is in the PDF, and the pages render.
    const images = (await run('pdfimages', ['-list', pdf.file])).stdout.trim().split('\n').slice(2);
    expect(images.length).toBeGreaterThanOrEqual(1);
    await run('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '1', pdf.file, join(dir, 'page')]);
    expect((await stat(join(dir, 'page-1.png'))).size).toBeGreaterThan(5_000);
  }, 120_000);

  it('names the signed-in person who printed it', async () => {
    const response = await fetch(`${server.url}/api/parcels/${parcel.id}/dossier.pdf`, { headers: { cookie: adminCookie } });
    const file = join(dir, 'signed-in.pdf');
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    const text = (await run('pdftotext', [file, '-'])).stdout;
    expect(text).toMatch(/打印人：\S*（admin）/);
  }, 120_000);

  it('answers 404 for a parcel that is not there and 400 for a bad id', async () => {
    const missing = await server.get('/api/parcels/99999999/dossier.pdf');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('99999999');
    const bad = await server.get('/api/parcels/abc/dossier.pdf');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('id');
  });
});

describe('POST /api/dossiers (batch)', () => {
  it('prints a unit\'s parcels as one PDF with progress, for the person who asked only', async () => {
    const [unit] = await server.db.query<{ id: number; n: number }>(
      `SELECT s.unit_id AS id, count(*)::int AS n FROM parcel_unit_shares s JOIN parcels p ON p.id = s.parcel_id AND p.deleted_at IS NULL AND p.campaign_id = 1
       GROUP BY s.unit_id HAVING count(*) BETWEEN 55 AND 120 ORDER BY count(*) LIMIT 1`,
    );
    const started = await admin.request('POST', '/api/dossiers', { campaignId: 1, unitId: unit!.id });
    expect(started.status).toBe(202);
    expect(started.body.job.total).toBe(unit!.n);
    // One batch per person at a time: the second slot is someone else's.
    const second = await admin.request('POST', '/api/dossiers', { campaignId: 1, unitId: unit!.id });
    expect(second.status).toBe(429);
    expect(second.body.error.message).toContain('你已有一个批量打印在进行');
    const seen: number[] = [];
    let job = started.body.job;
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 500));
      job = (await admin.request('GET', `/api/dossiers/${job.id}`)).body.job;
      seen.push(job.done);
    }
    expect(job.state).toBe('done');
    // More than one piece (50 parcels each): progress was seen between start and end.
    expect(seen.some((d) => d > 0 && d < unit!.n)).toBe(true);
    // Someone else cannot see it.
    const leader = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORDS.leader }) });
    const other = await fetch(`${server.url}/api/dossiers/${job.id}`, { headers: { cookie: leader.headers.get('set-cookie')!.split(';')[0]! } });
    expect(other.status).toBe(404);
    const response = await fetch(`${server.url}/api/dossiers/${job.id}/file`, { headers: { cookie: adminCookie } });
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const file = join(dir, 'batch.pdf');
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    // Joined in order, with nothing lost at the joins: the pages that open a dossier (its 一宗一档 line) name the
    // unit's parcels one each, in the order the batch listed them (the map's unit filter, by code), and the count of
    // pages is the one the job reported.
    const info = (await run('pdfinfo', [file])).stdout;
    expect(info).toMatch(new RegExp(`Pages:\\s+${job.pages}\\b`));
    const pages = (await run('pdftotext', [file, '-'])).stdout.split('\f');
    const openings = pages.filter((page) => page.includes('一宗一档'));
    const { rows } = await listed(unit!.id);
    expect(openings).toHaveLength(unit!.n);
    for (const [i, page] of openings.entries()) expect(page).toContain(rows[i]!.code);
    expect(job.pages).toBeGreaterThanOrEqual(2 * unit!.n);
  }, 300_000);

  it('gives every parcel the pages its own dossier has, each parcel starting on a new page with its code', async () => {
    // The hole parcel (a field check and its photo), and three more of its unit: printed one by one, they are the oracle.
    const ids = [parcel.id, ...(await server.db.query<{ id: number }>(
      `SELECT p.id FROM parcels p WHERE p.campaign_id = 1 AND p.deleted_at IS NULL AND p.id <> $1 ORDER BY ST_NPoints(p.geom) DESC, p.id LIMIT 3`, [parcel.id])).map((r) => r.id)];
    const singles: Array<{ code: string; pages: number }> = [];
    for (const id of ids) {
      const single = await pdfOf(`/api/parcels/${id}/dossier.pdf`, adminCookie);
      expect(single.status).toBe(200);
      const pages = Number(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [single.file])).stdout)![1]);
      const code = /宗地档案-(.+)\.pdf/.exec(decodeURIComponent(single.disposition ?? ''))![1]!;
      singles.push({ code, pages });
    }
    const started = await admin.request('POST', '/api/dossiers', { ids });
    expect(started.status).toBe(202);
    let job = started.body.job;
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 300));
      job = (await admin.request('GET', `/api/dossiers/${job.id}`)).body.job;
    }
    expect(job.state).toBe('done');
    const response = await fetch(`${server.url}/api/dossiers/${job.id}/file`, { headers: { cookie: adminCookie } });
    const file = join(dir, 'batch-singles.pdf');
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    const total = singles.reduce((sum, s) => sum + s.pages, 0);
    expect((await run('pdfinfo', [file])).stdout).toMatch(new RegExp(`Pages:\\s+${total}\\b`));
    const pages = (await run('pdftotext', [file, '-'])).stdout.split('\f');
    let first = 0;
    for (const { code, pages: n } of singles) {
      expect(pages[first]).toContain(code);
      expect(pages[first]).toContain('一宗一档');
      first += n;
    }
    // A look at the first two pages (as pdftoppm draws them): they are drawn, not blank.
    await run('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '2', file, join(dir, 'batch')]);
    // Named batch-1.png or batch-01.png…, padded to the document's page count.
    const drawn = (await readdir(dir)).filter((name) => /^batch-0*[12]\.png$/.test(name));
    expect(drawn).toHaveLength(2);
    for (const png of drawn) expect((await stat(join(dir, png))).size).toBeGreaterThan(5_000);
  }, 300_000);

  it('refuses more than 1,000 parcels, bad ids and visitors, in Chinese', async () => {
    const many = await admin.request('POST', '/api/dossiers', { ids: Array.from({ length: 1001 }, (_, i) => i + 1) });
    expect(many.status).toBe(400);
    expect(many.body.error.message).toContain('最多打印 1000 宗');
    const bad = await admin.request('POST', '/api/dossiers', { ids: [1, 'x'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('ids');
    const missing = await admin.request('POST', '/api/dossiers', { ids: [99999999] });
    expect(missing.status).toBe(404);
    const empty = await admin.request('POST', '/api/dossiers', { ids: [] });
    expect(empty.status).toBe(400);
    const visitor = await fetch(`${server.url}/api/dossiers/00000000-0000-0000-0000-000000000000`);
    expect(visitor.status).toBe(401);
  });
});

describe('GET /api/campaigns/:id/map.pdf (thematic map)', () => {
  it('prints an A3 landscape map with title, legend, scale, date, 制图单位 and every unit\'s figures', async () => {
    const pdf = await pdfOf('/api/campaigns/1/map.pdf?size=A3&orientation=landscape&date=2021-09-30&maker=驻马店市自然资源和规划局');
    expect(pdf.status).toBe(200);
    const info = (await run('pdfinfo', [pdf.file])).stdout;
    expect(info).toMatch(/Pages:\s+1\b/);
    expect(info).toMatch(/Page size:\s+1191\.\d+ x 841\.\d+ pts \(A3\)/);
    const text = (await run('pdftotext', ['-layout', pdf.file, '-'])).stdout;
    // Compared without white space: pdftotext breaks lines where the layout wraps them.
    const flat = text.replace(/\s+/g, '');
    for (const words of ['批而未用土地盘活专题图', '图例', '征而未供', '已处置', '单位滞后', '比例尺1:', '2021年9月30日', '制图单位：驻马店市自然资源和规划局']) expect(flat).toContain(words);
    const progress = (await server.get('/api/campaigns/1/progress?date=2021-09-30')).body;
    for (const unit of progress.units) expect(text).toContain(unit.name);
    const first = progress.units.find((u: any) => u.overall.rate != null);
    expect(text).toContain(`${(first.overall.rate * 100).toFixed(1)}%`);
    const fonts = (await run('pdffonts', [pdf.file])).stdout;
    expect(fonts).toMatch(/WenQuanYi\S*\s+CID TrueType\s+Identity-H\s+yes/);
  }, 120_000);

  it('prints one unit on A4 portrait with its figures by task type, and refuses bad parameters', async () => {
    const campaign = (await server.get('/api/campaigns/1')).body;
    const unit = campaign.units?.[0] ?? (await server.db.query<{ id: number; name: string }>('SELECT u.id, u.name FROM units u JOIN campaign_units cu ON cu.unit_id = u.id WHERE cu.campaign_id = 1 ORDER BY cu.sort_order LIMIT 1'))[0];
    const id = unit.id ?? unit.properties?.id;
    const pdf = await pdfOf(`/api/campaigns/1/map.pdf?unit=${id}&size=A4&orientation=portrait`);
    expect(pdf.status).toBe(200);
    const info = (await run('pdfinfo', [pdf.file])).stdout;
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(info).toMatch(/Pages:\s+1\b/);
    const text = (await run('pdftotext', [pdf.file, '-'])).stdout;
    expect(text).toContain('任务完成情况');
    expect(text).toContain('批而未供');
    for (const [query, name] of [['size=A5', 'size'], ['orientation=sideways', 'orientation'], ['unit=999999', 'unit']] as const) {
      const r = await server.get(`/api/campaigns/1/map.pdf?${query}`);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toContain(name);
    }
  }, 120_000);
});
