/**
 * Backups: npm run backup → wipe → npm run restore gives back the same ledger (a fingerprint: counts of parcels,
 * history, disposals and accounts, the sum of versions, the data version, an md5 over codes, ledger mu and
 * boundaries). On the embedded run through PGlite's data-directory dump; on the PostgreSQL run through pg_dump's
 * custom format. Each run checks its own database's kind; the other kind's tests are skipped, saying why.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { fingerprintLines, ledgerFingerprint, type LedgerFingerprint } from '../../server/backup/fingerprint.ts';
import { listBackups } from '../../server/backup/files.ts';
import { PgliteDb } from '../../server/db/pglite.ts';
import { PostgresDb } from '../../server/db/postgres.ts';
import type { Db } from '../../server/db/types.ts';
import { templateDb, withDatabase } from '../support/pg-url.ts';
import { runScript } from '../support/run-script.ts';
import { startServerProcess } from '../support/server-process.ts';
import { DEMO_PASSWORDS, signIn } from '../support/session.ts';

const source = inject('database');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Changes the ledger past the demo's state, so the backup has something of its own to keep: an edit and a disposal. */
async function changeLedger(db: Db): Promise<void> {
  const [parcel] = await db.query<{ id: number }>('SELECT id FROM parcels ORDER BY id DESC LIMIT 1');
  await db.query(`UPDATE parcels SET remarks = '备份测试', ledger_mu = ledger_mu + 0.5, version = version + 1 WHERE id = $1`, [parcel!.id]);
  await db.query(`INSERT INTO disposal_records (parcel_id, date, mu, method) VALUES ($1, '2021-09-30', 0.25, '供应')`, [parcel!.id]);
}

/** The lines `--check` and `restore` print for a fingerprint, each of which must appear in their output. */
const expectPrinted = (output: string, f: LedgerFingerprint) => {
  for (const line of fingerprintLines(f)) expect(output).toContain(line);
};

describe.skipIf(source.kind !== 'pglite')('embedded database (skipped on the PostgreSQL run: no embedded data directory there)', () => {
  let root: string;
  let dataDir: string;
  let backupDir: string;
  const env = () => ({ DATABASE_URL: '', PANHUO_DATA_DIR: dataDir, PANHUO_BACKUP_DIR: backupDir });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'panhuo-backup-'));
    dataDir = join(root, 'data');
    backupDir = join(root, 'backups');
    if (source.kind !== 'pglite') return;
    const db = await PgliteDb.open({ dataDir, loadDataDir: new Blob([await readFile(source.tarball)]) });
    await changeLedger(db);
    await db.close();
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('backup → wipe → restore: the same ledger; a non-empty directory is refused without --force', async () => {
    const live = await PgliteDb.open({ dataDir });
    const before = await ledgerFingerprint(live);
    await live.close();
    expect(before.disposals).toBeGreaterThan(0);

    const backup = await runScript('backup.ts', env());
    expect(backup.code, backup.output).toBe(0);
    const [file] = await listBackups(backupDir);
    expect(file?.kind).toBe('embedded');
    expect(backup.output).toContain(file!.path);

    const check = await runScript('backup.ts', env(), '--check', file!.path);
    expect(check.code, check.output).toBe(0);
    expectPrinted(check.output, before);

    await rm(dataDir, { recursive: true });
    const restored = await runScript('restore.ts', env(), file!.path);
    expect(restored.code, restored.output).toBe(0);
    expectPrinted(restored.output, before);
    expect(await readdir(dataDir)).not.toContain('panhuo.lock');
    const reopened = await PgliteDb.open({ dataDir });
    expect(await ledgerFingerprint(reopened)).toEqual(before);
    await reopened.close();

    const again = await runScript('restore.ts', env(), file!.path);
    expect(again.code).toBe(3);
    expect(again.output).toContain('不是空的');
    expect(again.output).toContain('--force');
  }, 240_000);

  it('the running server backs up by itself, keeps PANHUO_BACKUP_DAYS days, and the script defers to it', async () => {
    // Ten days old, with a 7-day setting: pruned. A file not named like a backup: left alone.
    const old = join(backupDir, 'panhuo-20200101T000000Z.tar.gz');
    await writeFile(old, 'old');
    await writeFile(join(backupDir, 'notes.txt'), 'mine');
    const newestBefore = (await listBackups(backupDir))[0]!;
    // The newest backup is from a moment ago: a server starting now would skip its backup for a day. Make it look a day old.
    await rm(newestBefore.path);
    const server = await startServerProcess({ ...env(), PANHUO_DEMO: 'false', PANHUO_BACKUP_DAYS: '7' });
    try {
      let backups = await listBackups(backupDir);
      for (let waited = 0; waited < 60_000 && !backups.some((b) => Date.now() - b.takenAt.getTime() < 120_000); waited += 500) {
        await pause(500);
        backups = await listBackups(backupDir);
      }
      expect(backups.map((b) => b.name)).not.toContain('panhuo-20200101T000000Z.tar.gz');
      expect(backups).toHaveLength(1);
      expect(await readdir(backupDir)).toContain('notes.txt');
      // The daily one is whole: it opens and holds the ledger.
      const check = await runScript('backup.ts', env(), '--check', backups[0]!.path);
      expect(check.code, check.output).toBe(0);

      const refused = await runScript('backup.ts', env());
      expect(refused.code).toBe(3);
      expect(refused.output).toContain(`进程号 ${server.child.pid}`);
      expect(refused.output).toContain(backupDir);
      expect(refused.output).toContain('POST /api/admin/backups');

      await pause(1100); // backups are named to the second
      const admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
      const made = await admin.request('POST', '/api/admin/backups');
      expect(made.status).toBe(201);
      expect(made.body.backups.map((b: { name: string }) => b.name)).toContain(made.body.created);
      expect(made.body.keepDays).toBe(7);
      const leader = await signIn(server.url, 'leader', DEMO_PASSWORDS.leader!);
      expect((await leader.request('POST', '/api/admin/backups')).status).toBe(403);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 240_000);
});

describe.skipIf(source.kind !== 'postgres')('PostgreSQL (skipped on the embedded run: no DATABASE_URL)', () => {
  let url: string;
  let name: string;
  let backupDir: string;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: source.kind === 'postgres' ? source.url : '' });
    await client.connect();
    await client.query(sql);
    await client.end();
  };

  beforeAll(async () => {
    if (source.kind !== 'postgres') return;
    name = `panhuo_test_${randomBytes(6).toString('hex')}`;
    url = withDatabase(source.url, name);
    await admin(`CREATE DATABASE ${name} TEMPLATE ${templateDb(source.url)}`);
    backupDir = await mkdtemp(join(tmpdir(), 'panhuo-backup-'));
  });
  afterAll(async () => {
    if (source.kind !== 'postgres') return;
    await admin(`DROP DATABASE IF EXISTS ${name}`);
    await rm(backupDir, { recursive: true, force: true });
  });

  it('pg_dump → wipe → pg_restore: the same ledger; a non-empty database is refused without --force', async () => {
    const live = await PostgresDb.open(url);
    await changeLedger(live);
    const before = await ledgerFingerprint(live);
    await live.close();

    const env = { DATABASE_URL: url, PANHUO_BACKUP_DIR: backupDir };
    const backup = await runScript('backup.ts', env);
    expect(backup.code, backup.output).toBe(0);
    const [file] = await listBackups(backupDir);
    expect(file?.kind).toBe('postgres');

    const check = await runScript('backup.ts', env, '--check', file!.path);
    expect(check.code, check.output).toBe(0);
    expect(check.output).toContain(`地块：${before.parcels} 行`);
    expect(check.output).toContain(`历史记录：${before.history} 行`);
    expect(check.output).toContain(`处置记录：${before.disposals} 行`);

    await admin(`DROP DATABASE ${name}`);
    await admin(`CREATE DATABASE ${name}`);
    const restored = await runScript('restore.ts', env, file!.path);
    expect(restored.code, restored.output).toBe(0);
    expectPrinted(restored.output, before);
    const reopened = await PostgresDb.open(url);
    expect(await ledgerFingerprint(reopened)).toEqual(before);
    await reopened.close();

    const again = await runScript('restore.ts', env, file!.path);
    expect(again.code).toBe(3);
    expect(again.output).toContain('不是空的');
    const forced = await runScript('restore.ts', env, file!.path, '--force');
    expect(forced.code, forced.output).toBe(0);
    expectPrinted(forced.output, before);
  }, 240_000);
});
