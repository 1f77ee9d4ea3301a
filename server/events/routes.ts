import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { dataVersion } from '../campaigns/cache.ts';
import type { Db } from '../db/types.ts';

/** How often the data version is read: an edit reaches the wall within this, at one tiny query per tick. */
export const POLL_MS = 1500;
/** How often a quiet stream says it is alive; the wall counts the server lost after missing a few. */
export const PING_MS = 10_000;

/**
 * GET /api/events — server-sent events: `version` with the data version at once and whenever it moves on, so a wall
 * refetches only when something changed. Reading the version from the database (not an in-process signal) keeps
 * several server processes on one PostgreSQL in step.
 */
export function eventRoutes(db: Db, pollMs = POLL_MS) {
  return new Hono().get('/', (c) =>
    streamSSE(c, async (stream) => {
      let closed = false;
      stream.onAbort(() => {
        closed = true;
      });
      let last = -1;
      let idle = 0;
      while (!closed) {
        const version = await dataVersion(db);
        if (version !== last) {
          await stream.writeSSE({ event: 'version', data: JSON.stringify({ dataVersion: version }), id: String(version) });
          last = version;
          idle = 0;
        } else if ((idle += pollMs) >= PING_MS) {
          // A heartbeat the page can see (a comment line it could not): a wall that hears nothing for a while knows
          // the connection is dead even when no error surfaced, and it keeps proxies from closing an idle stream.
          await stream.writeSSE({ event: 'ping', data: JSON.stringify({ dataVersion: version }) });
          idle = 0;
        }
        await stream.sleep(pollMs);
      }
    }),
  );
}
