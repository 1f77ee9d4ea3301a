import { randomUUID } from 'node:crypto';
import * as turf from '@turf/turf';
import * as geographiclib from 'geographiclib-geodesic';
import type { MultiPolygon, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegWithExif, jpegWithoutExif } from '../support/photo.ts';
import { startTestServer } from '../support/server.ts';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';

const { Geodesic } = (geographiclib as unknown as { default?: typeof geographiclib }).default ?? geographiclib;
const WGS84 = Geodesic.WGS84;

let server: Awaited<ReturnType<typeof startTestServer>>;
/** A session as a phone holds it: cookie and CSRF token, for multipart requests. */
interface Session { cookie: string; csrf: string }
const sessions: Record<string, Session | null> = { anonymous: null };
let admin: Client;
/** Demo parcels of one polygon each, taken one per test so no test depends on another's records. */
let parcels: Array<{ id: number; version: number; geometry: MultiPolygon }> = [];
let next = 0;
const takeParcel = () => parcels[next++]!;

async function sessionOf(username: string): Promise<Session> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORDS[username] }),
  });
  expect(response.status).toBe(200);
  return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
}

interface Photo { bytes: Buffer; type?: string; name?: string }

async function postCheck(who: string, parcelId: number, fields: Record<string, string>, photos: Photo[] = []) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  photos.forEach((p, i) => form.append('photos', new Blob([new Uint8Array(p.bytes)], { type: p.type ?? 'image/jpeg' }), p.name ?? `IMG_${i + 1}.jpg`));
  const session = sessions[who];
  const response = await fetch(`${server.url}/api/parcels/${parcelId}/field-checks`, {
    method: 'POST',
    headers: session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {},
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}

const baseFields = (extra: Record<string, string> = {}) => ({
  clientId: randomUUID(),
  state: 'started',
  notes: '场地已平整，北侧有围挡',
  observedAt: new Date(Date.now() - 60_000).toISOString(),
  ...extra,
});

const counts = async () => (await server.db.query<{ checks: number; photos: number }>(
  'SELECT (SELECT count(*)::int FROM field_checks) AS checks, (SELECT count(*)::int FROM field_check_photos) AS photos'))[0]!;

const ring = (g: MultiPolygon) => g.coordinates[0]![0]!;
/** The parcel's northernmost vertex: a point due north of it is nearest to that vertex, at exactly the offset. */
const northernmost = (g: MultiPolygon) => ring(g).reduce((best, p) => (p[1]! > best[1]! ? p : best));
/** A point `metres` due north of a position, on the ellipsoid. */
function north(p: Position, metres: number): [number, number] {
  const r = WGS84.Direct(p[1]!, p[0]!, 0, metres);
  return [r.lon2!, r.lat2!];
}
const geodesicM = (a: Position, b: Position) => WGS84.Inverse(a[1]!, a[0]!, b[1]!, b[0]!).s12!;

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'field', 'yicheng', 'leader']) sessions[name] = await sessionOf(name);
  admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
  const list = (await server.get('/api/parcels?campaign=1&limit=200')).body;
  parcels = list.features
    .filter((f: any) => f.geometry?.coordinates.length === 1 && f.geometry.coordinates[0].length === 1)
    .map((f: any) => ({ id: f.id, version: f.properties.version, geometry: f.geometry }));
  expect(parcels.length).toBeGreaterThan(20);
});
afterAll(() => server?.close());

describe('POST /api/parcels/:id/field-checks', () => {
  it('stores a check with a photo and answers 201 with the photo’s EXIF time and GPS, and the distances', async () => {
    const parcel = takeParcel();
    const inside = turf.pointOnFeature(parcel.geometry).geometry.coordinates as [number, number];
    const person = north(northernmost(parcel.geometry), 20);
    const takenAt = new Date(Date.now() - 10 * 60_000);
    takenAt.setUTCMilliseconds(0);
    const fields = baseFields({ lon: String(person[0]), lat: String(person[1]), accuracy: '8', parcelVersion: String(parcel.version) });
    const before = await counts();
    const [dataVersionBefore] = await server.db.query<{ version: string }>('SELECT version::text FROM data_version');

    const r = await postCheck('field', parcel.id, fields, [{ bytes: jpegWithExif({ lon: inside[0], lat: inside[1], takenAt }) }]);
    expect(r.status).toBe(201);
    const check = r.body;
    expect(check).toMatchObject({
      parcelId: parcel.id, clientId: fields.clientId, state: 'started', notes: fields.notes, actor: 'field',
      parcelVersion: parcel.version, conflict: null, insideParcel: false,
    });
    expect(Date.parse(check.observedAt)).toBe(Math.floor(Date.parse(fields.observedAt) / 1000) * 1000);
    expect(check.position).toEqual({ lon: person[0], lat: person[1], accuracyM: 8 });
    // 20 m north of the northernmost vertex: the boundary is 20 m away, as GeographicLib measures it.
    expect(check.distanceM).toBeCloseTo(geodesicM(person, northernmost(parcel.geometry)), 0);
    expect(check.distanceM).toBeGreaterThan(19.5);

    expect(check.photos).toHaveLength(1);
    const photo = check.photos[0];
    expect(photo.mime).toBe('image/jpeg');
    expect(Date.parse(photo.takenAt)).toBe(takenAt.getTime());
    expect(photo.position.lon).toBeCloseTo(inside[0], 7);
    expect(photo.position.lat).toBeCloseTo(inside[1], 7);
    expect(photo).toMatchObject({ distanceM: 0, insideParcel: true, positionCheck: 'inside', url: `/api/field-checks/photos/${photo.id}` });

    const after = await counts();
    expect(after).toEqual({ checks: before.checks + 1, photos: before.photos + 1 });
    const [dataVersionAfter] = await server.db.query<{ version: string }>('SELECT version::text FROM data_version');
    expect(BigInt(dataVersionAfter!.version)).toBeGreaterThan(BigInt(dataVersionBefore!.version));
  });

  it('checks each photo’s position against the parcel: inside, near (≤ 50 m), far, unknown', async () => {
    const parcel = takeParcel();
    const vertex = northernmost(parcel.geometry);
    const inside = turf.pointOnFeature(parcel.geometry).geometry.coordinates as [number, number];
    const near = north(vertex, 35);
    const far = north(vertex, 400);
    const takenAt = new Date(Date.now() - 3_600_000);
    const photos = [inside, near, far].map(([lon, lat]) => ({ bytes: jpegWithExif({ lon, lat, takenAt }) }));
    const r = await postCheck('yicheng', parcel.id, baseFields({ state: 'not_started', notes: '' }), [...photos, { bytes: jpegWithoutExif(), name: 'screenshot.jpg' }]);
    expect(r.status).toBe(201);
    expect(r.body.actor).toBe('yicheng');
    expect(r.body.notes).toBe('');
    expect(r.body.position).toBeNull();
    expect(r.body.distanceM).toBeNull();
    const [pIn, pNear, pFar, pNone] = r.body.photos;
    expect([pIn.positionCheck, pNear.positionCheck, pFar.positionCheck, pNone.positionCheck]).toEqual(['inside', 'near', 'far', 'unknown']);
    expect(pNone).toMatchObject({ takenAt: null, position: null, distanceM: null, insideParcel: null });
    expect(pIn.distanceM).toBe(0);
    const outline = turf.polygon(parcel.geometry.coordinates[0]!);
    for (const [photo, point, metres] of [[pNear, near, 35], [pFar, far, 400]] as const) {
      expect(photo.insideParcel).toBe(false);
      // Independently: GeographicLib to the nearest vertex (exact by construction), and Turf's spherical distance.
      expect(photo.distanceM).toBeCloseTo(geodesicM(point, vertex), 0);
      expect(Math.abs(photo.distanceM - metres)).toBeLessThan(0.2);
      const spherical = turf.pointToPolygonDistance(turf.point(point), outline, { units: 'meters' });
      expect(Math.abs(photo.distanceM / spherical - 1)).toBeLessThan(0.005);
    }
  });

  it('marks a photo without EXIF time or position, and keeps the phone’s clock, position and compass heading instead', async () => {
    const parcel = takeParcel();
    const inside = turf.pointOnFeature(parcel.geometry).geometry.coordinates as [number, number];
    // Whole seconds: the answer gives times to the second, as for the check itself.
    const capturedAt = `${new Date(Date.now() - 120_000).toISOString().slice(0, 19)}Z`;
    const captures = [
      { capturedAt, lon: inside[0], lat: inside[1], accuracy: 6.5, headingDeg: 271.5 },
      { capturedAt, lon: inside[0], lat: inside[1], accuracy: 6.5, headingDeg: null },
    ];
    const photos = [{ bytes: jpegWithoutExif(), name: 'screenshot.jpg' }, { bytes: jpegWithExif({ lon: inside[0], lat: inside[1], takenAt: new Date(Date.now() - 3_600_000) }) }];
    const r = await postCheck('yicheng', parcel.id, { ...baseFields(), photoCapture: JSON.stringify(captures) }, photos);
    expect(r.status).toBe(201);
    const [bare, located] = r.body.photos;
    expect(bare.exifMissing).toEqual(['time', 'position']);
    expect(bare.capture).toEqual({ capturedAt, position: { lon: expect.closeTo(inside[0], 9), lat: expect.closeTo(inside[1], 9), accuracyM: 6.5 }, headingDeg: 271.5 });
    // The phone's position does not stand in for the photo's own: the photo stays "unknown" against the parcel.
    expect(bare.positionCheck).toBe('unknown');
    expect(located.exifMissing).toEqual([]);
    expect(located.capture.headingDeg).toBeNull();
    // Read back the same.
    const listed = (await server.get(`/api/parcels/${parcel.id}/field-checks`)).body.fieldChecks.find((c: any) => c.id === r.body.id);
    expect(listed.photos[0].capture).toEqual(bare.capture);

    // A count that does not match the photos, or a heading out of range, is refused in Chinese and nothing is written.
    const before = await counts();
    const wrong = await postCheck('yicheng', parcel.id, { ...baseFields(), photoCapture: JSON.stringify([captures[0]]) }, photos);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('照片拍摄信息（photoCapture）有 1 项，照片有 2 张');
    const badHeading = await postCheck('yicheng', parcel.id, { ...baseFields(), photoCapture: JSON.stringify([{ ...captures[0], headingDeg: 360 }]) }, [photos[0]!]);
    expect(badHeading.status).toBe(400);
    expect(badHeading.body.error.message).toContain('第 1 张照片的拍摄信息：方向（headingDeg）应为 0 到 360 之间');
    expect(await counts()).toEqual(before);
  });

  it('is idempotent by clientId: a repeat answers 200 with the stored record and writes nothing', async () => {
    const parcel = takeParcel();
    const fields = baseFields();
    const first = await postCheck('field', parcel.id, fields, [{ bytes: jpegWithoutExif() }]);
    expect(first.status).toBe(201);
    const before = await counts();
    // The offline queue resends the same record (here even with other content, which must not overwrite it).
    const again = await postCheck('field', parcel.id, { ...fields, state: 'other', notes: '重复' }, [{ bytes: jpegWithoutExif() }, { bytes: jpegWithoutExif() }]);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await counts()).toEqual(before);
    // Upper-case is the same UUID.
    const upper = await postCheck('field', parcel.id, { ...fields, clientId: fields.clientId.toUpperCase() });
    expect(upper.status).toBe(200);
    expect(upper.body.id).toBe(first.body.id);
    // The same clientId on another parcel is a client bug, not a repeat.
    const elsewhere = await postCheck('field', takeParcel().id, fields);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error.code).toBe('client_id_reused');
    expect(await counts()).toEqual(before);
  });

  it('stores an observation made on a parcel that changed since, with a conflict note', async () => {
    const parcel = takeParcel();
    const current = (await server.get(`/api/parcels/${parcel.id}`)).body;
    const put = await admin.request('PUT', `/api/parcels/${parcel.id}`, { ...current.properties, geometry: current.geometry, remarks: '外业核查测试：核查期间被修改' });
    expect(put.status).toBe(200);
    expect(put.body.properties.version).toBe(parcel.version + 1);
    const r = await postCheck('field', parcel.id, baseFields({ parcelVersion: String(parcel.version) }));
    expect(r.status).toBe(201);
    expect(r.body.parcelVersion).toBe(parcel.version);
    expect(r.body.conflict).toBe(`核查期间地块已被修改（版本 ${parcel.version} → ${parcel.version + 1}），请核对`);
  });

  it('refuses a deleted parcel (409) and an unknown one (404), writing nothing', async () => {
    const parcel = takeParcel();
    expect((await admin.request('DELETE', `/api/parcels/${parcel.id}?version=${parcel.version}`)).status).toBe(204);
    const before = await counts();
    const deleted = await postCheck('field', parcel.id, baseFields(), [{ bytes: jpegWithoutExif() }]);
    expect(deleted.status).toBe(409);
    expect(deleted.body.error.code).toBe('parcel_deleted');
    expect(deleted.body.error.message).toContain('已被删除');
    const unknown = await postCheck('field', 99_999_999, baseFields());
    expect(unknown.status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('lets admin, editor and field staff record; a viewer gets 403 and a visitor 401', async () => {
    const parcel = takeParcel();
    const before = await counts();
    const viewer = await postCheck('leader', parcel.id, baseFields());
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.message).toContain('领导查看');
    const visitor = await postCheck('anonymous', parcel.id, baseFields());
    expect(visitor.status).toBe(401);
    expect(await counts()).toEqual(before);
    expect((await postCheck('admin', parcel.id, baseFields())).status).toBe(201);
  });

  it('answers 400 with Chinese problems on a bad state, too many photos or non-image bytes, writing nothing', async () => {
    const parcel = takeParcel();
    const before = await counts();
    const badState = await postCheck('field', parcel.id, baseFields({ state: 'finished' }), [{ bytes: jpegWithoutExif() }]);
    expect(badState.status).toBe(400);
    expect(badState.body.error.code).toBe('invalid_field_check');
    expect(badState.body.error.problems.map((p: any) => p.field)).toEqual(['state']);
    expect(badState.body.error.message).toContain('未动工');

    const seven = await postCheck('field', parcel.id, baseFields(), Array.from({ length: 7 }, () => ({ bytes: jpegWithoutExif() })));
    expect(seven.status).toBe(400);
    expect(seven.body.error.message).toContain('最多 6 张照片');

    // Declared as a JPEG, but the bytes are a script: the magic bytes decide.
    const script = Buffer.from('<script>alert(1)</script>');
    const fake = await postCheck('field', parcel.id, baseFields(), [{ bytes: jpegWithoutExif() }, { bytes: script, type: 'image/jpeg', name: 'evil.jpg' }]);
    expect(fake.status).toBe(400);
    expect(fake.body.error.message).toContain('第 2 张照片（evil.jpg）不是 JPEG、PNG 或 WebP 图片');

    // Just over 10 MB, with a JPEG's first bytes: refused by size before anything else.
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1);
    jpegWithoutExif().copy(huge);
    const big = await postCheck('field', parcel.id, baseFields(), [{ bytes: huge, name: 'big.jpg' }]);
    expect(big.status).toBe(400);
    expect(big.body.error.message).toContain('超过 10 MB');

    const json = await admin.request('POST', `/api/parcels/${parcel.id}/field-checks`, baseFields());
    expect(json.status).toBe(415);

    const future = await postCheck('field', parcel.id, baseFields({ observedAt: new Date(Date.now() + 3_600_000).toISOString() }));
    expect(future.status).toBe(400);
    expect(future.body.error.problems[0].field).toBe('observedAt');
    expect(await counts()).toEqual(before);
  });
});

describe('reading field checks', () => {
  let parcelId: number;
  let ids: number[];
  beforeAll(async () => {
    const parcel = takeParcel();
    parcelId = parcel.id;
    const person = north(northernmost(parcel.geometry), 10);
    const older = await postCheck('field', parcelId, baseFields({ observedAt: new Date(Date.now() - 86_400_000).toISOString(), lon: String(person[0]), lat: String(person[1]) }));
    const newer = await postCheck('field', parcelId, baseFields({ state: 'in_production' }), [
      { bytes: jpegWithExif({ lon: person[0], lat: person[1], takenAt: new Date(Date.now() - 120_000) }) },
    ]);
    expect([older.status, newer.status]).toEqual([201, 201]);
    ids = [newer.body.id, older.body.id];
  });

  it('lists a parcel’s checks newest first, and the parcel detail carries the same list', async () => {
    const list = await server.get(`/api/parcels/${parcelId}/field-checks`);
    expect(list.status).toBe(200);
    expect(list.body.fieldChecks.map((f: any) => f.id)).toEqual(ids);
    const detail = await server.get(`/api/parcels/${parcelId}`);
    expect(detail.body.fieldChecks).toEqual(list.body.fieldChecks);
    expect(detail.body.properties.id).toBe(parcelId);
    expect((await server.get('/api/parcels/99999999/field-checks')).status).toBe(404);
  });

  it('serves a photo’s bytes with its type, privately cacheable', async () => {
    const { fieldChecks } = (await server.get(`/api/parcels/${parcelId}/field-checks`)).body;
    const photo = fieldChecks[0].photos[0];
    const response = await fetch(server.url + photo.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('cache-control')).toBe('private, max-age=86400');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(photo.bytes);
    const [stored] = await server.db.query<{ same: boolean }>('SELECT md5(content) = md5($1::bytea) AS same FROM field_check_photos WHERE id = $2', [bytes, photo.id]);
    expect(stored!.same).toBe(true);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect((await fetch(`${server.url}/api/field-checks/photos/99999999`)).status).toBe(404);
  });

  it('gives map points: the person’s position, or a point inside the parcel when there is none', async () => {
    const points = await server.get('/api/field-checks?campaign=1');
    expect(points.status).toBe(200);
    expect(points.body.type).toBe('FeatureCollection');
    const [newer, older] = ids.map((id) => points.body.features.find((f: any) => f.id === id));
    expect(newer.properties).toMatchObject({ id: ids[0], parcelId, state: 'in_production', stateLabel: '建成投产', actor: 'field', photoCount: 1 });
    expect(older.properties.photoCount).toBe(0);
    const stored = (await server.get(`/api/parcels/${parcelId}/field-checks`)).body.fieldChecks;
    expect(older.geometry.coordinates[0]).toBeCloseTo(stored[1].position.lon, 6);
    expect(older.geometry.coordinates[1]).toBeCloseTo(stored[1].position.lat, 6);
    const parcel = (await server.get(`/api/parcels/${parcelId}`)).body;
    expect(turf.booleanPointInPolygon(newer.geometry.coordinates, parcel.geometry)).toBe(true);
    // Newest observation first.
    const times = points.body.features.map((f: any) => Date.parse(f.properties.observedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const [lon, lat] = newer.geometry.coordinates;
    const box = await server.get(`/api/field-checks?campaign=1&bbox=${lon - 0.001},${lat - 0.001},${lon + 0.001},${lat + 0.001}`);
    expect(box.body.features.some((f: any) => f.id === ids[0])).toBe(true);
    expect(box.body.features.length).toBeLessThan(points.body.features.length);
    const elsewhere = await server.get('/api/field-checks?campaign=2');
    expect(elsewhere.body.features.some((f: any) => ids.includes(f.id))).toBe(false);
    expect((await server.get('/api/field-checks?bbox=1,2,3')).status).toBe(400);
  });
});
