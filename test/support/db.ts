import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { PgliteDb } from '../../server/db/pglite.ts';
import { PostgresDb } from '../../server/db/postgres.ts';
import type { Db } from '../../server/db/types.ts';
import { templateDb, withDatabase } from './pg-url.ts';

export interface TestDb {
  db: Db;
  /** Closes the database and, on PostgreSQL, drops the copy. */
  dispose(): Promise<void>;
}

/** A private copy of the demo database for one test file: nothing one file writes is seen by another. */
export async function openTestDb(): Promise<TestDb> {
  const source = inject('database');
  if (source.kind === 'pglite') {
    const db = await PgliteDb.open({ loadDataDir: new Blob([await readFile(source.tarball)]) });
    return { db, dispose: () => db.close() };
  }
  const name = `panhuo_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: source.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDb(source.url)}`);
  await admin.end();
  const db = await PostgresDb.open(withDatabase(source.url, name));
  return {
    db,
    dispose: async () => {
      await db.close();
      const drop = new pg.Client({ connectionString: source.url });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name}`);
      await drop.end();
    },
  };
}
