/**
 * Hostile uploads (issue 11): files that used to hang the server (a truncated Shapefile zip: shpjs never returned)
 * or blow up its memory (a zip bomb) are refused with a 4xx naming the limit, quickly, on every upload route, while
 * the server keeps answering; the ledger is untouched and the process's memory comes back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { DEMO_PASSWORDS } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';
import { asZipMembers, gdalShapefile } from '../support/gdal.ts';
import { billionLaughsKml, deeplyNestedGeoJson, manyMembers, zipBomb } from '../support/hostile-files.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let session: { cookie: string; csrf: string };
let shapefileZip: Uint8Array;
let rssBefore = 0;
let ledgerBefore: unknown;

const ledger = async () =>
  (await server.db.query(
    `SELECT (SELECT count(*)::int FROM parcels) AS parcels, (SELECT count(*)::int FROM parcel_history) AS history,
            (SELECT count(*)::int FROM approval_batches) AS batches, (SELECT count(*)::int FROM units) AS units`,
  ))[0];

/** A small Shapefile of one parcel in 驿城区, as ogr2ogr writes it, zipped. */
const parcelCollection = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { DKBH: 'HOSTILE-1', XMMC: 'hostile' }, geometry: { type: 'Polygon', coordinates: [[[113.8, 32.95], [113.802, 32.95], [113.802, 32.952], [113.8, 32.952], [113.8, 32.95]]] } }],
};

beforeAll(async () => {
  server = await startTestServer();
  const r = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORDS.admin }) });
  session = { cookie: r.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
  shapefileZip = zipSync(asZipMembers(await gdalShapefile(parcelCollection, ['ENCODING=UTF-8'])));
  // A first, good upload starts a worker, so the memory measured next includes one.
  expect((await upload('/api/imports/preview', 'file', 'warm.zip', shapefileZip, importFields)).status).toBe(200);
  ledgerBefore = await ledger();
  rssBefore = process.memoryUsage().rss;
});
afterAll(() => server?.close());

const importFields = { campaignId: '1', category: 'expropriated_not_supplied', status: 'registered' };

async function upload(path: string, field: string, name: string, content: string | Uint8Array, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set(field, new Blob([content as BlobPart]), name);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const r = await fetch(`${server.url}${path}`, { method: 'POST', body: form, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
  return { status: r.status, body: (await r.json()) as { error?: { message: string } } };
}

/** Sends a hostile file and, while it is being read, asks the server something else. */
async function refused(path: string, field: string, name: string, content: string | Uint8Array, fields: Record<string, string> = {}) {
  const started = performance.now();
  const answer = upload(path, field, name, content, fields);
  const during = await fetch(`${server.url}/api/campaigns`);
  const duringMs = performance.now() - started;
  const r = await answer;
  const ms = performance.now() - started;
  expect(during.status).toBe(200);
  expect(duringMs).toBeLessThan(5000);
  expect(ms).toBeLessThan(5000);
  expect(r.status).toBeGreaterThanOrEqual(400);
  expect(r.status).toBeLessThan(500);
  expect(r.body.error?.message).toMatch(/[\u4e00-\u9fff]{4}/);
  return { ...r, message: r.body.error!.message };
}

describe('hostile uploads to the import preview are refused with a reason, fast', () => {
  it('a truncated Shapefile zip (the first half of a GDAL export) is a 422, not a hang', async () => {
    const truncated = shapefileZip.slice(0, Math.floor(shapefileZip.byteLength / 2));
    const r = await refused('/api/imports/preview', 'file', 'half.zip', truncated, importFields);
    expect(r.status).toBe(422);
    expect(r.message).toContain('不是有效的 Shapefile 压缩包');
  });

  it('a zip bomb (about 1 MB expanding to 1 GB) is a 413 naming the expanded-size limit, refused before inflating', async () => {
    const bomb = zipBomb('parcels.shp', 1024);
    expect(bomb.byteLength).toBeLessThan(1.1 * 1024 * 1024);
    const r = await refused('/api/imports/preview', 'file', 'bomb.zip', bomb, importFields);
    expect(r.status).toBe(413);
    expect(r.message).toContain('解压后超过 200 MB 上限');
  });

  it('a zip of 10,000 members is a 413 naming the member limit', async () => {
    const r = await refused('/api/imports/preview', 'file', 'many.zip', manyMembers(10_000), importFields);
    expect(r.status).toBe(413);
    expect(r.message).toContain('超过 1000 个上限');
  });

  it('a 60 MB upload is a 413 naming the upload limit', async () => {
    const r = await refused('/api/imports/preview', 'file', 'big.geojson', new Uint8Array(60 * 1024 * 1024), importFields);
    expect(r.status).toBe(413);
    expect(r.message).toContain('50 MB');
  });

  it('a DBF whose header claims two billion records is a 422 naming the DBF', async () => {
    const files = await gdalShapefile(parcelCollection, ['ENCODING=UTF-8']);
    const dbf = files.dbf!.slice();
    new DataView(dbf.buffer).setUint32(4, 0x7fffffff, true);
    const r = await refused('/api/imports/preview', 'file', 'bad-dbf.zip', zipSync(asZipMembers({ ...files, dbf })), importFields);
    expect(r.status).toBe(422);
    expect(r.message).toContain('parcels.dbf 文件头有误');
  });

  it('a file named .zip that is not a zip is a 422', async () => {
    const r = await refused('/api/imports/preview', 'file', 'fake.zip', '这不是压缩包'.repeat(100), importFields);
    expect(r.status).toBe(422);
    expect(r.message).toContain('不是有效的 Shapefile 压缩包');
  });

  it('a KML with a billion-laughs entity is a 422, never expanded', async () => {
    const r = await refused('/api/imports/preview', 'file', 'laughs.kml', billionLaughsKml(), importFields);
    expect(r.status).toBe(422);
    expect(r.message).toContain('实体声明');
  });

  it('a GeoJSON nested 100,000 deep is a 422 naming the nesting limit', async () => {
    const r = await refused('/api/imports/preview', 'file', 'deep.geojson', deeplyNestedGeoJson(100_000), importFields);
    expect(r.status).toBe(422);
    expect(r.message).toContain('嵌套超过');
  });
});

describe('every other upload route reads through the same limits', () => {
  it('approval-batch upload: a truncated zip and a zip bomb', async () => {
    const half = shapefileZip.slice(0, Math.floor(shapefileZip.byteLength / 2));
    expect((await refused('/api/campaigns/1/approval-batches', 'file', 'half.zip', half)).status).toBe(422);
    expect((await refused('/api/campaigns/1/supply-records', 'file', 'bomb.zip', zipBomb('supply.shp', 1024))).message).toContain('解压后超过');
  });

  it('campaign set-up: a unit boundary bomb and a task sheet bomb (.xlsx is a zip)', async () => {
    expect((await refused('/api/campaign-setup/1/units/preview', 'file', 'units.zip', zipBomb('units.shp', 1024), { nameField: '名称', codeField: '代码' })).status).toBe(413);
    const sheet = await refused('/api/campaign-setup/1/tasks/preview', 'annex2', 'annex2.xlsx', zipBomb('xl/worksheets/sheet1.xml', 1024));
    expect(sheet.message).toContain('Excel 文件（.xlsx）解压后超过');
  });

  it('monitoring comparison: an .xlsx of 10,000 members and a truncated .xlsx', async () => {
    expect((await refused('/api/campaigns/1/monitoring', 'file', 'list.xlsx', manyMembers(10_000))).status).toBe(413);
    expect((await refused('/api/campaigns/1/monitoring', 'file', 'half.xlsx', shapefileZip.slice(0, 300))).message).toContain('不是有效的 Excel 文件');
  });
});

describe('after all of it', () => {
  it('the server answers, the ledger is unchanged and memory is back within 300 MB', async () => {
    expect((await fetch(`${server.url}/api/campaigns`)).status).toBe(200);
    expect(await ledger()).toEqual(ledgerBefore);
    const grownMb = (process.memoryUsage().rss - rssBefore) / 1048576;
    console.log(`hostile uploads: RSS ${Math.round(rssBefore / 1048576)} MB before, ${Math.round(process.memoryUsage().rss / 1048576)} MB after`);
    expect(grownMb).toBeLessThan(300);
  });
});
