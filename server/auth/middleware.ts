import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Db } from '../db/types.ts';
import { ApiError } from '../http/errors.ts';
import { SESSION_COOKIE, sessionUser } from './sessions.ts';
import type { AppEnv } from './types.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Readable without an account even when reading is not public: what the sign-in page itself needs. */
const ALWAYS_OPEN = ['/api/health', '/api/config', '/api/auth/'];

/**
 * Finds the session of the request, and guards: every state-changing request needs a signed-in user (401) and the
 * session's CSRF token in the X-CSRF-Token header (403), so another site cannot write through a visitor's cookie;
 * reading the API and tiles needs an account unless reading is public.
 */
export function authentication(db: Db, publicRead: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const path = c.req.path;
    // Tiles are the hot path (dozens per map move) and need no user when reading is public: skip the session query.
    if (publicRead && SAFE_METHODS.has(c.req.method) && path.startsWith('/tiles/')) {
      c.set('user', null);
      c.set('sessionHash', null);
      return next();
    }
    const token = getCookie(c, SESSION_COOKIE);
    const found = token ? await sessionUser(db, token) : null;
    c.set('user', found?.user ?? null);
    c.set('sessionHash', found?.hash ?? null);
    if (!SAFE_METHODS.has(c.req.method)) {
      if (path !== '/api/auth/login') {
        if (!found) throw new ApiError(401, 'unauthenticated', '请先登录，再修改数据');
        if (c.req.header('x-csrf-token') !== found.user.csrfToken) {
          throw new ApiError(403, 'csrf', '请求缺少有效的安全令牌（CSRF），请刷新页面后重试');
        }
      }
    } else if (!publicRead && !found && (path.startsWith('/api/') || path.startsWith('/tiles/')) && !ALWAYS_OPEN.some((p) => path.startsWith(p))) {
      throw new ApiError(401, 'unauthenticated', '请先登录后查看');
    }
    await next();
  };
}
