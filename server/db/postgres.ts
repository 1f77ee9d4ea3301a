import pg from 'pg';
import { TEXT_KEPT_TYPES, type Db, type Queryable } from './types.ts';

const textKept = new Set<number>(Object.values(TEXT_KEPT_TYPES));
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    textKept.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  private constructor(private readonly pool: pg.Pool) {}

  static async open(connectionString: string): Promise<PostgresDb> {
    const pool = new pg.Pool({ connectionString, max: 8, types });
    // Fail at start, with the driver's reason, rather than at the first request.
    await pool.query('SELECT 1');
    return new PostgresDb(pool);
  }

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params as unknown[])).rows as T[];
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn({
        query: async <R>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, params as unknown[])).rows as R[],
        exec: async (sql: string) => void (await client.query(sql)),
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
