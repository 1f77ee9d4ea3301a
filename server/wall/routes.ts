import type { IncomingMessage } from 'node:http';
import { Hono } from 'hono';
import { isOneOf, TASK_TYPES } from '../../core/categories.ts';
import type { AppEnv } from '../auth/types.ts';
import { campaignFromParam, reportDate } from '../campaigns/queries.ts';
import type { Db } from '../db/types.ts';
import type { SharedBrowser } from '../browser/shared-browser.ts';
import { attachment } from '../http/attachment.ts';
import { ApiError, badParameter } from '../http/errors.ts';
import { dataVersion, VersionedCache } from '../campaigns/cache.ts';
import { campaignMilestoneVerdicts, type MilestoneVerdicts } from '../campaigns/milestone-verdicts.ts';
import * as params from '../http/params.ts';
import { latestDisposals } from './latest-disposals.ts';
import { selfOrigin, WallSnapshots } from './snapshot.ts';

const TASK_KEYS = [...TASK_TYPES, 'overall'] as const;

/**
 * GET /api/campaigns/:id/disposals/latest?date=&since=&limit= — the latest disposals up to a date, for the wall's list
 * and its highlight of this week's disposals.
 * GET /api/campaigns/:id/wall.png?date=&task= — the wall as a PNG for a briefing slide (signed-in users; see WallSnapshots).
 * GET /api/campaigns/:id/milestone-verdicts?date= — every milestone with, once due by `date` (default today within the
 *   campaign), how many units reached its target and which did not by how much (mu), per task type and overall: the
 *   wall shows the latest one; reports (节点考核) read the same answer.
 */
export function wallRoutes(db: Db, browser: SharedBrowser) {
  const snapshots = new WallSnapshots(browser);
  const verdictCache = new VersionedCache<MilestoneVerdicts[]>(50);
  return new Hono<AppEnv & { Bindings: { incoming?: IncomingMessage } }>()
    .get('/:id/milestone-verdicts', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const date = reportDate(campaign, params.campaignDate('date', c.req.query('date'), campaign));
      // Only the milestones due by the date change the answer: key by those, so every day between two shares one.
      const due = campaign.milestones.filter((m) => m.date <= date).length;
      const milestones = await verdictCache.get(`${campaign.id}/${due}`, await dataVersion(db), () => campaignMilestoneVerdicts(db, campaign, date));
      return c.json({ campaignId: campaign.id, date, milestones });
    })
    .get('/:id/disposals/latest', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const until = reportDate(campaign, params.campaignDate('date', c.req.query('date'), campaign));
      const since = params.campaignDate('since', c.req.query('since'), campaign);
      const limit = params.intInRange('limit', c.req.query('limit'), 1, 500, 20);
      return c.json({ date: until, disposals: await latestDisposals(db, campaign.id, { until, since, limit }) });
    })
    .get('/:id/wall.png', async (c) => {
      // A browser render costs hundreds of MB: only for people with an account, even where reading is public.
      if (!c.get('user')) throw new ApiError(401, 'unauthenticated', '请先登录，再下载挂图图片');
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const date = reportDate(campaign, params.campaignDate('date', c.req.query('date'), campaign));
      const task = c.req.query('task') ?? 'overall';
      if (!isOneOf(TASK_KEYS, task)) throw badParameter('task', `应为 ${TASK_KEYS.join('、')} 之一`);
      // Only validated values go into the page's address.
      const query = new URLSearchParams({ campaign: String(campaign.id), date, task, snapshot: '1' }).toString();
      const png = await snapshots.snapshot({ origin: selfOrigin(c.env?.incoming), query, cookie: c.req.header('cookie'), version: await dataVersion(db) });
      return c.body(png as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': 'image/png',
        'Content-Disposition': attachment(`wall-${date}.png`, `挂图作战-${campaign.name}-${date}.png`),
        'Cache-Control': 'private, no-store',
      });
    });
}
