import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, type Running } from '../../server/start.ts';
import { openTestDb } from './db.ts';
import { scriptEnv } from '../../server/env.ts';

/** A real HTTP server on a free port over a private copy of the demo database, with a data directory of its own (offline basemap packages). */
export async function startTestServer(options: { webRoot?: string; publicRead?: boolean; trustProxy?: boolean; clock?: () => Date } = {}): Promise<Running & { get<T = any>(path: string): Promise<{ status: number; body: T }> }> {
  const { db, dispose } = await openTestDb();
  const dataDir = await mkdtemp(join(tmpdir(), 'panhuo-data-'));
  const running = await start(
    scriptEnv({ dataDir, publicRead: options.publicRead ?? true, chromium: '/usr/bin/chromium', trustProxy: options.trustProxy ?? false }),
    { db, ...(options.webRoot ? { webRoot: options.webRoot } : {}), ...(options.clock ? { clock: options.clock } : {}) },
  );
  return {
    ...running,
    close: async () => {
      await running.close();
      await dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
    async get(path: string) {
      const response = await fetch(running.url + path);
      const type = response.headers.get('content-type') ?? '';
      const body = type.includes('json') ? await response.json() : await response.arrayBuffer();
      return { status: response.status, body };
    },
  };
}
