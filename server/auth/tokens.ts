/**
 * Personal access tokens (个人访问令牌) for GIS clients. A token is 32 random bytes: SHA-256 is the right hash for it
 * (argon2's slowness protects guessable passwords; nothing guesses 256 random bits) and keeps the per-request check to
 * one indexed lookup.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/types.ts';
import type { SessionUser } from './types.ts';

export const TOKEN_SCOPES = ['read', 'read_write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const TOKEN_SCOPE_LABELS: Record<TokenScope, string> = { read: '只读', read_write: '读写' };
/** A token lives at most a year; a forgotten one must not work for ever. */
export const TOKEN_MAX_DAYS = 366;
const PREFIX = 'phk_';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface TokenInfo {
  id: number;
  name: string;
  prefix: string;
  scope: TokenScope;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const iso = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const INFO = `id, name, prefix, scope, ${iso('created_at')} AS "createdAt", ${iso('expires_at')} AS "expiresAt",
  ${iso('last_used_at')} AS "lastUsedAt", ${iso('revoked_at')} AS "revokedAt"`;

/** Creates a token; the token itself is returned only here. */
export async function createToken(db: Queryable, userId: number, input: { name: string; scope: TokenScope; days: number }): Promise<{ token: string; info: TokenInfo }> {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  const [info] = await db.query<TokenInfo>(
    `INSERT INTO access_tokens (user_id, name, token_hash, prefix, scope, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(days => $6)) RETURNING ${INFO}`,
    [userId, input.name, hash(token), token.slice(0, PREFIX.length + 6), input.scope, input.days],
  );
  return { token, info: info! };
}

export function listTokens(db: Queryable, userId: number): Promise<TokenInfo[]> {
  return db.query<TokenInfo>(`SELECT ${INFO} FROM access_tokens WHERE user_id = $1 ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC`, [userId]);
}

/** Revokes one of the user's own tokens; false when they have no such live token. */
export async function revokeToken(db: Queryable, userId: number, id: number): Promise<boolean> {
  const rows = await db.query('UPDATE access_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id', [id, userId]);
  return rows.length > 0;
}

export interface TokenUser {
  user: SessionUser;
  token: { id: number; scope: TokenScope };
}

/**
 * The user of a live token (not revoked, not expired, account not disabled), or null. With HTTP Basic the user name
 * must be the token owner's. Marks the token used, at most once a minute (a GIS client sends many requests).
 */
export async function tokenUser(db: Queryable, token: string, username: string | null = null): Promise<TokenUser | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const [row] = await db.query<SessionUser & { tokenId: number; scope: TokenScope; stale: boolean }>(
    `SELECT u.id, u.username, u.display_name AS "displayName", u.role, '' AS "csrfToken",
       COALESCE((SELECT array_agg(uu.unit_id ORDER BY uu.unit_id) FROM user_units uu WHERE uu.user_id = u.id), '{}') AS "unitIds",
       t.id AS "tokenId", t.scope, (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS stale
     FROM access_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND NOT u.disabled AND ($2::text IS NULL OR u.username = $2)`,
    [hash(token), username],
  );
  if (!row) return null;
  const { tokenId, scope, stale, ...user } = row;
  if (stale) await db.query('UPDATE access_tokens SET last_used_at = now() WHERE id = $1', [tokenId]);
  return { user, token: { id: tokenId, scope } };
}

/** The token an Authorization header carries (Bearer, or Basic with the token as password), or null for none. */
export function tokenFromHeader(header: string | undefined): { token: string; username: string | null } | null {
  if (!header) return null;
  const [scheme, value] = header.trim().split(/\s+/, 2);
  if (!value) return null;
  if (scheme!.toLowerCase() === 'bearer') return { token: value, username: null };
  if (scheme!.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    return { token: decoded.slice(colon + 1), username: decoded.slice(0, colon).trim().toLowerCase() };
  }
  return null;
}
