import { Hono } from 'hono';
import { mayUndelete } from '../../core/roles.ts';
import type { AppEnv } from '../auth/types.ts';
import type { Db } from '../db/types.ts';
import { ApiError, notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import { facetCounts, type FacetCell } from '../../core/parcel-facets.ts';
import { dataVersion, VersionedCache } from '../campaigns/cache.ts';
import { deletedParcels, disposalsOf, facetCells, getParcel, historyOf, listParcels, parseParcelFilter, sharesOf } from './queries.ts';
import { parcelFeature } from './serialize.ts';
import { fieldChecksOf } from '../field/queries.ts';
import { idleSection } from '../warnings/idle-section.ts';

export function parcelRoutes(db: Db) {
  // Every desk asks on opening and after every save; kept per campaign and unit until the data changes.
  const facetCache = new VersionedCache<FacetCell[]>();
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const filter = parseParcelFilter(c.req.query(), { maxLimit: 5000, defaultLimit: 1000 });
      const { rows, total } = await listParcels(db, filter);
      return c.json({ type: 'FeatureCollection', total, limit: filter.limit, offset: filter.offset, features: rows.map(parcelFeature) });
    })
    // GET /api/parcels/facets?campaign=&unit=&category=&status= — the filter buttons' counts (before '/:id').
    .get('/facets', async (c) => {
      const { campaignId, unitId, categories, statuses } = parseParcelFilter(c.req.query(), { maxLimit: 5000, defaultLimit: 1000 });
      const version = await dataVersion(db);
      const cellsOf = (unit: number | null) => facetCache.get(`${campaignId}/${unit}`, version, () => facetCells(db, campaignId, unit));
      const [cells, campaignCells] = await Promise.all([cellsOf(unitId), cellsOf(null)]);
      return c.json(facetCounts(cells, categories, statuses, campaignCells));
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
