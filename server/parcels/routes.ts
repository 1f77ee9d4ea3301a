import { Hono } from 'hono';
import { mayUndelete } from '../../core/roles.ts';
import type { AppEnv } from '../auth/types.ts';
import type { Db } from '../db/types.ts';
import { ApiError, notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { deletedParcels, disposalsOf, getParcel, historyOf, listParcels, parcelFacets, parseParcelFilter, sharesOf } from './queries.ts';
import { parcelFeature } from './serialize.ts';
import { fieldChecksOf } from '../field/queries.ts';
import { idleSection } from '../warnings/idle-section.ts';

export function parcelRoutes(db: Db) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const filter = parseParcelFilter(c.req.query(), { maxLimit: 5000, defaultLimit: 1000 });
      const { rows, total } = await listParcels(db, filter);
      return c.json({ type: 'FeatureCollection', total, limit: filter.limit, offset: filter.offset, features: rows.map(parcelFeature) });
    })
    // GET /api/parcels/facets?campaign=&unit=&category=&status= — the filter buttons' counts (before '/:id').
    .get('/facets', async (c) => {
      const { campaignId, unitId, categories, statuses } = parseParcelFilter(c.req.query(), { maxLimit: 5000, defaultLimit: 1000 });
      return c.json(await parcelFacets(db, { campaignId, unitId, categories, statuses }));
    })
    // Deleted parcels, for the admin who may bring them back (before '/:id', which would read "deleted" as an id).
    .get('/deleted', async (c) => {
      const user = c.get('user');
      if (!user || !mayUndelete(user.role)) throw new ApiError(403, 'forbidden', '只有管理员可以查看已删除的地块');
      return c.json({ parcels: await deletedParcels(db, params.optionalId('campaign', c.req.query('campaign'))) });
    })
    .get('/:id', async (c) => {
      const id = params.positiveId('id', c.req.param('id'));
      const row = await getParcel(db, id);
      if (!row) throw notFound(`地块 ${id} `);
      const [disposals, history, units, fieldChecks] = await Promise.all([disposalsOf(db, id), historyOf(db, id), sharesOf(db, id), fieldChecksOf(db, id)]);
      const disposedMu = disposals.reduce((sum, d) => sum + d.mu, 0);
      // The idle-land inputs and the class they give, on ?date= or the campaign's report date.
      const idle = await idleSection(db, id, c.req.query('date'));
      return c.json({ ...parcelFeature(row), disposals, disposedMu, history, units, fieldChecks, ...idle });
    });
}
