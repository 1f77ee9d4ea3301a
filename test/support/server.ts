import { start, type Running } from '../../server/start.ts';
import { openTestDb } from './db.ts';

/** A real HTTP server on a free port over a private copy of the demo database. */
export async function startTestServer(options: { webRoot?: string; publicRead?: boolean } = {}): Promise<Running & { get<T = any>(path: string): Promise<{ status: number; body: T }> }> {
  const { db, dispose } = await openTestDb();
  const running = await start(
    { port: 0, host: '127.0.0.1', databaseUrl: null, dataDir: '', tiandituKey: null, demo: false, publicRead: options.publicRead ?? true, chromium: '/usr/bin/chromium', backupDir: '', backupDays: 0 },
    { db, ...(options.webRoot ? { webRoot: options.webRoot } : {}) },
  );
  return {
    ...running,
    close: async () => {
      await running.close();
      await dispose();
    },
    async get(path: string) {
      const response = await fetch(running.url + path);
      const type = response.headers.get('content-type') ?? '';
      const body = type.includes('json') ? await response.json() : await response.arrayBuffer();
      return { status: response.status, body };
    },
  };
}
