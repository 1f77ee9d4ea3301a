import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { Availability } from './availability.ts';
import { TEXT_KEPT_TYPES, type Db, type Queryable } from './types.ts';

const keepText = (value: string) => value;
const parsers = Object.fromEntries(Object.values(TEXT_KEPT_TYPES).map((oid) => [oid, keepText]));

export interface PgliteOptions {
  /** A directory to persist in; omitted for an in-memory database. */
  dataDir?: string;
  /** A data directory dumped with dumpDataDir(), to start from (tests copy one template this way). */
  loadDataDir?: Blob;
}

export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  /** In the same process: it cannot go away while the server runs, so it stays "up". */
  readonly availability = new Availability();
  private constructor(readonly pg: PGlite) {}

  static async open(options: PgliteOptions = {}): Promise<PgliteDb> {
    const pg = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { postgis },
      parsers,
    });
    return new PgliteDb(pg);
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.pg.query<T>(sql, params as unknown[])).rows;
  }

  async exec(sql: string): Promise<void> {
    await this.pg.exec(sql);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction((tx) =>
      fn({
        query: async <R>(sql: string, params: readonly unknown[] = []) => (await tx.query<R>(sql, params as unknown[])).rows,
        exec: async (sql: string) => void (await tx.exec(sql)),
      }),
    );
  }

  /** The whole database as a tarball, to be opened again with `loadDataDir`. */
  dump(): Promise<Blob> {
    return this.pg.dumpDataDir('none');
  }

  close(): Promise<void> {
    return this.pg.close();
  }
}
