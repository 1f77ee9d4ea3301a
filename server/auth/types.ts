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

/** Hono's per-request variables. `token`: the request came with a personal access token (on /ogc and /tiles only). */
export interface AppEnv {
  Variables: { user: SessionUser | null; sessionHash: string | null; token: { id: number; scope: 'read' | 'read_write' } | null };
}
