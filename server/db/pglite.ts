import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { Availability } from './availability.ts';
import type { DataDirLock } from './lock.ts';
import { TEXT_KEPT_TYPES, type Db, type Queryable } from './types.ts';

const keepText = (value: string) => value;
const parsers = Object.fromEntries(Object.values(TEXT_KEPT_TYPES).map((oid) => [oid, keepText]));

export interface PgliteOptions {
  /** A directory to persist in; omitted for an in-memory database. */
  dataDir?: string;
  /** A data directory dumped with dumpDataDir(), to start from (tests copy one template this way). */
  loadDataDir?: Blob;
  /** The lock of dataDir this process holds (see lock.ts); released on close. */
  lock?: DataDirLock;
}

export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  /** In the same process: it cannot go away while the server runs, so it stays "up". */
  readonly availability = new Availability();
  private readonly changeListeners = new Set<() => void>();
  private listening: Promise<unknown> | null = null;
  private constructor(readonly pg: PGlite, private readonly lock: DataDirLock | null) {}

  static async open(options: PgliteOptions = {}): Promise<PgliteDb> {
    const pg = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { postgis },
      parsers,
    });
    // A data directory loaded from a dump carries the lock file of the process that made the dump: write ours back.
    if (options.loadDataDir) await options.lock?.reassert();
    return new PgliteDb(pg, options.lock ?? null);
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

  onDataChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    // PGlite delivers NOTIFY to its own process, which is all there is: one subscription, shared.
    this.listening ??= this.pg.listen('panhuo_data', () => this.changeListeners.forEach((l) => l()));
    return () => void this.changeListeners.delete(listener);
  }

  /**
   * The whole database as a tarball, to be opened again with `loadDataDir`. Taken after a checkpoint, while no other
   * transaction (PGlite's transaction lock) nor query (its query lock) runs, so the files hold one committed state.
   */
  async dump(compression: 'none' | 'gzip' = 'none'): Promise<Blob> {
    await this.pg.exec('CHECKPOINT');
    return this.pg.transaction(() => this.pg.runExclusive(() => this.pg.dumpDataDir(compression)));
  }

  async close(): Promise<void> {
    await this.pg.close();
    await this.lock?.release();
  }
}
