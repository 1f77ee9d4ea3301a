import type { Db } from '../db/types.ts';
import { PgliteDb } from '../db/pglite.ts';
import type { Env } from '../env.ts';
import { backupName, writeBackup, writeBlob } from './files.ts';
import { pgDump } from './postgres-dump.ts';

/**
 * Takes one backup of `db` into env.backupDir and returns its path. Embedded: the data directory as PGlite dumps it
 * (by the process that has it open, see PgliteDb.dump); PostgreSQL: pg_dump's custom format.
 */
export async function takeBackup(db: Db, env: Pick<Env, 'databaseUrl' | 'backupDir'>, now = new Date()): Promise<string> {
  if (db instanceof PgliteDb) return writeBackup(env.backupDir, backupName('embedded', now), writeBlob(await db.dump('gzip')));
  if (!env.databaseUrl) throw new Error('没有 DATABASE_URL，无法用 pg_dump 备份');
  const url = env.databaseUrl;
  return writeBackup(env.backupDir, backupName('postgres', now), (path) => pgDump(url, path));
}
