import { Hono } from 'hono';
import type { Db } from '../db/types.ts';
import { notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { disposalsOf, getParcel, historyOf, listParcels, sharesOf } from './queries.ts';
import { parcelFeature } from './serialize.ts';

export function parcelRoutes(db: Db) {
  return new Hono()
    .get('/', async (c) => {
      const q = c.req.query();
      const filter = {
        campaignId: params.optionalId('campaign', q.campaign),
        unitId: params.optionalId('unit', q.unit),
        categories: params.categories(q.category),
        statuses: params.statuses(q.status),
        bbox: params.bbox(q.bbox),
        q: params.searchText(q.q),
        limit: params.intInRange('limit', q.limit, 1, 5000, 1000),
        offset: params.intInRange('offset', q.offset, 0, 10_000_000, 0),
      };
      const { rows, total } = await listParcels(db, filter);
      return c.json({ type: 'FeatureCollection', total, limit: filter.limit, offset: filter.offset, features: rows.map(parcelFeature) });
    })
    .get('/:id', async (c) => {
      const id = params.positiveId('id', c.req.param('id'));
      const row = await getParcel(db, id);
      if (!row) throw notFound(`地块 ${id} `);
      const [disposals, history, units] = await Promise.all([disposalsOf(db, id), historyOf(db, id), sharesOf(db, id)]);
      const disposedMu = disposals.reduce((sum, d) => sum + d.mu, 0);
      return c.json({ ...parcelFeature(row), disposals, disposedMu, history, units });
    });
}
