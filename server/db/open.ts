import type { Env } from '../env.ts';
import { lockDataDir } from './lock.ts';
import { PgliteDb } from './pglite.ts';
import { PostgresDb } from './postgres.ts';
import { RoutedDb } from './replicas.ts';
import type { Db } from './types.ts';

/**
 * Opens the database the environment chooses: PostgreSQL when DATABASE_URL is set, else embedded PGlite, whose data
 * directory this process then holds alone (lock.ts): a second opener gets DataDirLocked until it is closed.
 * With DATABASE_REPLICA_URLS, GET requests may read from those streaming replicas (replicas.ts). `loadDataDir` starts the embedded directory from a dump (a restore).
 */
export async function openDb(
  env: Pick<Env, 'databaseUrl' | 'dataDir'> & Partial<Pick<Env, 'databaseReplicaUrls'>>,
  options: { loadDataDir?: Blob } = {},
): Promise<Db> {
  if (env.databaseUrl) {
    const primary = await PostgresDb.open(env.databaseUrl);
    if (!env.databaseReplicaUrls?.length) return primary;
    // A replica that does not answer at start is an error, as the primary is: a typo should not pass for "no replicas".
    const replicas = await Promise.all(env.databaseReplicaUrls.map((url) => PostgresDb.open(url))).catch(async (error) => {
      await primary.close();
      throw error;
    });
    return new RoutedDb(primary, replicas);
  }
  const lock = await lockDataDir(env.dataDir);
  try {
    return await PgliteDb.open({ dataDir: env.dataDir, lock, ...options });
  } catch (error) {
    await lock.release();
    throw error;
  }
}
