import type { Role } from '../../core/roles.ts';

/** The signed-in person, as every request handler sees them. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** Units an editor may change parcels in (empty for other roles). */
  unitIds: number[];
  csrfToken: string;
}

/** Hono's per-request variables. */
export interface AppEnv {
  Variables: { user: SessionUser | null; sessionHash: string | null };
}
