import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Db } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';
import { SESSION_COOKIE, sessionUser } from './sessions.ts';
import { tokenFromHeader, tokenUser } from './tokens.ts';
import type { AppEnv } from './types.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Readable without an account even when reading is not public: what the sign-in page itself needs. */
const ALWAYS_OPEN = ['/api/health', '/api/config', '/api/auth/'];
/** Where GIS clients' personal access tokens count; everywhere else (the browser's routes) only the session does. */
const TOKEN_PATHS = ['/ogc', '/tiles/'];
/** Asks a GIS client for credentials: QGIS and ArcGIS Pro answer a Basic challenge with the user name and token. */
export const CREDENTIALS_CHALLENGE = 'Basic realm="Panhuo", charset="UTF-8"';

/**
 * Finds the session of the request, and guards: every state-changing request needs a signed-in user (401) and the
 * session's CSRF token in the X-CSRF-Token header (403), so another site cannot write through a visitor's cookie;
 * reading the API and tiles needs an account unless reading is public.
 */
export function authentication(db: Db, publicRead: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const path = c.req.path;
    c.set('token', null);
    // Tiles are the hot path (dozens per map move) and need no user when reading is public: skip the session query.
    if (publicRead && SAFE_METHODS.has(c.req.method) && path.startsWith('/tiles/')) {
      c.set('user', null);
      c.set('sessionHash', null);
      return next();
    }
    const sent = TOKEN_PATHS.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`)) ? tokenFromHeader(c.req.header('authorization')) : null;
    if (sent) {
      // A token is not an ambient credential (a browser never sends it by itself): no CSRF token is needed with it.
      const found = await tokenUser(db, sent.token, sent.username);
      if (!found) {
        c.header('WWW-Authenticate', CREDENTIALS_CHALLENGE);
        throw new ApiError(401, 'bad_token', '访问令牌无效、已过期或已撤销（HTTP Basic 时用户名须为令牌的所有者）');
      }
      c.set('user', found.user);
      c.set('sessionHash', null);
      c.set('token', found.token);
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    const found = token ? await sessionUser(db, token) : null;
    c.set('user', found?.user ?? null);
    c.set('sessionHash', found?.hash ?? null);
    if (!SAFE_METHODS.has(c.req.method)) {
      if (path !== '/api/auth/login') {
        if (!found) {
          if (!path.startsWith('/api/')) c.header('WWW-Authenticate', CREDENTIALS_CHALLENGE);
          throw new ApiError(401, 'unauthenticated', '请先登录，再修改数据（GIS 软件请使用读写令牌）');
        }
        if (c.req.header('x-csrf-token') !== found.user.csrfToken) {
          throw new ApiError(403, 'csrf', '请求缺少有效的安全令牌（CSRF），请刷新页面后重试');
        }
      }
    } else if (!publicRead && !found && (path.startsWith('/api/') || path.startsWith('/tiles/') || path === '/ogc' || path.startsWith('/ogc/')) && !ALWAYS_OPEN.some((p) => path.startsWith(p))) {
      if (!path.startsWith('/api/')) c.header('WWW-Authenticate', CREDENTIALS_CHALLENGE);
      throw new ApiError(401, 'unauthenticated', '请先登录后查看（GIS 软件请使用个人访问令牌）');
    }
    await next();
  };
}
