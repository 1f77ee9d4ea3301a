/** The ledger table's server side: its rows and export (/api/ledger), bulk edits and disposal records (/api/parcels). */
import { Hono } from 'hono';
import type { AppEnv } from '../auth/types.ts';
import type { Db } from '../db/types.ts';
import { bulkHandler } from './bulk.ts';
import { addDisposalHandler, deleteDisposalHandler } from './disposals.ts';

export { ledgerRoutes } from './routes.ts';

export function ledgerParcelRoutes(db: Db) {
  return new Hono<AppEnv>()
    .post('/bulk', bulkHandler(db))
    .post('/:id/disposals', addDisposalHandler(db))
    .delete('/:id/disposals/:disposalId', deleteDisposalHandler(db));
}
