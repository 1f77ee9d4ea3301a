/**
 * Whether the database can be reached, and since when. PostgreSQL restarts, fails over or is stopped for
 * maintenance; Panhuo stays up meanwhile, answers 503 with DATABASE_AWAY_MESSAGE, says so on /api/health and to the
 * wall's event stream, and carries on by itself once the database answers again.
 */

export const DATABASE_AWAY_MESSAGE = '数据库暂时不可用，请稍后重试';

/**
 * SQLSTATEs and driver errors that mean "the database is not there right now", as opposed to a bad query:
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down),
 * 08xxx connection exceptions; ECONNREFUSED/ECONNRESET/… from the socket; pg's own messages when a connection ends.
 */
const AWAY_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const AWAY_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const AWAY_MESSAGES = [/^Connection terminated/, /^timeout exceeded when trying to connect/, /^Client has encountered a connection error and is not queryable/, /^Client was closed and is not queryable/];

/** True when `error` says the database is unreachable (down, restarting, or the connection dropped). */
export function isDatabaseAway(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (AWAY_SQLSTATES.has(code) || AWAY_SOCKET_CODES.has(code))) return true;
  if (AWAY_MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  // Node wraps several failed connection attempts (IPv4 and IPv6 for "localhost") into one AggregateError.
  return error instanceof AggregateError && error.errors.some(isDatabaseAway);
}

export interface AvailabilityState {
  state: 'up' | 'down';
  /** ISO time of the last change of state (the start, for a database that never went away). */
  since: string;
  /** Why it went down, in the driver's words (for the log and the health answer). */
  reason: string | null;
}

type Listener = (state: AvailabilityState) => void;

/** The database's current state; every change is told to the listeners (the event streams). */
export class Availability {
  private current: AvailabilityState = { state: 'up', since: new Date().toISOString(), reason: null };
  private readonly listeners = new Set<Listener>();

  get state(): AvailabilityState {
    return this.current;
  }

  markDown(error: unknown): void {
    if (this.current.state === 'down') return;
    this.set({ state: 'down', since: new Date().toISOString(), reason: error instanceof Error ? error.message : String(error) });
  }

  markUp(): void {
    if (this.current.state === 'up') return;
    this.set({ state: 'up', since: new Date().toISOString(), reason: null });
  }

  /** Calls `listener` at every change; returns the function that stops it. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(next: AvailabilityState): void {
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }
}
