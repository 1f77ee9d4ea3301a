import { Hono } from 'hono';
import type { Db } from '../db/types.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError, notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { createToken, listTokens, revokeToken, TOKEN_MAX_DAYS, TOKEN_SCOPE_LABELS, TOKEN_SCOPES, type TokenScope } from './tokens.ts';
import type { AppEnv } from './types.ts';

/**
 * GET/POST /api/auth/tokens, DELETE /api/auth/tokens/:id — a person's own personal access tokens. Browser routes:
 * the session (and, for changes, its CSRF token) is required; a token cannot make or list tokens.
 */
export function tokenRoutes(db: Db) {
  const signedIn = (user: AppEnv['Variables']['user']) => {
    if (!user) throw new ApiError(401, 'unauthenticated', '请先登录');
    return user;
  };
  return new Hono<AppEnv>()
    .get('/', async (c) => c.json({ tokens: await listTokens(db, signedIn(c.get('user')).id) }))
    .post('/', async (c) => {
      const user = signedIn(c.get('user'));
      const body = await jsonBody(c);
      if (!isRecord(body)) throw new ApiError(400, 'bad_request', '请求内容应为 JSON 对象');
      const name = typeof body.name === 'string' ? body.name.trim() : '';
      if (!name || name.length > 60) throw new ApiError(400, 'bad_request', '令牌名称（name）必填，不超过 60 个字，如“QGIS 办公室电脑”');
      const scope = body.scope ?? 'read';
      if (!TOKEN_SCOPES.includes(scope as TokenScope)) throw new ApiError(400, 'bad_request', `权限（scope）应为 ${TOKEN_SCOPES.map((s) => `${s}（${TOKEN_SCOPE_LABELS[s]}）`).join(' 或 ')}`);
      const days = body.days ?? 90;
      if (!(typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= TOKEN_MAX_DAYS)) throw new ApiError(400, 'bad_request', `有效天数（days）应为 1 到 ${TOKEN_MAX_DAYS} 的整数`);
      const created = await createToken(db, user.id, { name, scope: scope as TokenScope, days });
      return c.json({ token: created.token, ...created.info }, 201);
    })
    .delete('/:id', async (c) => {
      const user = signedIn(c.get('user'));
      const id = params.positiveId('id', c.req.param('id'));
      if (!(await revokeToken(db, user.id, id))) throw notFound(`令牌 ${id} `);
      return c.body(null, 204);
    });
}
