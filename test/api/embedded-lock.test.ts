/**
 * One process owns the embedded database: while a server runs on a data directory, `npm run user` (and a second
 * server) refuse with a message naming the process, and change nothing; once it stops, the script works. A lock left
 * by a process that died is taken over.
 *
 * Embedded only: on PostgreSQL the database server arbitrates between processes, and the suite's DATABASE_URL run
 * has no embedded data directory to lock.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { LOCK_FILE } from '../../server/db/lock.ts';
import { PgliteDb } from '../../server/db/pglite.ts';
import { runScript } from '../support/run-script.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';

const source = inject('database');
const skipReason = source.kind === 'pglite' ? null : 'the lock guards the embedded data directory; this run uses PostgreSQL (DATABASE_URL)';
if (skipReason) console.info(`embedded-lock.test.ts skipped: ${skipReason}`);

const NEW_PASSWORD = 'lock-test-new-password';

/** `npm run user -- …` on `dataDir`. */
const userScript = (dataDir: string, ...args: string[]) => runScript('user.ts', { DATABASE_URL: '', PANHUO_DATA_DIR: dataDir }, ...args);

async function signInStatus(url: string, password: string): Promise<number> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
  return response.status;
}

describe.skipIf(skipReason !== null)('the embedded database has one owner', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  const startServer = () => startServerProcess({ DATABASE_URL: '', PANHUO_DATA_DIR: dataDir, PANHUO_DEMO: 'false', PANHUO_BACKUP_DAYS: '0' });

  beforeAll(async () => {
    // A data directory of its own, started from the run's demo database (its accounts have the demo passwords).
    dataDir = await mkdtemp(join(tmpdir(), 'panhuo-lock-'));
    if (source.kind !== 'pglite') return;
    const db = await PgliteDb.open({ dataDir, loadDataDir: new Blob([await readFile(source.tarball)]) });
    await db.close();
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('while the server runs, npm run user -- passwd refuses, names the server and changes nothing', async () => {
    server = await startServer();
    const lock = JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8'));
    expect(lock.pid).toBe(server.child.pid);

    const refused = await userScript(dataDir, 'passwd', 'admin', '--password', NEW_PASSWORD);
    expect(refused.code).toBe(3);
    expect(refused.output).toContain('拒绝执行');
    expect(refused.output).toContain(`进程号 ${server.child.pid}`);
    expect(refused.output).toContain('请先停止盘活服务');
    // Nothing changed: the old password still signs in, the new one does not.
    expect(await signInStatus(server.url, DEMO_PASSWORDS.admin!)).toBe(200);
    expect(await signInStatus(server.url, NEW_PASSWORD)).toBe(401);
  }, 180_000);

  it('a second server on the same directory refuses to start', async () => {
    await expect(startServer()).rejects.toThrow(/内置数据库 .* 正被另一个进程使用/);
  });

  it('once the server stops, the script works and the server starts with the change', async () => {
    expect(await server!.stop()).toBe(0);
    server = undefined;
    await expect(readFile(join(dataDir, LOCK_FILE))).rejects.toThrow(/ENOENT/);
    const done = await userScript(dataDir, 'passwd', 'admin', '--password', NEW_PASSWORD);
    expect(done.output).toContain('已修改 admin 的密码');
    expect(done.code).toBe(0);
    server = await startServer();
    expect(await signInStatus(server.url, NEW_PASSWORD)).toBe(200);
    expect(await signInStatus(server.url, DEMO_PASSWORDS.admin!)).toBe(401);
    await server.stop();
    server = undefined;
  }, 180_000);

  it('a lock left by a process that died is taken over', async () => {
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    await writeFile(join(dataDir, LOCK_FILE), JSON.stringify({ pid: dead.pid, since: new Date().toISOString(), command: 'killed' }));
    const listed = await userScript(dataDir, 'list');
    expect(listed.code).toBe(0);
    expect(listed.output).toMatch(/^admin\tadmin/m);
    await expect(readFile(join(dataDir, LOCK_FILE))).rejects.toThrow(/ENOENT/);
  });
});
