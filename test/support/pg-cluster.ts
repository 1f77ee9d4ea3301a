import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian keeps PostgreSQL's server binaries (the newest version installed), or null. */
function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(a) - Number(b));
  return versions.length ? join(root, versions.at(-1)!, 'bin') : null;
}

/**
 * Why a throwaway cluster cannot be started here, or null when it can: scripts/ci/pg-cluster.sh needs PostgreSQL's
 * binaries and root (it runs them as the postgres user, as CI does).
 */
export function clusterUnavailable(): string | null {
  if (!binDir()) return 'no PostgreSQL server binaries in /usr/lib/postgresql/*/bin';
  if (process.getuid?.() !== 0) return 'starting a throwaway cluster needs root (it runs initdb and pg_ctl as the postgres user)';
  return null;
}

export interface Cluster {
  /** DATABASE_URL of its database `panhuo`. */
  url: string;
  /** Where its files live (DIR/data), and its port. */
  dir: string;
  port: string;
  /** pg_ctl restart -m fast: every connection is ended (57P01), the server comes back; resolves once it accepts connections. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and leaves nothing running. */
  destroy(): Promise<void>;
}

/** A private PostgreSQL + PostGIS cluster on a free port (scripts/ci/pg-cluster.sh), so a fault test never touches anyone else's. */
export async function startCluster(): Promise<Cluster> {
  const bin = binDir()!;
  const dir = await mkdtemp(join(tmpdir(), 'pg-fault-'));
  const { stdout } = await run('scripts/ci/pg-cluster.sh', [dir]);
  const url = stdout.trim().split('\n').at(-1)!;
  const port = new URL(url).port;
  // The same options the script starts it with; -l so pg_ctl does not hand the server our pipes (execFile would wait).
  const options = `-p ${port} -k '${dir}' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const pgCtl = (args: string) => run('su', ['postgres', '-c', `${bin}/pg_ctl -D '${dir}/data' -l '${dir}/server.log' -w ${args}`]);
  return {
    url,
    dir,
    port,
    restart: async () => void (await pgCtl(`-m fast -o "${options}" restart`)),
    stop: async () => void (await pgCtl('-m fast stop')),
    start: async () => void (await pgCtl(`-o "${options}" start`)),
    destroy: async () => {
      await pgCtl('-m immediate stop').catch(() => {});
      await run('rm', ['-rf', dir]);
    },
  };
}

/**
 * A streaming replica of `primary`, as an operator makes one: `pg_basebackup -R` (copies the cluster and writes the
 * standby settings; `-c fast` so it does not wait minutes for a spread checkpoint), then started on a port of its own; hot standby, so it answers reads. `url` names the same
 * database `panhuo`. `pauseReplay`/`resumeReplay` hold it behind the primary on purpose.
 */
export interface Replica {
  url: string;
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startReplica(primary: Cluster): Promise<Replica> {
  const bin = binDir()!;
  const dir = await mkdtemp(join(tmpdir(), 'pg-replica-'));
  const port = String(await freePort());
  const asPostgres = (command: string) => run('su', ['postgres', '-c', command]);
  await run('chown', ['postgres:postgres', dir]);
  await asPostgres(`${bin}/pg_basebackup -h 127.0.0.1 -p ${primary.port} -U postgres -D '${dir}/data' -R -X stream -c fast`);
  const options = `-p ${port} -k '${dir}' -c listen_addresses=127.0.0.1 -c hot_standby=on`;
  await asPostgres(`${bin}/pg_ctl -D '${dir}/data' -l '${dir}/server.log' -w -o "${options}" start`);
  const url = `postgres://postgres@127.0.0.1:${port}/panhuo`;
  const psql = (sql: string) => asPostgres(`${bin}/psql -h 127.0.0.1 -p ${port} -U postgres -d panhuo -Atc "${sql}"`);
  return {
    url,
    pauseReplay: async () => void (await psql('SELECT pg_wal_replay_pause()')),
    resumeReplay: async () => void (await psql('SELECT pg_wal_replay_resume()')),
    stop: async () => void (await asPostgres(`${bin}/pg_ctl -D '${dir}/data' -m fast -w stop`)),
    destroy: async () => {
      await asPostgres(`${bin}/pg_ctl -D '${dir}/data' -m immediate stop`).catch(() => {});
      await run('rm', ['-rf', dir]);
    },
  };
}

/** A TCP port free right now on 127.0.0.1 (the kernel's pick, as scripts/ci/pg-cluster.sh does). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
