/**
 * The one database interface all server code uses. Two implementations: embedded PGlite + PostGIS, and real
 * PostgreSQL + PostGIS through `pg`. Both return the same JavaScript values: dates and timestamps as ISO text,
 * int4 and float8 as numbers, json as objects (so SQL should cast counts to int and areas to float8).
 */

import type { Availability } from './availability.ts';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Whether the database answers, and since when (the embedded one always does). */
  readonly availability: Availability;
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` soon after any committed change of the data version (the version trigger NOTIFYs panhuo_data),
   * in every process on the database; also when the signal may have been missed, so a listener re-reads the version
   * rather than trusting silence. Returns the unsubscribe.
   */
  onDataChange(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Type OIDs whose text form we keep as text, so both drivers agree (no Date objects, no time-zone shifts). */
export const TEXT_KEPT_TYPES = { date: 1082, timestamp: 1114, timestamptz: 1184 } as const;
