import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Db, Queryable } from './types.ts';

const MIGRATIONS_DIR = new URL('../../data/migrations/', import.meta.url).pathname;

/**
 * A migration that needs a rule of core/ as well as SQL (e.g. a parcel's events derived from its ledger fields by
 * core/parcel-life, the one owner of that rule): a module NNN_name.ts whose default export runs in the migration's
 * transaction.
 */
export type CodeMigration = (tx: Queryable) => Promise<void>;

/**
 * Applies the versioned migrations in data/migrations (NNN_name.sql, or NNN_name.ts for a CodeMigration) that this
 * database has not seen, each in its own transaction, in order — all of them, or those numbered up to `upTo` (the
 * migration test builds yesterday's schema that way). Safe to re-run, and safe when two servers start at once on
 * PostgreSQL (advisory lock).
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR, options: { upTo?: number } = {}): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[\w-]+\.(sql|ts)$/.test(f)).sort()
    .filter((f) => options.upTo === undefined || Number(f.slice(0, 3)) <= options.upTo);
  const applied: string[] = [];
  for (const file of files) {
    const version = Number(file.slice(0, 3));
    const run: CodeMigration = file.endsWith('.ts')
      ? ((await import(pathToFileURL(join(dir, file)).href)) as { default: CodeMigration }).default
      : async (tx) => tx.exec(await readFile(join(dir, file), 'utf8'));
    const done = await db.transaction(async (tx) => {
      if (db.kind === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7007001)');
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [version]);
      if (seen.length) return false;
      await run(tx);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, file]);
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
}
