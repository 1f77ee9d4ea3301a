/**
 * Restores a backup made by npm run backup (or the server's daily one) into the database the environment chooses:
 *
 *   npm run restore -- FILE           # into an empty data directory (PANHUO_DATA_DIR) or an empty database (DATABASE_URL)
 *   npm run restore -- FILE --force   # replacing what is there
 *
 * A .tar.gz goes into the embedded data directory (refused while the server runs on it); a .dump into PostgreSQL,
 * all in one transaction. Prints the restored ledger's counts and checksum, to compare with `npm run backup -- --check`.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fingerprintLines, ledgerFingerprint } from '../server/backup/fingerprint.ts';
import { kindOf } from '../server/backup/files.ts';
import { pgRestore, tableCount } from '../server/backup/postgres-dump.ts';
import { DataDirLocked, LOCK_FILE, lockDataDir } from '../server/db/lock.ts';
import { PgliteDb } from '../server/db/pglite.ts';
import { PostgresDb } from '../server/db/postgres.ts';
import type { Db } from '../server/db/types.ts';
import { parseEnv } from '../server/env.ts';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
const [file] = positionals;
const env = parseEnv();

/** Ends the process: the target is not empty, or is in use. */
function refuse(message: string): never {
  console.error(`拒绝执行：${message}`);
  process.exit(3);
}

async function restoreEmbedded(file: string): Promise<Db> {
  // Held from before the check until the end, so no server starts on the directory while it is being replaced.
  const lock = await lockDataDir(env.dataDir).catch((error: unknown) => {
    if (error instanceof DataDirLocked) refuse(`${error.message}。请先停止盘活服务，再恢复`);
    throw error;
  });
  try {
    const present = (await readdir(env.dataDir)).filter((name) => name !== LOCK_FILE);
    if (present.length && !values.force) refuse(`数据目录 ${env.dataDir} 不是空的（${present.length} 项）：恢复会替换其中的数据库；确要替换，请加 --force`);
    for (const name of present) await rm(join(env.dataDir, name), { recursive: true, force: true });
    return await PgliteDb.open({ dataDir: env.dataDir, loadDataDir: new Blob([await readFile(file)]), lock });
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function restorePostgres(file: string, url: string): Promise<Db> {
  const tables = await tableCount(url);
  if (tables > 0 && !values.force) refuse(`数据库 ${new URL(url).pathname.slice(1)} 不是空的（${tables} 张表）：恢复会替换其中的数据；确要替换，请加 --force`);
  await pgRestore(url, file, tables > 0);
  return PostgresDb.open(url);
}

if (!file) {
  console.error('用法：npm run restore -- 备份文件 [--force]');
  process.exit(2);
}
try {
  const kind = kindOf(file);
  if (kind === null) throw new Error(`不认识的备份文件 ${file}：应为 .tar.gz（内置数据库）或 .dump（PostgreSQL）`);
  if (kind === 'embedded' && env.databaseUrl) throw new Error(`${file} 是内置数据库的备份，而 DATABASE_URL 指向 PostgreSQL：请去掉 DATABASE_URL 再恢复`);
  if (kind === 'postgres' && !env.databaseUrl) throw new Error(`${file} 是 PostgreSQL 的备份：请用 DATABASE_URL 指明要恢复到的（空）数据库`);
  const db = kind === 'embedded' ? await restoreEmbedded(file) : await restorePostgres(file, env.databaseUrl!);
  try {
    console.log(`已从 ${file} 恢复到 ${kind === 'embedded' ? env.dataDir : '数据库'}`);
    for (const line of fingerprintLines(await ledgerFingerprint(db))) console.log(`  ${line}`);
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(`失败：${(error as Error).message}`);
  process.exitCode = 1;
}
