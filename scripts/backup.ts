/**
 * Backs up the database the environment chooses into PANHUO_BACKUP_DIR (default .panhuo-backups beside the data
 * directory), or checks a backup:
 *
 *   npm run backup                    # embedded: the data directory (PGlite dump, .tar.gz); PostgreSQL: pg_dump -Fc (.dump)
 *   npm run backup -- --check FILE    # opens FILE and prints what it holds (counts; for the embedded one also the ledger's checksum)
 *
 * The embedded database can be backed up by this script only while the server is stopped; while it runs, the server
 * backs it up itself (daily, and on POST /api/admin/backups) and this script refuses.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { fingerprintLines, ledgerFingerprint } from '../server/backup/fingerprint.ts';
import { kindOf } from '../server/backup/files.ts';
import { dumpRowCounts } from '../server/backup/postgres-dump.ts';
import { takeBackup } from '../server/backup/take.ts';
import { PgliteDb } from '../server/db/pglite.ts';
import { parseEnv } from '../server/env.ts';
import { openToolDb } from './open-tool-db.ts';

const { values } = parseArgs({ options: { check: { type: 'string' } } });
const env = parseEnv();

async function check(file: string): Promise<void> {
  const kind = kindOf(file);
  if (kind === 'embedded') {
    // Opened in memory: checking a backup never touches the live data directory.
    const db = await PgliteDb.open({ loadDataDir: new Blob([await readFile(file)]) });
    try {
      console.log(`${file}：内置数据库备份，可以打开`);
      for (const line of fingerprintLines(await ledgerFingerprint(db))) console.log(`  ${line}`);
    } finally {
      await db.close();
    }
  } else if (kind === 'postgres') {
    const counts = await dumpRowCounts(file);
    console.log(`${file}：PostgreSQL 备份（pg_dump 自定义格式），可以读取，共 ${counts.size} 张表`);
    for (const [table, label] of [['parcels', '地块'], ['parcel_history', '历史记录'], ['disposal_records', '处置记录'], ['users', '账户']] as const) {
      console.log(`  ${label}：${counts.get(table) ?? 0} 行`);
    }
  } else {
    throw new Error(`不认识的备份文件 ${file}：应为 .tar.gz（内置数据库）或 .dump（PostgreSQL）`);
  }
}

try {
  if (values.check) await check(values.check);
  else {
    const db = await openToolDb(
      env,
      `盘活服务运行时由它自己备份：每天自动备份到 ${env.backupDir}（保留 ${env.backupDays} 天）；要立即备份，请管理员调用 POST /api/admin/backups，或先停止服务再运行 npm run backup`,
    );
    try {
      const path = await takeBackup(db, env);
      console.log(`已备份到 ${path}`);
      for (const line of fingerprintLines(await ledgerFingerprint(db))) console.log(`  ${line}`);
    } finally {
      await db.close();
    }
  }
} catch (error) {
  console.error(`失败：${(error as Error).message}`);
  process.exitCode = 1;
}
