import { Hono } from 'hono';
import { ROLE_LABELS } from '../../core/roles.ts';
import type { Db } from '../db/types.ts';
import { ApiError, badParameter } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { signInLog } from './sign-in.ts';
import type { AppEnv } from './types.ts';

/**
 * GET /api/admin/sign-ins?limit=&failures=1&username= — the sign-in log, newest first (admins): who, when, from which
 * address, whether it succeeded and why not.
 */
export function adminRoutes(db: Db) {
  return new Hono<AppEnv>().get('/sign-ins', async (c) => {
    const user = c.get('user');
    if (!user) throw new ApiError(401, 'unauthenticated', '请先登录');
    if (user.role !== 'admin') throw new ApiError(403, 'forbidden', `只有管理员可以查看登录记录，您的角色是${ROLE_LABELS[user.role]}`);
    const username = c.req.query('username')?.trim().toLowerCase() || null;
    if (username && username.length > 64) throw badParameter('username', '用户名不能超过 64 个字符');
    const entries = await signInLog(db, {
      limit: params.intInRange('limit', c.req.query('limit'), 1, 1000, 200),
      failuresOnly: params.flag('failures', c.req.query('failures')),
      username,
    });
    return c.json({ entries });
  });
}
