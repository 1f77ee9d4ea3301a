/**
 * Parcel counts for the filter buttons. Each facet is counted with the other facets applied but not itself,
 * so a button says how many parcels it would add, as in any faceted search.
 */
import { useEffect, useState } from 'react';
import { CATEGORIES, STATUSES, type Category, type Status } from '../../../core/categories.ts';
import { getJson, query } from '../../api/client.ts';
import type { ParcelList } from '../../api/types.ts';
import { dataOf, type Remote } from '../../api/use-api.ts';
import type { ParcelFilters } from './parcel-filters.ts';

export interface FacetCounts {
  /** Parcels of the campaign, and those passing every filter. */
  total: number;
  shown: number;
  categories: Record<Category, number>;
  statuses: Record<Status, number>;
}

async function count(params: Parameters<typeof query>[0], signal: AbortSignal): Promise<number> {
  // limit=1: only the total is wanted; the one feature that comes with it is ignored.
  const list = await getJson<ParcelList>(`/api/parcels${query({ ...params, limit: 1 })}`, signal);
  return list.total;
}

/** `revision` moves on after any edit on the page, so counts follow creations and deletions. */
export function useFacetCounts(campaignId: number, filters: ParcelFilters, revision: number): Remote<FacetCounts> {
  const [remote, setRemote] = useState<Remote<FacetCounts>>({ state: 'loading', stale: null });
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const base = { campaign: campaignId, unit: filters.unitId };
    setRemote((previous) => ({ state: 'loading', stale: dataOf(previous) }));
    Promise.all([
      count({ campaign: campaignId }, signal),
      count({ ...base, category: filters.categories, status: filters.statuses }, signal),
      Promise.all(CATEGORIES.map((category) => count({ ...base, category: [category], status: filters.statuses }, signal))),
      Promise.all(STATUSES.map((status) => count({ ...base, category: filters.categories, status: [status] }, signal))),
    ]).then(
      ([total, shown, byCategory, byStatus]) =>
        setRemote({
          state: 'ready',
          data: {
            total,
            shown,
            categories: Object.fromEntries(CATEGORIES.map((c, i) => [c, byCategory[i]!])) as Record<Category, number>,
            statuses: Object.fromEntries(STATUSES.map((s, i) => [s, byStatus[i]!])) as Record<Status, number>,
          },
        }),
      (error: unknown) => {
        if (!signal.aborted) setRemote({ state: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [campaignId, filters, revision]);
  return remote;
}
