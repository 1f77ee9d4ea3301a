/**
 * Text encodings of imported files (issue 10). Shapefiles are written by GDAL: `-lco ENCODING=GBK` (GDAL 3.6 writes
 * a `.cpg` saying "GBK" and leaves the DBF's language driver byte at 0), `-lco ENCODING=LDID/77` (no `.cpg`, byte 29
 * = 0x4D) and `-lco ENCODING=UTF-8`; the `.cpg` is then rewritten in each spelling found in the wild, or removed.
 * Every way must read the exact Chinese names; a wrong encoding chosen by the person gives item errors, never
 * stored mojibake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { DEMO_PASSWORDS } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';
import { asZipMembers, gdalShapefile } from '../support/gdal.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let session: { cookie: string; csrf: string };

const NAMES = ['驿城区产业集聚区项目', '遂平县玉山镇工业园项目'];
const square = (lon: number) => ({ type: 'Polygon', coordinates: [[[lon, 32.95], [lon + 0.002, 32.95], [lon + 0.002, 32.952], [lon, 32.952], [lon, 32.95]]] });
/** GBK field names fit the DBF's 10 bytes (项目名称 is 8 bytes in GBK, 12 in UTF-8): the UTF-8 file uses pinyin initials. */
const collection = (prefix: string, fields: { name: string; code: string }) => ({
  type: 'FeatureCollection',
  features: NAMES.map((name, i) => ({ type: 'Feature', properties: { [fields.name]: name, [fields.code]: `${prefix}-${i + 1}` }, geometry: square(113.8 + i * 0.004) })),
});
const CHINESE_FIELDS = { name: '项目名称', code: '地块编号' };
const PINYIN_FIELDS = { name: 'XMMC', code: 'DKBH' };

let gbk: Record<string, Uint8Array>;
let utf8: Record<string, Uint8Array>;
let ldid: Record<string, Uint8Array>;

beforeAll(async () => {
  server = await startTestServer();
  const r = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORDS.admin }) });
  session = { cookie: r.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
  [gbk, utf8, ldid] = await Promise.all([
    gdalShapefile(collection('GBK', CHINESE_FIELDS), ['ENCODING=GBK']),
    gdalShapefile(collection('UTF', PINYIN_FIELDS), ['ENCODING=UTF-8']),
    gdalShapefile(collection('LDID', CHINESE_FIELDS), ['ENCODING=LDID/77']),
  ]);
});
afterAll(() => server?.close());

async function preview(name: string, content: Uint8Array | string, encoding?: string) {
  const form = new FormData();
  form.set('file', new Blob([content as BlobPart]), name);
  form.set('campaignId', '1');
  form.set('category', 'expropriated_not_supplied');
  form.set('status', 'registered');
  if (encoding) form.set('encoding', encoding);
  const r = await fetch(`${server.url}/api/imports/preview`, { method: 'POST', body: form, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
  return { status: r.status, body: (await r.json()) as any };
}

const withCpg = (files: Record<string, Uint8Array>, cpg: string | null) => {
  const { cpg: _old, ...rest } = files;
  return zipSync(asZipMembers(cpg === null ? rest : { ...rest, cpg: new TextEncoder().encode(cpg) }));
};
const names = (body: any) => body.items.map((i: any) => i.parcel.projectName);
const ledgerCounts = async () => (await server.db.query('SELECT (SELECT count(*)::int FROM parcels) AS parcels, (SELECT count(*)::int FROM parcel_history) AS history'))[0];

describe('DBF encodings: .cpg in every spelling, then the header byte, then detection', () => {
  it('GDAL writes "GBK" in the .cpg and 0 in byte 29 for ENCODING=GBK; 0x4D and no .cpg for LDID/77', () => {
    expect(new TextDecoder().decode(gbk.cpg)).toBe('GBK');
    expect(gbk.dbf![29]).toBe(0);
    expect(ldid.cpg).toBeUndefined();
    expect(ldid.dbf![29]).toBe(0x4d);
  });

  for (const spelling of ['936', 'CP936', 'ANSI 936', 'GBK', 'GB2312', 'GB18030']) {
    it(`a GBK DBF whose .cpg says "${spelling}" reads the exact names`, async () => {
      const p = await preview('gbk.zip', withCpg(gbk, spelling));
      expect(p.status).toBe(200);
      expect(names(p.body)).toEqual(NAMES);
      expect(p.body.items.every((i: any) => i.valid)).toBe(true);
      expect(p.body.encoding.how).toContain('由 .cpg 文件确定');
      expect(p.body.encoding.name).toBe(spelling === 'GB18030' ? 'GB18030' : 'GBK');
    });
  }

  for (const spelling of ['UTF-8', '65001']) {
    it(`a UTF-8 DBF whose .cpg says "${spelling}" reads the exact names`, async () => {
      const p = await preview('utf8.zip', withCpg(utf8, spelling));
      expect(names(p.body)).toEqual(NAMES);
      expect(p.body.encoding).toMatchObject({ name: 'UTF-8' });
      expect(p.body.encoding.how).toContain('由 .cpg 文件确定');
    });
  }

  it('with no .cpg, the language driver byte (0x4D) gives GBK', async () => {
    const p = await preview('ldid.zip', withCpg(ldid, null));
    expect(names(p.body)).toEqual(NAMES);
    expect(p.body.encoding).toMatchObject({ name: 'GBK', how: '由 DBF 文件头确定：GBK（语言驱动 0x4D）' });
  });

  it('with neither, GBK and UTF-8 are told apart by detection', async () => {
    const patched = ldid.dbf!.slice();
    patched[29] = 0;
    const g = await preview('neither.zip', withCpg({ ...ldid, dbf: patched }, null));
    expect(names(g.body)).toEqual(NAMES);
    expect(g.body.encoding.name).toBe('GBK');
    expect(g.body.encoding.how).toMatch(/^自动识别/);
    const u = await preview('neither-utf8.zip', withCpg(utf8, null));
    expect(names(u.body)).toEqual(NAMES);
    expect(u.body.encoding).toMatchObject({ name: 'UTF-8' });
    expect(u.body.encoding.how).toMatch(/^自动识别/);
  });

  it('a wrong encoding chosen by the person makes item errors, which commit refuses; the right one reads and commits exactly', async () => {
    const before = await ledgerCounts();
    const asUtf8 = await preview('gbk.zip', withCpg(gbk, 'GBK'), 'UTF-8');
    expect(asUtf8.body.encoding).toMatchObject({ name: 'UTF-8', how: '由您选择：UTF-8' });
    expect(asUtf8.body.items.every((i: any) => !i.valid && i.errors.some((e: string) => e.includes('无法解码')))).toBe(true);
    const refused = await fetch(`${server.url}/api/imports/commit`, {
      method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ importId: asUtf8.body.importId, indexes: [1] }),
    });
    expect(refused.status).toBe(400);
    const asGbk = await preview('utf8.zip', withCpg(utf8, 'UTF-8'), 'GBK');
    // UTF-8 Chinese read as GBK: undecodable bytes where the byte pairs do not fit, plausible wrong characters where they do.
    expect(asGbk.body.items.every((i: any) => !i.valid && i.errors.some((e: string) => /疑似乱码|无法解码/.test(e)))).toBe(true);
    expect(asGbk.body.items.flatMap((i: any) => i.errors).join()).toContain('疑似乱码（按 UTF-8 读作“');
    const asLatin = await preview('gbk.zip', withCpg(gbk, 'GBK'), 'windows-1252');
    expect(asLatin.body.items.every((i: any) => !i.valid && i.errors.some((e: string) => e.includes('疑似乱码')))).toBe(true);
    expect(await ledgerCounts()).toEqual(before);

    const right = await preview('gbk.zip', withCpg(gbk, null), 'GBK');
    expect(names(right.body)).toEqual(NAMES);
    const written = await fetch(`${server.url}/api/imports/commit`, {
      method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ importId: right.body.importId, indexes: [1, 2] }),
    });
    expect(written.status).toBe(201);
    const stored = await server.db.query<{ name: string }>(`SELECT project_name AS name FROM parcels WHERE code LIKE 'GBK-%' ORDER BY code`);
    expect(stored.map((s) => s.name)).toEqual(NAMES);
  });

  it('an encoding the server does not know is a 400 naming the choices', async () => {
    const p = await preview('gbk.zip', withCpg(gbk, 'GBK'), 'EBCDIC');
    expect(p.status).toBe(400);
    expect(p.body.error.message).toContain('不支持的编码');
  });
});

describe('KML, KMZ and GeoJSON encodings', () => {
  let kml: string;
  beforeAll(async () => {
    // GDAL's KML driver writes UTF-8 with the name field as <name>.
    const dir = await mkdtemp(join(tmpdir(), 'panhuo-kml-'));
    await writeFile(join(dir, 'in.geojson'), JSON.stringify(collection('KML', { name: 'Name', code: 'DKBH' })));
    await promisify(execFile)('ogr2ogr', ['-f', 'KML', join(dir, 'out.kml'), join(dir, 'in.geojson')]);
    kml = await readFile(join(dir, 'out.kml'), 'utf8');
    await rm(dir, { recursive: true, force: true });
  });

  it('a KML re-encoded as GBK with its declaration saying so reads the exact names', async () => {
    const gbkKml = iconv.encode(kml.replace(/encoding="utf-8"/i, 'encoding="GBK"'), 'gbk');
    const p = await preview('gbk.kml', gbkKml);
    expect(names(p.body)).toEqual(NAMES);
    expect(p.body.encoding).toMatchObject({ name: 'GBK', how: '由 XML 声明确定：GBK' });
  });

  it('GBK bytes under a declaration of UTF-8 are item errors, not stored', async () => {
    const p = await preview('lying.kml', iconv.encode(kml, 'gbk'));
    expect(p.body.encoding.name).toBe('UTF-8');
    expect(p.body.items.every((i: any) => !i.valid && i.errors.some((e: string) => e.includes('无法解码')))).toBe(true);
  });

  it('a KMZ (zip with doc.kml) reads through the zip limits', async () => {
    const p = await preview('parcels.kmz', zipSync({ 'doc.kml': new TextEncoder().encode(kml) }));
    expect(p.body.format).toBe('KMZ');
    expect(names(p.body)).toEqual(NAMES);
  });

  it('a GeoJSON saved as GBK is detected and said to break RFC 7946', async () => {
    const p = await preview('gbk.geojson', iconv.encode(JSON.stringify(collection('GJ', CHINESE_FIELDS)), 'gbk'));
    expect(names(p.body)).toEqual(NAMES);
    expect(p.body.encoding.name).toBe('GBK');
    expect(p.body.warnings.join()).toContain('RFC 7946');
  });
});
