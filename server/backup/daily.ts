import type { Db } from '../db/types.ts';
import type { Env } from '../env.ts';
import { listBackups, prune } from './files.ts';
import { takeBackup } from './take.ts';

const DAY_MS = 86_400_000;
/** How often the server looks whether a day has passed since the last backup (cheap: one directory listing). */
const CHECK_MS = 60 * 60_000;

/**
 * The embedded server's daily backup: the server owns the database (no other process may open it), so it backs it up
 * itself — at start when the newest backup is a day old or there is none, then whenever another day has passed —
 * and keeps env.backupDays days of them. Returns the function that stops it (after a backup under way has finished,
 * so the database is not closed under it).
 */
export function startDailyBackups(db: Db, env: Pick<Env, 'databaseUrl' | 'backupDir' | 'backupDays'>, log: (line: string) => void): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const check = () => {
    running = running.then(async () => {
      try {
        const [newest] = await listBackups(env.backupDir);
        const now = new Date();
        if (newest && now.getTime() - newest.takenAt.getTime() < DAY_MS) return;
        const path = await takeBackup(db, env, now);
        const removed = await prune(env.backupDir, now, env.backupDays);
        log(`已自动备份数据库：${path}${removed.length ? `（已删除 ${env.backupDays} 天前的 ${removed.length} 份）` : ''}`);
      } catch (error) {
        // A failed backup (a full disk) must not take the server down; it is said in the log and tried again later.
        log(`自动备份失败：${(error as Error).message}`);
      }
    });
  };
  check();
  const timer = setInterval(check, CHECK_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
