import { Hono } from 'hono';
import type { Db } from '../db/types.ts';
import * as params from '../http/params.ts';
import { dataVersion, VersionedCache } from './cache.ts';
import { campaignProgress, type Progress } from './progress.ts';
import { campaignFromParam, campaignParcelCounts, campaignTaskBases, campaignTasks, campaignUnits, listCampaigns, reportDate } from './queries.ts';

export function campaignRoutes(db: Db) {
  const progressCache = new VersionedCache<Progress>();
  // The desk asks for the list and the campaign on every opening: the count is kept per data version, not made twice.
  const countsCache = new VersionedCache<Map<number, number>>(1);
  const parcelCounts = async () => countsCache.get('all', await dataVersion(db), () => campaignParcelCounts(db));
  return new Hono()
    .get('/', async (c) => {
      const [campaigns, counts] = await Promise.all([listCampaigns(db), parcelCounts()]);
      return c.json({ campaigns: campaigns.map((campaign) => ({ ...campaign, parcelCount: counts.get(campaign.id) ?? 0 })) });
    })
    .get('/:id', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const [units, tasks, taskBases, counts] = await Promise.all([
        campaignUnits(db, campaign.id),
        campaignTasks(db, campaign.id),
        campaignTaskBases(db, campaign.id),
        parcelCounts(),
      ]);
      return c.json({ ...campaign, parcelCount: counts.get(campaign.id) ?? 0, units: { type: 'FeatureCollection', features: units }, tasks, taskBases });
    })
    .get('/:id/progress', async (c) => {
      const campaign = await campaignFromParam(db, c.req.param('id'));
      const date = reportDate(campaign, params.campaignDate('date', c.req.query('date'), campaign));
      // Cached per data version, and answered 304 when the client already has this version (the wall polls).
      const version = await dataVersion(db);
      const etag = `"progress-${campaign.id}-${date}-${version}"`;
      c.header('ETag', etag);
      c.header('Cache-Control', 'no-cache');
      if (c.req.header('if-none-match') === etag) return c.body(null, 304);
      const progress = await progressCache.get(`${campaign.id}/${date}`, version, () => campaignProgress(db, campaign, date));
      return c.json({ ...progress, dataVersion: version });
    });
}
