import type { Env } from '../env.ts';
import { lockDataDir } from './lock.ts';
import { PgliteDb } from './pglite.ts';
import { PostgresDb } from './postgres.ts';
import type { Db } from './types.ts';

/**
 * Opens the database the environment chooses: PostgreSQL when DATABASE_URL is set, else embedded PGlite, whose data
 * directory this process then holds alone (lock.ts): a second opener gets DataDirLocked until it is closed.
 * `loadDataDir` starts the embedded directory from a dump (a restore).
 */
export async function openDb(env: Pick<Env, 'databaseUrl' | 'dataDir'>, options: { loadDataDir?: Blob } = {}): Promise<Db> {
  if (env.databaseUrl) return PostgresDb.open(env.databaseUrl);
  const lock = await lockDataDir(env.dataDir);
  try {
    return await PgliteDb.open({ dataDir: env.dataDir, lock, ...options });
  } catch (error) {
    await lock.release();
    throw error;
  }
}
