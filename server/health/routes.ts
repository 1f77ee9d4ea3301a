import { Hono } from 'hono';
import { isDatabaseAway } from '../db/availability.ts';
import type { Db } from '../db/types.ts';

/**
 * GET /api/health — which part is up and since when: `parts.server` (this process) and `parts.database`. 200 while
 * everything is up; 503 with the same shape while the database is away, so a monitor sees which part is down.
 */
export function healthRoutes(db: Db) {
  const serverSince = new Date().toISOString();
  return new Hono().get('/', async (c) => {
    let postgis: string | null = null;
    try {
      const [row] = await db.query<{ postgis: string }>('SELECT postgis_lib_version() AS postgis');
      postgis = row!.postgis;
    } catch (error) {
      // The failed query has already marked the database down; anything else is a real fault.
      if (!isDatabaseAway(error)) throw error;
    }
    const database = db.availability.state;
    const ok = database.state === 'up' && postgis !== null;
    return c.json(
      {
        ok,
        database: db.kind,
        postgis,
        parts: {
          server: { state: 'up', since: serverSince },
          database: { state: ok ? 'up' : 'down', since: database.since, ...(database.reason ? { reason: database.reason } : {}) },
        },
      },
      ok ? 200 : 503,
    );
  });
}
