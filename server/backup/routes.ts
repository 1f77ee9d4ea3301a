import { Hono } from 'hono';
import type { AppEnv } from '../auth/types.ts';
import type { Db } from '../db/types.ts';
import type { Env } from '../env.ts';
import { ApiError } from '../http/errors.ts';
import { listBackups } from './files.ts';
import { takeBackup } from './take.ts';

/**
 * /api/admin/backups (admin): GET lists the backups in the backup directory; POST takes one now. With the embedded
 * database this is how a backup is made while the server runs (npm run backup refuses then: the server owns the
 * database).
 */
export function backupRoutes(db: Db, env: Pick<Env, 'databaseUrl' | 'backupDir' | 'backupDays'>) {
  const admin = (role: string | undefined) => {
    if (!role) throw new ApiError(401, 'unauthenticated', '请先登录');
    if (role !== 'admin') throw new ApiError(403, 'forbidden', '只有管理员可以查看和制作数据库备份');
  };
  const listed = async () => ({
    dir: env.backupDir,
    keepDays: db.kind === 'pglite' ? env.backupDays : null,
    backups: (await listBackups(env.backupDir)).map((f) => ({ name: f.name, takenAt: f.takenAt.toISOString(), bytes: f.bytes })),
  });
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      admin(c.get('user')?.role);
      return c.json(await listed());
    })
    .post('/', async (c) => {
      admin(c.get('user')?.role);
      const path = await takeBackup(db, env);
      return c.json({ created: path.split('/').at(-1), ...(await listed()) }, 201);
    });
}
