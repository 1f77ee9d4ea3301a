/**
 * The field registry end to end: every ledger field set on a parcel comes back equal through the .xlsx export and
 * the Excel import; the Shapefile export, read by GDAL (an independent reader), carries every field under the
 * registry's DBF name; the coordinate file's 地类编码 lands in the ledger.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELDS } from '../../core/fields/registry.ts';
import { cellText } from '../../core/fields/text.ts';
import { fullRecord } from '../support/full-record.ts';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

const run = promisify(execFile);
let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Client;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
  dir = mkdtempSync(join(tmpdir(), 'panhuo-fields-'));
});
afterAll(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function preview(name: string, content: BlobPart) {
  const form = new FormData();
  form.set('file', new Blob([content]), name);
  form.set('campaignId', '1');
  form.set('category', 'expropriated_not_supplied');
  form.set('status', 'registered');
  // A session of its own: an upload is multipart, not the JSON the signed-in client sends.
  const session = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORDS.admin }) });
  const headers = { cookie: session.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
  const r = await fetch(`${server.url}/api/imports/preview`, { method: 'POST', body: form, headers });
  return { status: r.status, body: (await r.json()) as any };
}

const download = async (query: string) => new Uint8Array(await (await fetch(`${server.url}/api/exports/parcels?${query}`)).arrayBuffer());

/** A demo parcel given a value in every registry field (keeping its code, boundary and unit). */
async function parcelWithEveryField() {
  const list = (await server.get('/api/parcels?campaign=1&limit=1&category=idle')).body.features;
  const target = list[0];
  const record = fullRecord(target.properties.code);
  const r = await admin.request('PUT', `/api/parcels/${target.id}`, { ...record, geometry: target.geometry, unitId: target.properties.unitId, version: target.properties.version });
  expect(r.status).toBe(200);
  return { id: target.id as number, record };
}

describe('every registry field through the exports', () => {
  it('is read back equal from the .xlsx export by the Excel import preview', async () => {
    const { id, record } = await parcelWithEveryField();
    const stored = (await server.get(`/api/parcels/${id}`)).body.properties;
    for (const f of FIELDS) expect(stored[f.key], f.key).toEqual(record[f.key]);

    const p = await preview('台账.xlsx', await download(`format=xlsx&ids=${id}`));
    expect(p.status).toBe(200);
    const [item] = p.body.items;
    expect(item.action).toBe('update');
    expect(item.errors).toEqual([]);
    for (const f of FIELDS) expect(item.parcel[f.key], f.key).toEqual(record[f.key]);
  });

  it('is in the Shapefile export under the registry’s DBF name, as GDAL reads it', async () => {
    const { id, record } = await parcelWithEveryField();
    const files = unzipSync(await download(`format=shapefile&ids=${id}`));
    for (const [name, bytes] of Object.entries(files)) if (!name.endsWith('/')) writeFileSync(join(dir, name.split('/').pop()!), bytes);
    const shp = join(dir, readdirSync(dir).find((n) => n.endsWith('.shp'))!);

    const { stdout: summary } = await run('ogrinfo', ['-ro', '-so', '-al', shp]);
    const fields = new Map([...summary.matchAll(/^(\w+): (\w+) \(/gm)].map((m) => [m[1]!, m[2]!]));
    for (const f of FIELDS) {
      expect(f.dbf.length).toBeLessThanOrEqual(10);
      expect(fields.get(f.dbf), f.dbf).toBe(f.type === 'amount' ? 'Real' : 'String');
    }

    // Values through GDAL's GeoJSON writer: text with line breaks stays one JSON string.
    const { stdout } = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', shp]);
    const properties = JSON.parse(stdout).features[0].properties;
    for (const f of FIELDS) expect(properties[f.dbf], f.dbf).toEqual(cellText(f.key, record[f.key]));
    expect(properties.LAND_CLASS).toBe('05H1');
    expect(properties.PRICE_WAN).toBe(record.supplyPriceWan);
  });
});

describe('the coordinate file’s 地类编码', () => {
  it('is read into landClassCode on import, with 地块用途 into landUse', async () => {
    const file = readFileSync('test/fixtures/coordfile/in/zmd-zone38-prefix.txt');
    const p = await preview('坐标.txt', file);
    expect(p.status).toBe(200);
    const byCode = new Map(p.body.items.map((i: any) => [i.parcel.code, i.parcel]));
    // The file's own parcel headers are the oracle: 界址点数,地块面积,地块编号,地块名称,图形属性,图幅号,地块用途,地类编码,@
    const headers = new TextDecoder().decode(file).split(/\r?\n/).filter((l) => l.endsWith('@')).map((l) => l.split(','));
    expect(headers.length).toBeGreaterThan(2);
    for (const h of headers) {
      expect((byCode.get(h[2]) as any)?.landClassCode, h[2]).toBe(h[7]);
      expect((byCode.get(h[2]) as any)?.landUse, h[2]).toBe(h[6]);
    }
  });
});
