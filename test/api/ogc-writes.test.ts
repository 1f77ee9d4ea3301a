/**
 * OGC API – Features Part 4 with personal access tokens, as QGIS edits: every change goes through the desk's
 * parcel-write service, with the version as ETag and If-Match required.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
const sessions: Record<string, Client> = {};
const tokens: Record<string, string> = {};
let yichengId: number;
let yichengParcels: number[];
let otherParcel: number;

const GEOJSON = 'application/geo+json';

async function ogc(method: string, path: string, options: { token?: string; basic?: [string, string]; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.basic) headers.authorization = `Basic ${Buffer.from(options.basic.join(':')).toString('base64')}`;
  if (options.body !== undefined) headers['content-type'] ??= GEOJSON;
  const response = await fetch(`${server.url}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

const item = (id: number, token?: string) => ogc('GET', `/ogc/collections/parcels/items/${id}`, token ? { token } : {});
const history = (id: number) => server.db.query<{ action: string; actor: string }>('SELECT action, actor FROM parcel_history WHERE parcel_id = $1 ORDER BY id', [id]);

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'yicheng', 'leader']) {
    sessions[name] = await signIn(server.url, name, DEMO_PASSWORDS[name]!);
    const created = await sessions[name]!.request('POST', '/api/auth/tokens', { name: `QGIS（${name}）`, scope: 'read_write', days: 30 });
    expect(created.status).toBe(201);
    tokens[name] = created.body.token;
  }
  const readOnly = await sessions.admin!.request('POST', '/api/auth/tokens', { name: '只读', scope: 'read' });
  tokens.adminRead = readOnly.body.token;
  [{ id: yichengId }] = await server.db.query<{ id: number }>("SELECT id FROM units WHERE name = '驿城区'");
  yichengParcels = (await server.db.query<{ id: number }>(
    `SELECT p.id FROM parcels p WHERE p.unit_id = $1 AND p.deleted_at IS NULL AND (SELECT count(*) FROM parcel_unit_shares s WHERE s.parcel_id = p.id) = 1 ORDER BY p.id`, [yichengId])).map((r) => r.id);
  [{ id: otherParcel }] = await server.db.query<{ id: number }>(
    `SELECT p.id FROM parcels p WHERE p.deleted_at IS NULL AND p.geom IS NOT NULL AND NOT EXISTS (SELECT 1 FROM parcel_unit_shares s WHERE s.parcel_id = p.id AND s.unit_id = $1) ORDER BY p.id LIMIT 1`, [yichengId]);
});
afterAll(() => server?.close());

describe('personal access tokens', () => {
  it('are listed without the token, hashed in the database, and revoked', async () => {
    const listed = await sessions.admin!.request('GET', '/api/auth/tokens');
    expect(listed.body.tokens.map((t: any) => t.name)).toEqual(expect.arrayContaining(['QGIS（admin）', '只读']));
    expect(JSON.stringify(listed.body)).not.toContain(tokens.admin);
    const stored = await server.db.query<{ token_hash: string }>('SELECT token_hash FROM access_tokens');
    expect(stored.some((r) => r.token_hash.includes(tokens.admin!))).toBe(false);

    const spare = (await sessions.admin!.request('POST', '/api/auth/tokens', { name: '用后撤销', scope: 'read' })).body;
    expect((await ogc('GET', '/ogc/collections', { token: spare.token })).status).toBe(200);
    expect((await sessions.admin!.request('DELETE', `/api/auth/tokens/${spare.id}`)).status).toBe(204);
    const refused = await ogc('GET', '/ogc/collections', { token: spare.token });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic/);
    // Someone else's token is not theirs to revoke.
    expect((await sessions.yicheng!.request('DELETE', `/api/auth/tokens/${listed.body.tokens[0].id}`)).status).toBe(404);
  });

  it('work as HTTP Basic with the owner\'s user name, and not with another name', async () => {
    expect((await ogc('GET', '/ogc/collections/parcels/items?limit=1', { basic: ['admin', tokens.admin!] })).status).toBe(200);
    expect((await ogc('GET', '/ogc/collections/parcels/items?limit=1', { basic: ['yicheng', tokens.admin!] })).status).toBe(401);
  });

  it('never work on the browser\'s routes that need CSRF, nor make tokens', async () => {
    const target = (await item(yichengParcels[0]!)).body;
    const put = await fetch(`${server.url}/api/parcels/${target.id}`, {
      method: 'PUT', headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...target.properties, geometry: target.geometry, remarks: '令牌改的' }),
    });
    expect(put.status).toBe(401);
    const make = await fetch(`${server.url}/api/auth/tokens`, { method: 'POST', headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' }, body: '{"name":"x"}' });
    expect(make.status).toBe(401);
    expect((await item(target.id)).body.properties.version).toBe(target.properties.version);
  });
});

describe('Part 4: create, replace, update, delete', () => {
  it('an admin token creates, replaces, patches and deletes, with ETags, 428 and 412', async () => {
    const template = (await item(yichengParcels.at(-1)!)).body;
    const created = await ogc('POST', '/ogc/collections/parcels/items', {
      token: tokens.admin, body: { type: 'Feature', geometry: template.geometry, properties: { ...template.properties, code: 'OGC-NEW-1', campaignId: 1 } },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect(created.headers.get('location')).toBe(`${server.url}/ogc/collections/parcels/items/${id}`);
    expect(created.headers.get('etag')).toBe(`"${id}.1"`);
    expect(created.body.properties).toMatchObject({ code: 'OGC-NEW-1', unitId: yichengId, version: 1 });

    const read = await item(id);
    expect(read.headers.get('etag')).toBe(`"${id}.1"`);
    const replacement = { type: 'Feature', geometry: read.body.geometry, properties: { ...read.body.properties, remarks: '整体替换', landUser: null } };
    expect((await ogc('PUT', `/ogc/collections/parcels/items/${id}`, { token: tokens.admin, body: replacement })).status).toBe(428);
    expect((await ogc('PUT', `/ogc/collections/parcels/items/${id}`, { token: tokens.admin, body: replacement, headers: { 'if-match': `"${id}.7"` } })).status).toBe(412);
    const replaced = await ogc('PUT', `/ogc/collections/parcels/items/${id}`, { token: tokens.admin, body: replacement, headers: { 'if-match': `"${id}.1"` } });
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get('etag')).toBe(`"${id}.2"`);
    expect(replaced.body.properties).toMatchObject({ remarks: '整体替换', landUser: null, projectName: template.properties.projectName });

    // Merge patch: only what is sent changes.
    const patched = await ogc('PATCH', `/ogc/collections/parcels/items/${id}`, {
      token: tokens.admin, body: { type: 'Feature', properties: { status: 'in_progress' } }, headers: { 'if-match': `"${id}.2"`, 'content-type': 'application/merge-patch+json' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.properties).toMatchObject({ status: 'in_progress', remarks: '整体替换', version: 3 });
    expect(patched.body.geometry).toEqual(read.body.geometry);
    // The stale tag of before the patch no longer matches.
    expect((await ogc('DELETE', `/ogc/collections/parcels/items/${id}`, { token: tokens.admin, headers: { 'if-match': `"${id}.2"` } })).status).toBe(412);
    expect((await ogc('DELETE', `/ogc/collections/parcels/items/${id}`, { token: tokens.admin, headers: { 'if-match': `"${id}.3"` } })).status).toBe(204);
    expect((await item(id)).status).toBe(404);
    expect((await history(id)).map((h) => [h.action, h.actor])).toEqual([['create', 'admin'], ['update', 'admin'], ['update', 'admin'], ['delete', 'admin']]);
  });

  it('refuses what the desk refuses: invalid fields (400 naming the field) and a duplicate code (409)', async () => {
    const template = (await item(yichengParcels.at(-1)!)).body;
    const bad = await ogc('POST', '/ogc/collections/parcels/items', { token: tokens.admin, body: { type: 'Feature', geometry: template.geometry, properties: { ...template.properties, code: 'OGC-BAD', ledgerMu: -3, campaignId: 1 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('台账面积');
    const duplicate = await ogc('POST', '/ogc/collections/parcels/items', { token: tokens.admin, body: { type: 'Feature', geometry: template.geometry, properties: { ...template.properties, campaignId: 1 } } });
    expect(duplicate.status).toBe(409);
  });

  it('an editor\'s token changes parcels in their units, is refused outside them (403), and history names its owner', async () => {
    const own = yichengParcels[1]!;
    const ok = await ogc('PATCH', `/ogc/collections/parcels/items/${own}`, { token: tokens.yicheng, body: { type: 'Feature', properties: { remarks: 'QGIS 改' } }, headers: { 'if-match': `"${own}.1"` } });
    expect(ok.status).toBe(200);
    expect((await history(own)).at(-1)).toEqual({ action: 'update', actor: 'yicheng' });

    const outside = await ogc('PATCH', `/ogc/collections/parcels/items/${otherParcel}`, { token: tokens.yicheng, body: { type: 'Feature', properties: { remarks: '越权' } }, headers: { 'if-match': `"${otherParcel}.1"` } });
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('outside_units');
    expect((await item(otherParcel)).body.properties.version).toBe(1);
  });

  it('a viewer\'s token and a read-only token are refused (403)', async () => {
    const target = yichengParcels[2]!;
    for (const token of [tokens.leader!, tokens.adminRead!]) {
      const r = await ogc('PATCH', `/ogc/collections/parcels/items/${target}`, { token, body: { type: 'Feature', properties: { remarks: '不该改' } }, headers: { 'if-match': `"${target}.1"` } });
      expect(r.status).toBe(403);
    }
    expect((await item(target)).body.properties.version).toBe(1);
  });

  it('OPTIONS says what the caller may do', async () => {
    const allow = async (path: string, token: string) => (await ogc('OPTIONS', path, { token })).headers.get('allow')?.split(', ') ?? [];
    expect(await allow('/ogc/collections/parcels/items', tokens.admin!)).toContain('POST');
    expect(await allow('/ogc/collections/parcels/items', tokens.leader!)).not.toContain('POST');
    expect(await allow('/ogc/collections/units/items', tokens.admin!)).not.toContain('POST');
    expect(await allow(`/ogc/collections/parcels/items/${yichengParcels[3]}`, tokens.yicheng!)).toEqual(expect.arrayContaining(['PUT', 'PATCH', 'DELETE']));
    expect(await allow(`/ogc/collections/parcels/items/${otherParcel}`, tokens.yicheng!)).not.toContain('PUT');
    expect(await allow(`/ogc/collections/parcels/items/${yichengParcels[3]}`, tokens.adminRead!)).toEqual(['GET', 'HEAD', 'OPTIONS']);
  });
});
