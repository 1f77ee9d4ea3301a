import { Hono } from 'hono';
import { todayInChina, type IsoDate } from '../../core/dates.ts';
import type { Db } from '../db/types.ts';
import { notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { campaignProgress } from './progress.ts';
import { campaignTaskBases, campaignTasks, campaignUnits, getCampaign, listCampaigns } from './queries.ts';

export function campaignRoutes(db: Db) {
  const campaignOr404 = async (text: string | undefined) => {
    const id = params.positiveId('id', text);
    const campaign = await getCampaign(db, id);
    if (!campaign) throw notFound(`专项行动 ${id} `);
    return campaign;
  };
  return new Hono()
    .get('/', async (c) => c.json({ campaigns: await listCampaigns(db) }))
    .get('/:id', async (c) => {
      const campaign = await campaignOr404(c.req.param('id'));
      const [units, tasks, taskBases] = await Promise.all([campaignUnits(db, campaign.id), campaignTasks(db, campaign.id), campaignTaskBases(db, campaign.id)]);
      return c.json({ ...campaign, units: { type: 'FeatureCollection', features: units }, tasks, taskBases });
    })
    .get('/:id/progress', async (c) => {
      const campaign = await campaignOr404(c.req.param('id'));
      // Without a date: today, held within the campaign's span so a finished campaign shows its final state.
      const today = todayInChina();
      const fallback = (today < campaign.startDate ? campaign.startDate : today > campaign.endDate ? campaign.endDate : today) as IsoDate;
      const date = params.optionalDate('date', c.req.query('date')) ?? fallback;
      return c.json(await campaignProgress(db, campaign, date));
    });
}
