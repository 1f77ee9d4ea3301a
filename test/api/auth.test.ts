import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientWith, DEMO_PASSWORDS, signIn } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });

describe('signing in', () => {
  it('sets an HttpOnly, SameSite session cookie and returns the user and a CSRF token', async () => {
    const response = await login('yicheng', DEMO_PASSWORDS.yicheng!);
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^panhuo_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const body = await response.json();
    expect(body.user).toMatchObject({ username: 'yicheng', role: 'editor' });
    expect(body.user.unitIds).toHaveLength(1);
    expect(body.user.csrfToken).toBeUndefined();
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    // The session is stored only as a hash.
    const rows = await server.db.query<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(rows.some((r) => cookie.includes(r.token_hash))).toBe(false);
  });

  it('refuses a wrong password with 401, and locks the account after 5 failures with 429', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await login('leader', 'wrong-password');
      expect(r.status).toBe(401);
      expect((await r.json()).error.message).toBe('用户名或密码错误');
    }
    const locked = await login('leader', DEMO_PASSWORDS.leader!);
    expect(locked.status).toBe(429);
    expect((await locked.json()).error.message).toContain('登录失败次数过多');
    // Other accounts are not locked out by one account's failures.
    expect((await login('field', DEMO_PASSWORDS.field!)).status).toBe(200);
  });

  it('answers /me for signed-in and anonymous visitors', async () => {
    const client = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
    expect((await client.request('GET', '/api/auth/me')).body.user.role).toBe('admin');
    expect((await server.get('/api/auth/me')).body).toMatchObject({ user: null, publicRead: true });
  });

  it('rejects malformed sign-in requests with a 4xx and a message', async () => {
    const notJson = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(notJson.status).toBe(400);
    const noPassword = await login('admin', '');
    expect(noPassword.status).toBe(400);
    expect((await noPassword.json()).error.message).toBe('请输入用户名和密码');
    const form = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=admin' });
    expect(form.status).toBe(415);
  });
});

describe('sessions and CSRF', () => {
  it('writes need a session (401) and the session CSRF token (403)', async () => {
    const anonymous = clientWith(server.url, null, 'x');
    const r1 = await anonymous.request('DELETE', '/api/parcels/1?version=1');
    expect(r1.status).toBe(401);
    expect(r1.body.error.message).toContain('请先登录');
    const admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
    const r2 = await admin.request('DELETE', '/api/parcels/1?version=1', undefined, { 'x-csrf-token': 'forged' });
    expect(r2.status).toBe(403);
    expect(r2.body.error.code).toBe('csrf');
    const version = (await server.get('/api/parcels/1')).body.properties.version;
    expect(version).toBe(1);
  });

  it('an expired session no longer signs anyone in, and logout ends it', async () => {
    const client = await signIn(server.url, 'kaifaqu', DEMO_PASSWORDS.kaifaqu!);
    expect((await client.request('GET', '/api/auth/me')).body.user.username).toBe('kaifaqu');
    await server.db.query(`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = (SELECT id FROM users WHERE username = 'kaifaqu')`);
    expect((await client.request('GET', '/api/auth/me')).body.user).toBeNull();
    const again = await signIn(server.url, 'kaifaqu', DEMO_PASSWORDS.kaifaqu!);
    expect((await again.request('POST', '/api/auth/logout')).status).toBe(204);
    expect((await again.request('GET', '/api/auth/me')).body.user).toBeNull();
  });
});

describe('when reading is not public', () => {
  let closed: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    closed = await startTestServer({ publicRead: false });
  });
  afterAll(() => closed?.close());

  it('the API and tiles need a session; health, config and sign-in stay open', async () => {
    for (const path of ['/api/campaigns', '/api/parcels?limit=1', '/api/parcels/1', '/tiles/parcels/10/836/421.mvt', '/api/exports/parcels?format=geojson']) {
      const r = await closed.get(path);
      expect(r.status).toBe(401);
    }
    expect((await closed.get('/api/health')).status).toBe(200);
    expect((await closed.get('/api/auth/me')).body).toMatchObject({ user: null, publicRead: false });
    const leader = await signIn(closed.url, 'leader', DEMO_PASSWORDS.leader!);
    expect((await leader.request('GET', '/api/campaigns')).status).toBe(200);
  });
});
