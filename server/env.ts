import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The server's configuration, parsed once from the environment; nothing else reads process.env. */

export interface Env {
  port: number;
  host: string;
  /** Real PostgreSQL + PostGIS when set; otherwise the embedded PGlite database in dataDir. */
  databaseUrl: string | null;
  /** Streaming replicas of DATABASE_URL's server (comma-separated URLs) that may serve the reads of GET requests. */
  databaseReplicaUrls: string[];
  dataDir: string;
  /** Tianditu (天地图) key; when set, its CGCS2000 basemap is offered. */
  tiandituKey: string | null;
  /** Load the demo campaigns and parcels into an empty database. */
  demo: boolean;
  /** Let visitors read without signing in (the demo); writes always need an account. */
  publicRead: boolean;
  /** Chromium for the wall's PNG snapshot; null where none is installed (the snapshot then answers 503). */
  chromium: string | null;
  /** Where backups are written (npm run backup, and the embedded server's daily one). */
  backupDir: string;
  /** How many days of the embedded server's daily backups are kept; 0 turns the daily backup off. */
  backupDays: number;
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

function parseDays(text: string | undefined): number {
  if (text === undefined || text === '') return 7;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 0 || days > 3650) throw new Error(`PANHUO_BACKUP_DAYS must be a whole number of days from 0 (no daily backup) to 3650, not "${text}"`);
  return days;
}

function parseReplicaUrls(text: string | undefined, primary: string | undefined): string[] {
  const urls = (text ?? '').split(',').map((url) => url.trim()).filter(Boolean);
  if (urls.length && !primary) throw new Error('DATABASE_REPLICA_URLS needs DATABASE_URL (the primary the replicas follow)');
  for (const url of urls) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`DATABASE_REPLICA_URLS: "${url}" is not a postgres:// URL`);
  }
  return urls;
}

export function parseEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const demo = parseFlag('PANHUO_DEMO', env.PANHUO_DEMO, true);
  const dataDir = env.PANHUO_DATA_DIR || '.panhuo-data';
  return {
    port: parsePort(env.PORT),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || null,
    databaseReplicaUrls: parseReplicaUrls(env.DATABASE_REPLICA_URLS, env.DATABASE_URL),
    dataDir,
    tiandituKey: env.TIANDITU_KEY || null,
    demo,
    publicRead: parseFlag('PANHUO_PUBLIC_READ', env.PANHUO_PUBLIC_READ, demo),
    chromium: env.PANHUO_CHROMIUM || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null),
    // Beside the data directory, not in it: a backup must survive the data directory being wiped.
    backupDir: env.PANHUO_BACKUP_DIR || join(dirname(resolve(dataDir)), '.panhuo-backups'),
    backupDays: parseDays(env.PANHUO_BACKUP_DAYS),
    trustProxy: parseFlag('PANHUO_TRUST_PROXY', env.PANHUO_TRUST_PROXY, false),
  };
}

/** The settings of a server started by code (tests, benchmarks, scripts): any free port, nothing read from the environment. */
export const scriptEnv = (overrides: Partial<Env> = {}): Env => ({
  port: 0, host: '127.0.0.1', databaseUrl: null, databaseReplicaUrls: [], dataDir: '', tiandituKey: null, demo: false, publicRead: true, chromium: null,
  backupDir: '', backupDays: 0, trustProxy: false, ...overrides,
});
