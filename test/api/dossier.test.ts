import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
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

async function pdfOf(path: string, cookie?: string): Promise<{ status: number; type: string | null; file: string; body: Buffer }> {
  const response = await fetch(server.url + path, cookie ? { headers: { cookie } } : {});
  const body = Buffer.from(await response.arrayBuffer());
  const file = join(dir, `${randomUUID()}.pdf`);
  await writeFile(file, body);
  return { status: response.status, type: response.headers.get('content-type'), file, body };
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
