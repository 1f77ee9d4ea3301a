import pg from 'pg';
import { Availability, isDatabaseAway } from './availability.ts';
import { PastDeadline, requestDeadline } from './request-deadline.ts';
import { TEXT_KEPT_TYPES, type Db, type Queryable } from './types.ts';

const textKept = new Set<number>(Object.values(TEXT_KEPT_TYPES));
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    textKept.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** While the database is away, how often it is asked whether it is back: recovery is seen within this. */
const PROBE_MS = 500;
/** A connection attempt that hangs (a host gone from the network rather than refusing) counts as away after this. */
const CONNECT_TIMEOUT_MS = 3000;

export class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  readonly availability = new Availability();
  private probing = false;
  private closed = false;
  private readonly changeListeners = new Set<() => void>();
  /** The one connection of this process that LISTENs for data changes (a pool's connections come and go). */
  private listening: pg.Client | null = null;
  /** The connection that cancels statements of requests past their deadline (cancelBackend). */
  private canceller: Promise<pg.Client> | null = null;

  private constructor(private readonly pool: pg.Pool, private readonly connectionString: string) {
    // pg emits 'error' on the pool when the server ends an idle connection (restart, failover, administrator); with no
    // listener Node ends the whole process. The broken client has already left the pool; note the outage.
    pool.on('error', (error) => this.failed(error));
  }

  static async open(connectionString: string): Promise<PostgresDb> {
    // JIT off: our queries are short scans and aggregates whose cost estimates over 100k parcels cross jit_above_cost,
    // and compiling them took 4.6 s of a 7 s warnings count on this machine (EXPLAIN ANALYZE), for nothing gained.
    const pool = new pg.Pool({ connectionString, max: 8, types, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, options: '-c jit=off' });
    const db = new PostgresDb(pool, connectionString);
    // Fail at start, with the driver's reason, rather than at the first request.
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      await db.close();
      throw error;
    }
    return db;
  }

  query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.watched(() => this.withClient(async (client) => (await client.query(sql, params as unknown[])).rows as T[]));
  }

  exec(sql: string): Promise<void> {
    return this.watched(() => this.withClient(async (client) => void (await client.query(sql))));
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.watched(() =>
      this.withClient(async (client, beforeStatement, broke) => {
        await client.query('BEGIN');
        try {
          // One connection runs one statement at a time: statements issued together (Promise.all inside a transaction)
          // are queued here, in order, rather than handed to pg at once (deprecated there, an error in pg 9).
          let queue: Promise<unknown> = Promise.resolve();
          const inTurn = <R>(run: () => Promise<R>): Promise<R> => {
            const guarded = () => (beforeStatement(), run());
            const turn = queue.then(guarded, guarded);
            queue = turn.catch(() => {});
            return turn;
          };
          const result = await fn({
            query: <R>(sql: string, params: readonly unknown[] = []) => inTurn(async () => (await client.query(sql, params as unknown[])).rows as R[]),
            exec: (sql: string) => inTurn(async () => void (await client.query(sql))),
          });
          await client.query('COMMIT');
          return result;
        } catch (error) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            broke(rollbackError as Error);
          }
          throw error;
        }
      }),
    );
  }

  /**
   * Runs work on a connection of the pool, within the request's deadline (request-deadline.ts): past it, the statement
   * running is cancelled (pg_cancel_backend on a connection of its own, so a pool held by slow statements can still
   * cancel them) and no new one starts. The connection goes back to the pool only after the cancel has landed, so it
   * can never cancel the next request's statement. A checked-out client has no listener of the pool's: a connection
   * ended mid-work would emit an unhandled 'error' and end the process. The listener goes on in the pool's callback,
   * not after an await: the message that ends the connection can arrive in the same read as the one that made it
   * ready, before any promise continues (seen in the fault test). The server rolls back a transaction whose
   * connection ends, so a write cut off before COMMIT reached it is not there at all; one cut off during COMMIT may
   * be, and its version says so.
   */
  private async withClient<T>(
    work: (client: pg.PoolClient, beforeStatement: () => void, broke: (error: Error) => void) => Promise<T>,
  ): Promise<T> {
    const signal = requestDeadline();
    const beforeStatement = () => {
      if (signal?.aborted) throw new PastDeadline();
    };
    beforeStatement();
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    const client = await new Promise<pg.PoolClient>((resolve, reject) =>
      this.pool.connect((error, connected) => {
        if (error || !connected) return reject(error ?? new Error('pg pool gave no client'));
        connected.on('error', onError);
        resolve(connected);
      }),
    );
    let cancelled: Promise<void> | undefined;
    // processID: the server process of this connection, known to pg from the start-up but not in its types.
    const onAbort = () => void (cancelled = this.cancelBackend((client as unknown as { processID: number }).processID));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await work(client, beforeStatement, onError);
    } catch (error) {
      if (isDatabaseAway(error)) broken ??= error as Error;
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await cancelled;
      client.removeListener('error', onError);
      // A client whose connection failed is destroyed rather than handed to the next request.
      client.release(broken);
    }
  }

  private connectCanceller(): Promise<pg.Client> {
    // query_timeout: a cancel that cannot get through (the network gone) must not keep its connection from the pool.
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: CONNECT_TIMEOUT_MS });
    const connecting = client.connect().then(() => client);
    client.on('error', () => {
      if (this.canceller === connecting) this.canceller = null;
    });
    return connecting;
  }

  /** Cancels what a server process is running, over the one connection kept for it (made again if it was lost). */
  private async cancelBackend(pid: number): Promise<void> {
    try {
      this.canceller ??= this.connectCanceller();
      await (await this.canceller).query('SELECT pg_cancel_backend($1)', [pid]);
    } catch {
      // The database is away or the canceller broke: the statement ends with its connection anyway.
      this.canceller = null;
    }
  }

  onDataChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    void this.listen();
    return () => void this.changeListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    const listening = this.listening;
    this.listening = null;
    const canceller = this.canceller;
    this.canceller = null;
    await Promise.all([this.pool.end(), listening?.end().catch(() => {}), canceller?.then((c) => c.end()).catch(() => {})]);
  }

  /**
   * LISTEN panhuo_data on a connection of its own, so an edit committed through any Panhuo process reaches this
   * process's event streams at once. Lost with the database, it is made again after a pause until it holds.
   */
  private async listen(): Promise<void> {
    if (this.listening || this.closed || !this.changeListeners.size) return;
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    this.listening = client;
    client.on('notification', () => this.changeListeners.forEach((listener) => listener()));
    client.on('error', () => this.stopListening(client));
    client.on('end', () => this.stopListening(client));
    try {
      await client.connect();
      await client.query('LISTEN panhuo_data');
    } catch {
      this.stopListening(client);
    }
  }

  private stopListening(client: pg.Client): void {
    if (this.listening !== client) return;
    this.listening = null;
    void client.end().catch(() => {});
    // A change made while nobody listened would go unheard: the listeners look for themselves once.
    this.changeListeners.forEach((listener) => listener());
    if (!this.closed) setTimeout(() => void this.listen(), PROBE_MS).unref();
  }

  /** Runs one piece of database work, keeping `availability` in step with what it met. */
  private async watched<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.availability.markUp();
      return result;
    } catch (error) {
      this.failed(error);
      throw error;
    }
  }

  private failed(error: unknown): void {
    if (!isDatabaseAway(error) || this.closed) return;
    this.availability.markDown(error);
    void this.probe();
  }

  /**
   * Asks the database whether it is back until it is, so recovery is noticed (and told to the wall) even when no
   * request comes. The pool itself reconnects: broken clients are gone, new ones connect on demand.
   */
  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      while (!this.closed && this.availability.state.state === 'down') {
        await new Promise((resolve) => setTimeout(resolve, PROBE_MS).unref());
        if (this.closed) break;
        try {
          await this.pool.query('SELECT 1');
          this.availability.markUp();
        } catch {
          // Still away: try again after the pause.
        }
      }
    } finally {
      this.probing = false;
    }
  }
}
