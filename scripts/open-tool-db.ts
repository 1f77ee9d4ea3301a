import { DataDirLocked } from '../server/db/lock.ts';
import { openDb } from '../server/db/open.ts';
import type { Db } from '../server/db/types.ts';
import type { Env } from '../server/env.ts';

/**
 * Opens the database for a command-line tool, or ends the process with a message a person can act on when the
 * embedded database is held by another process (usually the running server): a tool writing behind the server's back
 * would have its change silently overwritten. `instead` says what to do then.
 */
export async function openToolDb(env: Pick<Env, 'databaseUrl' | 'dataDir'>, instead: string, options: { loadDataDir?: Blob } = {}): Promise<Db> {
  try {
    return await openDb(env, options);
  } catch (error) {
    if (!(error instanceof DataDirLocked)) throw error;
    console.error(`拒绝执行：${error.message}。${instead}`);
    process.exit(3);
  }
}
