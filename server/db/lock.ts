import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * One process owns the embedded database. PGlite keeps no lock of its own: a second process (the user script while
 * the server runs) would open the same files, and whichever closes last overwrites the other's changes. So whoever
 * opens a data directory first writes this file into it, with its process id; everyone else refuses while that
 * process lives. A lock left by a process that died (kill -9, a crash) is taken over.
 */
export const LOCK_FILE = 'panhuo.lock';

export interface LockHolder {
  pid: number;
  /** ISO time it took the lock. */
  since: string;
  /** What it runs (the server, the user script, a backup), as its command line. */
  command: string;
}

export class DataDirLocked extends Error {
  constructor(readonly dataDir: string, readonly holder: LockHolder) {
    super(`内置数据库 ${dataDir} 正被另一个进程使用（进程号 ${holder.pid}，${holder.since} 起：${holder.command}），同一时间只能由一个进程打开`);
  }
}

export interface DataDirLock {
  /** Writes the lock again (after something replaced the directory's files, e.g. a restore from a backup). */
  reassert(): Promise<void>;
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user; only ESRCH means gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    return Number.isInteger(value.pid) ? { pid: value.pid!, since: String(value.since ?? ''), command: String(value.command ?? '') } : null;
  } catch {
    return null;
  }
}

/** The live process holding `dataDir`, or null when nobody does (no lock file, or a stale one). */
export async function lockHolder(dataDir: string): Promise<LockHolder | null> {
  const text = await readFile(join(dataDir, LOCK_FILE), 'utf8').catch(() => null);
  const holder = text === null ? null : parseHolder(text);
  return holder && alive(holder.pid) ? holder : null;
}

/** Takes the lock of `dataDir` for this process, or throws DataDirLocked naming the process that has it. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const dir = resolve(dataDir);
  const path = join(dir, LOCK_FILE);
  await mkdir(dir, { recursive: true });
  const mine: LockHolder = { pid: process.pid, since: new Date().toISOString(), command: process.argv.slice(1).join(' ') };
  const content = `${JSON.stringify(mine)}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      // 'wx' fails if the file exists: of two processes starting at once, one gets it.
      await writeFile(path, content, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
      const holder = parseHolder(await readFile(path, 'utf8').catch(() => ''));
      if (holder && alive(holder.pid)) throw new DataDirLocked(dir, holder);
      // Stale (its process is gone) or unreadable (cut off while being written): take it over.
      await unlink(path).catch(() => {});
    }
  }
  // A process that exits without closing (an uncaught error) leaves no lock behind either.
  const onExit = () => {
    try {
      if (parseHolder(readFileSync(path, 'utf8'))?.pid === process.pid) unlinkSync(path);
    } catch {
      // Already gone.
    }
  };
  process.once('exit', onExit);
  return {
    reassert: () => writeFile(path, content),
    release: async () => {
      process.removeListener('exit', onExit);
      await unlink(path).catch(() => {});
    },
  };
}
