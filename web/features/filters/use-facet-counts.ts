/**
 * Parcel counts for the filter buttons, from the server in one request (GET /api/parcels/facets: one count per
 * category and status, faceted by core/parcel-facets.ts).
 */
import { useEffect, useState } from 'react';
import type { FacetCounts } from '../../../core/parcel-facets.ts';
import { getJson, query } from '../../api/client.ts';
import { dataOf, type Remote } from '../../api/use-api.ts';
import type { ParcelFilters } from './parcel-filters.ts';

/** `revision` moves on after any edit on the page, so counts follow creations and deletions. */
export function useFacetCounts(campaignId: number, filters: ParcelFilters, revision: number): Remote<FacetCounts> {
  const [remote, setRemote] = useState<Remote<FacetCounts>>({ state: 'loading', stale: null });
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setRemote((previous) => ({ state: 'loading', stale: dataOf(previous) }));
    getJson<FacetCounts>(`/api/parcels/facets${query({ campaign: campaignId, unit: filters.unitId, category: filters.categories, status: filters.statuses })}`, signal).then(
      (data) => setRemote({ state: 'ready', data }),
      (error: unknown) => {
        if (!signal.aborted) setRemote({ state: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [campaignId, filters, revision]);
  return remote;
}
