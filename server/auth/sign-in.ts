import type { Queryable } from '../db/types.ts';
import { hashPassword, passwordMatches } from './passwords.ts';

/**
 * The rules of signing in. Per account: at most `perAccount` passwords checked in a window, however many requests
 * arrive at once (a try is reserved in the database before argon2 runs). Per address: failures slow the next try by
 * a growing delay, never refuse it, so the right person behind the same address (an office, a reverse proxy) still
 * gets in, only later.
 */
export const SIGN_IN_LIMITS = {
  windowMinutes: 15,
  perAccount: 5,
  /** Failures from one address in the window before its tries are slowed. */
  addressFreeFailures: 10,
  /** The first delay, doubled with each further failure, up to the cap. */
  addressDelayMs: 250,
  addressDelayCapMs: 4000,
} as const;

export type SignInReason = 'ok' | 'bad_password' | 'unknown_user' | 'account_locked';

export type SignInOutcome =
  | { ok: true; userId: number }
  | { ok: false; reason: Exclude<SignInReason, 'ok'>; userId: number | null; retryAfterSeconds?: number };

/** The delay before an address's next try, in ms: none for the first failures, then doubling to a cap. */
export function addressDelayMs(recentFailures: number): number {
  const over = recentFailures - SIGN_IN_LIMITS.addressFreeFailures;
  if (over < 0) return 0;
  return Math.min(SIGN_IN_LIMITS.addressDelayCapMs, SIGN_IN_LIMITS.addressDelayMs * 2 ** Math.min(over, 20));
}

export async function recentAddressFailures(db: Queryable, address: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM sign_in_log WHERE address = $1 AND NOT success AND at > now() - make_interval(mins => $2)`,
    [address, SIGN_IN_LIMITS.windowMinutes],
  );
  return row!.n;
}

/**
 * Reserves one try for the account in its current window (a new window once the last has passed) and answers the
 * tries used including this one, and the seconds left in the window. One statement: concurrent requests each get a
 * distinct count, so no more than the limit pass to the password check.
 */
async function reserveTry(db: Queryable, username: string): Promise<{ tries: number; secondsLeft: number }> {
  const [row] = await db.query<{ tries: number; secondsLeft: number }>(
    `INSERT INTO sign_in_tries AS t (username, window_start, tries) VALUES ($1, now(), 1)
     ON CONFLICT (username) DO UPDATE SET
       window_start = CASE WHEN t.window_start < now() - make_interval(mins => $2) THEN now() ELSE t.window_start END,
       tries = CASE WHEN t.window_start < now() - make_interval(mins => $2) THEN 1 ELSE t.tries + 1 END
     RETURNING tries, ceil(extract(epoch FROM t.window_start + make_interval(mins => $2) - now()))::int AS "secondsLeft"`,
    [username, SIGN_IN_LIMITS.windowMinutes],
  );
  return row!;
}

/** A hash of no one's password, made once: unknown users cost the same argon2 work as known ones. */
let dummyHash: Promise<string> | null = null;
const dummy = () => (dummyHash ??= hashPassword('panhuo-no-such-user-placeholder'));

/** Checks a username and password under the limits; the caller logs the outcome. */
export async function checkSignIn(db: Queryable, username: string, password: string): Promise<SignInOutcome> {
  const reserved = await reserveTry(db, username);
  if (reserved.tries > SIGN_IN_LIMITS.perAccount) return { ok: false, reason: 'account_locked', userId: null, retryAfterSeconds: Math.max(1, reserved.secondsLeft) };
  const [account] = await db.query<{ id: number; passwordHash: string }>(
    'SELECT id, password_hash AS "passwordHash" FROM users WHERE username = $1 AND NOT disabled',
    [username],
  );
  // Verified even when there is no such user (against a dummy hash), so the answer takes as long either way.
  const matches = await passwordMatches(account?.passwordHash ?? (await dummy()), password);
  if (!account) return { ok: false, reason: 'unknown_user', userId: null };
  if (!matches) return { ok: false, reason: 'bad_password', userId: account.id };
  await db.query('DELETE FROM sign_in_tries WHERE username = $1', [username]);
  return { ok: true, userId: account.id };
}

export async function logSignIn(db: Queryable, entry: { username: string; userId: number | null; address: string; reason: SignInReason }): Promise<void> {
  await db.query(
    `INSERT INTO sign_in_log (username, user_id, address, success, reason)
     VALUES ($1, $2, $3, $4, $5)`,
    [entry.username, entry.userId, entry.address, entry.reason === 'ok', entry.reason],
  );
}

export interface SignInLogEntry {
  id: number;
  at: string;
  username: string;
  displayName: string | null;
  address: string;
  success: boolean;
  reason: SignInReason;
}

/** The newest sign-ins first, optionally only failures or one username. */
export function signInLog(db: Queryable, filter: { limit: number; failuresOnly: boolean; username: string | null }): Promise<SignInLogEntry[]> {
  return db.query<SignInLogEntry>(
    `SELECT l.id::int AS id, l.at, l.username, u.display_name AS "displayName", l.address, l.success, l.reason
     FROM sign_in_log l LEFT JOIN users u ON u.id = l.user_id
     WHERE ($2::boolean IS FALSE OR NOT l.success) AND ($3::text IS NULL OR l.username = $3)
     ORDER BY l.at DESC, l.id DESC LIMIT $1`,
    [filter.limit, filter.failuresOnly, filter.username],
  );
}
