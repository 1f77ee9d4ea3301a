import { Hono } from 'hono';
import type { AppEnv } from '../auth/types.ts';
import type { SharedBrowser } from '../browser/shared-browser.ts';
import type { Db } from '../db/types.ts';
import { attachment } from '../http/attachment.ts';
import { isRecord, jsonBody } from '../http/body.ts';
import { ApiError, badParameter } from '../http/errors.ts';
import { listParcels } from '../parcels/queries.ts';
import { DossierJobs, MAX_BATCH, view } from './dossier-jobs.ts';

const isId = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x > 0 && x <= 2 ** 31 - 1;
const tooMany = (n: number) => new ApiError(400, 'too_many', `一次最多打印 ${MAX_BATCH} 宗地块的档案，所选为 ${n} 宗：请按单位或筛选分批打印`);

/**
 * POST /api/dossiers `{ ids }` or `{ campaignId, unitId }` — start a batch of dossiers (a selection, or the parcels
 * lying in a unit, as the map's unit filter finds them); 202 with the job. GET /api/dossiers/:job — its progress;
 * GET /api/dossiers/:job/file — the PDF once done. Signed-in users only, even where reading is public: a batch is a
 * minute or more of the server's one browser, which visitors (anyone, from any address) must not be able to claim;
 * one batch per person and two on the server (DossierJobs). A job is seen only by whoever started it.
 */
export function dossierBatchRoutes(db: Db, browser: SharedBrowser) {
  const jobs = new DossierJobs(db, browser);
  const signedIn = (user: AppEnv['Variables']['user']) => {
    if (!user) throw new ApiError(401, 'unauthenticated', '请先登录，再批量打印宗地档案');
    return user;
  };
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const user = signedIn(c.get('user'));
      const body = await jsonBody(c);
      if (!isRecord(body)) throw new ApiError(400, 'bad_request', '请求内容应为 JSON 对象：{ ids } 或 { campaignId, unitId }');
      let ids: number[];
      if (body.ids !== undefined) {
        if (!Array.isArray(body.ids)) throw badParameter('ids', '应为地块编号（数字 id）的数组');
        if (body.ids.length > MAX_BATCH) throw tooMany(body.ids.length);
        const bad = body.ids.findIndex((id) => !isId(id));
        if (bad >= 0) throw badParameter('ids', `第 ${bad + 1} 项不是有效的地块 id：${JSON.stringify(body.ids[bad]).slice(0, 40)}`);
        ids = [...new Set(body.ids as number[])];
      } else {
        if (!isId(body.campaignId)) throw badParameter('campaignId', '应为专项行动的 id（正整数）');
        if (!isId(body.unitId)) throw badParameter('unitId', '应为单位的 id（正整数），或改用 ids 指定地块');
        const { rows, total } = await listParcels(db, {
          campaignId: body.campaignId, unitId: body.unitId, categories: null, statuses: null, bbox: null, q: null, ids: null, near: null, limit: MAX_BATCH, offset: 0,
        });
        if (total > MAX_BATCH) throw tooMany(total);
        ids = rows.map((r) => r.id);
      }
      if (!ids.length) throw new ApiError(400, 'empty', '没有要打印的地块：所选为空，或该单位内没有地块');
      const [{ n } = { n: 0 }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcels WHERE id = ANY($1::int[]) AND deleted_at IS NULL', [ids]);
      if (n < ids.length) throw new ApiError(404, 'not_found', `所选地块中有 ${ids.length - n} 宗不存在或已删除`);
      return c.json({ job: jobs.start(ids, user) }, 202);
    })
    .get('/:job', (c) => c.json({ job: view(jobs.get(c.req.param('job'), signedIn(c.get('user')))) }))
    .get('/:job/file', (c) => {
      const job = jobs.get(c.req.param('job'), signedIn(c.get('user')));
      if (job.state !== 'done' || !job.pdf) throw new ApiError(409, 'not_ready', job.state === 'failed' ? `批量打印未完成：${job.message}` : `批量打印尚未完成（${job.done}/${job.total}），请稍候`);
      return c.body(job.pdf as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': attachment(`dossiers-${job.total}.pdf`, `宗地档案-${job.total}宗.pdf`),
        'Cache-Control': 'private, no-store',
      });
    });
}
