import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/types.ts';
import type { SessionUser } from './types.ts';

/** Sessions last 12 hours from sign-in: a working day, after which the browser must sign in again. */
export const SESSION_HOURS = 12;
export const SESSION_COOKIE = 'panhuo_session';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Starts a session; returns the token for the cookie (only its hash is stored). */
export async function createSession(db: Queryable, userId: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
    [hash(token), userId, randomBytes(24).toString('base64url'), SESSION_HOURS],
  );
  return token;
}

/** The user of a live session, or null for an unknown, expired or disabled one. */
export async function sessionUser(db: Queryable, token: string): Promise<{ user: SessionUser; hash: string } | null> {
  const tokenHash = hash(token);
  const [row] = await db.query<SessionUser>(
    `SELECT u.id, u.username, u.display_name AS "displayName", u.role, s.csrf_token AS "csrfToken",
       COALESCE((SELECT array_agg(uu.unit_id ORDER BY uu.unit_id) FROM user_units uu WHERE uu.user_id = u.id), '{}') AS "unitIds"
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [tokenHash],
  );
  return row ? { user: row, hash: tokenHash } : null;
}

export async function endSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1 OR expires_at < now()', [tokenHash]);
}
