import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Db } from '../db/types.ts';
import { jsonBody, isRecord } from '../http/body.ts';
import { ApiError } from '../http/errors.ts';
import { passwordMatches } from './passwords.ts';
import { createSession, endSession, SESSION_COOKIE, SESSION_HOURS, sessionUser } from './sessions.ts';
import type { AppEnv, SessionUser } from './types.ts';

/** Failed sign-ins allowed in the window, per account and per address, before further tries are refused. */
export const LOGIN_LIMIT = { windowMinutes: 15, perUsername: 5, perAddress: 20 };

const publicUser = ({ csrfToken: _csrf, ...user }: SessionUser) => user;

export function authRoutes(db: Db, publicRead: boolean) {
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const body = await jsonBody(c);
      const username = isRecord(body) && typeof body.username === 'string' ? body.username.trim().toLowerCase() : '';
      const password = isRecord(body) && typeof body.password === 'string' ? body.password : '';
      if (!username || !password) throw new ApiError(400, 'bad_request', '请输入用户名和密码');
      const address = getConnInfo(c).remote.address ?? 'unknown';

      const [recent] = await db.query<{ byName: number; byAddress: number }>(
        `SELECT count(*) FILTER (WHERE username = $1)::int AS "byName", count(*) FILTER (WHERE address = $2)::int AS "byAddress"
         FROM login_failures WHERE at > now() - make_interval(mins => $3)`,
        [username, address, LOGIN_LIMIT.windowMinutes],
      );
      if (recent!.byName >= LOGIN_LIMIT.perUsername || recent!.byAddress >= LOGIN_LIMIT.perAddress) {
        throw new ApiError(429, 'too_many_attempts', `登录失败次数过多，请 ${LOGIN_LIMIT.windowMinutes} 分钟后再试`);
      }
      const [account] = await db.query<{ id: number; passwordHash: string }>(
        'SELECT id, password_hash AS "passwordHash" FROM users WHERE username = $1 AND NOT disabled',
        [username],
      );
      if (!account || !(await passwordMatches(account.passwordHash, password))) {
        await db.query('INSERT INTO login_failures (username, address) VALUES ($1, $2)', [username, address]);
        throw new ApiError(401, 'bad_credentials', '用户名或密码错误');
      }
      await db.query('DELETE FROM login_failures WHERE username = $1', [username]);
      const token = await createSession(db, account.id);
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: new URL(c.req.url).protocol === 'https:',
        maxAge: SESSION_HOURS * 3600,
      });
      const found = (await sessionUser(db, token))!;
      return c.json({ user: publicUser(found.user), csrfToken: found.user.csrfToken });
    })
    .post('/logout', async (c) => {
      const hash = c.get('sessionHash');
      if (hash) await endSession(db, hash);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    })
    .get('/me', (c) => {
      const user = c.get('user');
      return c.json({ user: user ? publicUser(user) : null, csrfToken: user?.csrfToken ?? null, publicRead });
    });
}
