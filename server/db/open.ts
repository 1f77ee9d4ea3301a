import { mkdir } from 'node:fs/promises';
import type { Env } from '../env.ts';
import { PgliteDb } from './pglite.ts';
import { PostgresDb } from './postgres.ts';
import type { Db } from './types.ts';

/** Opens the database the environment chooses: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
export async function openDb(env: Pick<Env, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  if (env.databaseUrl) return PostgresDb.open(env.databaseUrl);
  await mkdir(env.dataDir, { recursive: true });
  return PgliteDb.open({ dataDir: env.dataDir });
}
