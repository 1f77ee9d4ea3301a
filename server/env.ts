import { existsSync } from 'node:fs';

/** The server's configuration, parsed once from the environment; nothing else reads process.env. */

export interface Env {
  port: number;
  host: string;
  /** Real PostgreSQL + PostGIS when set; otherwise the embedded PGlite database in dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  /** Tianditu (天地图) key; when set, its CGCS2000 basemap is offered. */
  tiandituKey: string | null;
  /** Load the demo campaigns and parcels into an empty database. */
  demo: boolean;
  /** Let visitors read without signing in (the demo); writes always need an account. */
  publicRead: boolean;
  /** Chromium for the wall's PNG snapshot; null where none is installed (the snapshot then answers 503). */
  chromium: string | null;
  /**
   * One reverse proxy stands in front (nginx, a load balancer): take the client's address from the last
   * X-Forwarded-For entry and HTTPS from X-Forwarded-Proto. Off by default, since anyone can send those headers.
   */
  trustProxy: boolean;
}

function parsePort(text: string | undefined): number {
  if (text === undefined || text === '') return 8787;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a whole number from 0 to 65535, not "${text}"`);
  return port;
}

function parseFlag(name: string, text: string | undefined, fallback: boolean): boolean {
  if (text === undefined || text === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(text.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(text.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, not "${text}"`);
}

export function parseEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const demo = parseFlag('PANHUO_DEMO', env.PANHUO_DEMO, true);
  return {
    port: parsePort(env.PORT),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || null,
    dataDir: env.PANHUO_DATA_DIR || '.panhuo-data',
    tiandituKey: env.TIANDITU_KEY || null,
    demo,
    publicRead: parseFlag('PANHUO_PUBLIC_READ', env.PANHUO_PUBLIC_READ, demo),
    chromium: env.PANHUO_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null),
    trustProxy: parseFlag('PANHUO_TRUST_PROXY', env.PANHUO_TRUST_PROXY, false),
  };
}
