import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import pg from 'pg';

/** PostgreSQL's own tools make and restore the backup: pg_dump's custom format is consistent (one snapshot) and compressed. */
const run = promisify(execFile);

export async function pgDump(url: string, path: string): Promise<void> {
  await run('pg_dump', ['--format=custom', '--file', path, url], { maxBuffer: 16 * 1024 * 1024 });
}

/** Tables of ours in the database (PostGIS's own spatial_ref_sys does not count): an empty database has none. */
export async function tableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> 'spatial_ref_sys'`,
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

/**
 * Restores a custom-format dump into the database at `url` in one transaction: all of it or, on any error, nothing.
 * `replace` drops what is there first (the caller has checked that the person asked for it).
 */
export async function pgRestore(url: string, path: string, replace: boolean): Promise<void> {
  await run('pg_restore', ['--single-transaction', '--exit-on-error', '--no-owner', ...(replace ? ['--clean', '--if-exists'] : []), '--dbname', url, path], {
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Rows per table in a custom-format dump, read from the SQL pg_restore would run (no database needed). */
export async function dumpRowCounts(path: string): Promise<Map<string, number>> {
  const child = spawn('pg_restore', ['--data-only', '--file', '-', path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const counts = new Map<string, number>();
  let table: string | null = null;
  for await (const line of createInterface({ input: child.stdout })) {
    if (table === null) {
      const copy = /^COPY (?:public\.)?(\S+) .* FROM stdin;$/.exec(line);
      if (copy) {
        table = copy[1]!;
        counts.set(table, 0);
      }
    } else if (line === '\\.') table = null;
    else counts.set(table, counts.get(table)! + 1);
  }
  const code = await exited;
  if (code !== 0) throw new Error(`pg_restore 无法读取 ${path}：${stderr.trim()}`);
  return counts;
}
