import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/types.ts';
import type { Env } from '../env.ts';
import { jsonBody, isRecord } from '../http/body.ts';
import { clientAddress, overHttps } from '../http/client.ts';
import { ApiError } from '../http/errors.ts';
import { createSession, endSession, SESSION_COOKIE, SESSION_HOURS, sessionUser } from './sessions.ts';
import { addressDelayMs, checkSignIn, logSignIn, recentAddressFailures } from './sign-in.ts';
import type { AppEnv, SessionUser } from './types.ts';

const publicUser = ({ csrfToken: _csrf, ...user }: SessionUser) => user;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function authRoutes(db: Db, env: Pick<Env, 'publicRead' | 'trustProxy'>) {
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const body = await jsonBody(c);
      const username = isRecord(body) && typeof body.username === 'string' ? body.username.trim().toLowerCase() : '';
      const password = isRecord(body) && typeof body.password === 'string' ? body.password : '';
      if (!username || !password) throw new ApiError(400, 'bad_request', '请输入用户名和密码');
      if (username.length > 64 || password.length > 1024) throw new ApiError(400, 'bad_request', '用户名不能超过 64 个字符，密码不能超过 1024 个字符');
      const address = clientAddress(c, env.trustProxy);

      // An address that keeps failing waits longer before each try; it is never refused outright.
      const delay = addressDelayMs(await recentAddressFailures(db, address));
      if (delay) await sleep(delay);
      const outcome = await checkSignIn(db, username, password);
      await logSignIn(db, { username, userId: outcome.userId, address, reason: outcome.ok ? 'ok' : outcome.reason });
      if (!outcome.ok) {
        if (outcome.reason === 'account_locked') {
          const minutes = Math.ceil((outcome.retryAfterSeconds ?? 60) / 60);
          c.header('Retry-After', String(outcome.retryAfterSeconds ?? 60));
          throw new ApiError(429, 'too_many_attempts', `登录失败次数过多，该账户已暂时锁定，请 ${minutes} 分钟后再试`);
        }
        throw new ApiError(401, 'bad_credentials', '用户名或密码错误');
      }
      const token = await createSession(db, outcome.userId);
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure: overHttps(c, env.trustProxy),
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
      return c.json({ user: user ? publicUser(user) : null, csrfToken: user?.csrfToken ?? null, publicRead: env.publicRead });
    });
}
