import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { parseLsn } from '../db/lsn.ts';
import { readIntent, RoutedDb, type ReadIntent } from '../db/replicas.ts';
import type { Db } from '../db/types.ts';

/** The cookie that carries a person's last write position (a WAL LSN, nothing secret) from process to process. */
export const LSN_COOKIE = 'panhuo_lsn';

/**
 * GETs that stay on the primary: the event stream (it LISTENs there and must never be behind the edits it signals),
 * health (it reports on the primary), sign-in state and administration (small, and right after a change of them).
 */
const PRIMARY_ONLY = [/^\/api\/events(\/|$)/, /^\/api\/health(\/|$)/, /^\/api\/auth\//, /^\/api\/admin\//];

/**
 * With streaming replicas (DATABASE_REPLICA_URLS), lets the reads of a GET go to a replica, and keeps a person's own
 * writes in view: every successful write answers with the primary's WAL position in a cookie, and that person's later
 * reads go to a replica only once it has replayed that far (server/db/replicas.ts). `X-Panhuo-Read` says where a GET's
 * reads went. Without replicas it does nothing.
 */
export function readRouting(db: Db): MiddlewareHandler {
  if (!(db instanceof RoutedDb)) return (_c, next) => next();
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') {
      const intent: ReadIntent = {
        replicaOk: !PRIMARY_ONLY.some((path) => path.test(c.req.path)),
        minLsn: parseLsn(getCookie(c, LSN_COOKIE)),
        servedBy: null,
      };
      await readIntent.run(intent, next);
      if (intent.servedBy) c.res.headers.set('X-Panhuo-Read', intent.servedBy);
      return;
    }
    await next();
    if (c.res.status >= 400) return;
    try {
      setCookie(c, LSN_COOKIE, await db.writePosition(), { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 24 * 3600 });
    } catch {
      // The write is done and answered; without the position this person's next reads may briefly lag a replica.
    }
  };
}
