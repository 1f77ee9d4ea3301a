import { AsyncLocalStorage } from 'node:async_hooks';
import { isDatabaseAway } from './availability.ts';
import { parseLsn } from './lsn.ts';
import type { PostgresDb } from './postgres.ts';
import type { Db, Queryable } from './types.ts';

/**
 * What the request being served allows its reads: set by the read-routing middleware (server/http/read-routing.ts)
 * for the whole request, so the code that reads keeps calling `db.query` and need not know replicas exist.
 */
export interface ReadIntent {
  /** A GET whose answer may come from a streaming replica. */
  replicaOk: boolean;
  /** The caller's last write on the primary: a replica serves them only once it has replayed this far. */
  minLsn: bigint | null;
  /** Where the request's reads went ('primary' as soon as one did), for the X-Panhuo-Read header. */
  servedBy: 'replica' | 'primary' | null;
}

export const readIntent = new AsyncLocalStorage<ReadIntent>();

/**
 * Errors after which a replica's read is run again on the primary: the replica is away; the statement wrote
 * (25006 read_only_sql_transaction: a GET handler that records something); or a hot-standby conflict cancelled it
 * (40001, "conflict with recovery"). The reader never sees them.
 */
const RETRY_ON_PRIMARY = new Set(['25006', '40001']);
const retriesOnPrimary = (error: unknown) =>
  isDatabaseAway(error) || RETRY_ON_PRIMARY.has(String((error as { code?: unknown } | null)?.code ?? ''));

class Replica {
  /** The WAL position it had replayed when last asked. */
  private replayed = -1n;
  constructor(readonly db: PostgresDb) {}

  /** Whether it may serve a reader who must see everything up to `minLsn`; asks the replica only when unsure. */
  async serves(minLsn: bigint | null): Promise<boolean> {
    if (this.db.availability.state.state === 'down') return false;
    if (minLsn === null || this.replayed >= minLsn) return true;
    try {
      const [row] = await this.db.query<{ lsn: string | null }>('SELECT pg_last_wal_replay_lsn()::text AS lsn');
      this.replayed = parseLsn(row?.lsn) ?? -1n;
    } catch {
      return false;
    }
    return this.replayed >= minLsn;
  }
}

/**
 * PostgreSQL's own streaming replication, used as it is meant to be: writes, transactions and anything not marked
 * replica-safe go to the primary; the reads of a GET go to a replica that has replayed the reader's own last write
 * (read-your-writes by WAL position, carried by the reader rather than kept here, so every Panhuo process agrees), and
 * to the primary when none has. No distributed layer of our own: a replica is a plain connection pool.
 */
export class RoutedDb implements Db {
  readonly kind = 'postgres' as const;
  private readonly replicas: Replica[];
  private next = 0;

  constructor(readonly primary: PostgresDb, replicas: PostgresDb[]) {
    this.replicas = replicas.map((db) => new Replica(db));
  }

  get availability() {
    return this.primary.availability;
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const intent = readIntent.getStore();
    if (intent?.replicaOk) {
      const replica = await this.pick(intent.minLsn);
      if (replica) {
        try {
          const rows = await replica.db.query<T>(sql, params);
          intent.servedBy ??= 'replica';
          return rows;
        } catch (error) {
          if (!retriesOnPrimary(error)) throw error;
        }
      }
    }
    if (intent) intent.servedBy = 'primary';
    return this.primary.query<T>(sql, params);
  }

  exec(sql: string): Promise<void> {
    return this.primary.exec(sql);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const intent = readIntent.getStore();
    if (intent) intent.servedBy = 'primary';
    return this.primary.transaction(fn);
  }

  onDataChange(listener: () => void): () => void {
    return this.primary.onDataChange(listener);
  }

  /** The primary's WAL position now: after a write, the writer's reads must not come from a replica behind it. */
  async writePosition(): Promise<string> {
    const [row] = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    return row!.lsn;
  }

  async close(): Promise<void> {
    await Promise.all([this.primary.close(), ...this.replicas.map((replica) => replica.db.close())]);
  }

  /** The next replica in turn that may serve this reader, or null (then the primary does). */
  private async pick(minLsn: bigint | null): Promise<Replica | null> {
    for (let tried = 0; tried < this.replicas.length; tried++) {
      const replica = this.replicas[this.next++ % this.replicas.length]!;
      if (await replica.serves(minLsn)) return replica;
    }
    return null;
  }
}
