import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { dataVersion } from '../campaigns/cache.ts';
import { isDatabaseAway } from '../db/availability.ts';
import type { Db } from '../db/types.ts';

/** How often the data version is read: an edit reaches the wall within this, at one tiny query per tick. */
export const POLL_MS = 1500;
/** How often a quiet stream says it is alive; the wall counts the server lost after missing a few. */
export const PING_MS = 10_000;

/**
 * GET /api/events — server-sent events: `version` with the data version at once and whenever it moves on, so a wall
 * refetches only when something changed. Reading the version from the database (not an in-process signal) keeps
 * several server processes on one PostgreSQL in step; its NOTIFY (db.onDataChange) says when to read it.
 *
 * `database` `{state: 'down'|'up', since}` when the database goes away (also at once to a stream opened meanwhile)
 * and when it is back: the stream itself stays open through an outage, so the page hears the return within a tick,
 * followed by the current version.
 */
export function eventRoutes(db: Db, pollMs = POLL_MS) {
  return new Hono().get('/', (c) =>
    streamSSE(c, async (stream) => {
      let closed = false;
      // Woken early by a change of the database's state, or by an edit committed through any process (NOTIFY), so
      // the wall hears of it at once rather than at the next tick. A wake during a tick's work is kept, not lost.
      let woken = false;
      let wake: () => void = () => void (woken = true);
      const stopWatching = db.availability.onChange(() => wake());
      const stopHearing = db.onDataChange(() => wake());
      stream.onAbort(() => {
        closed = true;
        wake();
      });
      let last = -1;
      let told: 'up' | 'down' = 'up';
      let idle = 0;
      try {
        while (!closed) {
          let version: number | null = null;
          try {
            version = await dataVersion(db);
          } catch (error) {
            if (!isDatabaseAway(error)) throw error;
          }
          const { state, since } = db.availability.state;
          const now = version === null ? 'down' : state;
          if (now !== told) {
            await stream.writeSSE({ event: 'database', data: JSON.stringify({ state: now, since }) });
            told = now;
          }
          if (version !== null && version !== last) {
            await stream.writeSSE({ event: 'version', data: JSON.stringify({ dataVersion: version }), id: String(version) });
            last = version;
            idle = 0;
          } else if ((idle += pollMs) >= PING_MS) {
            // A heartbeat the page can see (a comment line it could not): a wall that hears nothing for a while knows
            // the connection is dead even when no error surfaced, and it keeps proxies from closing an idle stream.
            // While the database is away the server is still here: the ping says so, with the last version known.
            await stream.writeSSE({ event: 'ping', data: JSON.stringify({ dataVersion: last >= 0 ? last : null }) });
            idle = 0;
          }
          if (woken) {
            woken = false;
            continue;
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, pollMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = () => void (woken = true);
        }
      } finally {
        stopWatching();
        stopHearing();
      }
    }),
  );
}
