import { useState } from 'react';
import type { WarningKind } from '../../../core/warnings/types.ts';
import { query } from '../../api/client.ts';
import { useApi, type Remote } from '../../api/use-api.ts';
import type { CampaignWarningCounts, CampaignWarnings } from './types.ts';

export const STALE_DAY_CHOICES = [30, 60, 90, 180] as const;
/** Warnings fetched at a time: a desk reads the serious ones first (the list is ordered by severity). */
export const WARNINGS_PAGE = 50;

export interface WarningsState {
  /** The counts only: what the top bar and the view's chips show, never the list itself. */
  remote: Remote<CampaignWarningCounts>;
  staleDays: number;
  setStaleDays: (days: number) => void;
  /** The query every warnings request of this page shares (date, stale days, the page's revision). */
  params: { campaignId: number; date: string | null; staleDays: number; revision: number };
}

/**
 * The campaign's warning counts on the page's date (null: the server's report date), fetched anew after every change
 * saved on the page (`revision`). The list is fetched only when the warnings view is open (useWarningList).
 */
export function useWarnings(campaignId: number, date: string | null, revision: number): WarningsState {
  const [staleDays, setStaleDays] = useState(90);
  const remote = useApi<CampaignWarningCounts>(`/api/campaigns/${campaignId}/warnings/counts${query({ date, staleDays, rev: revision || null })}`, campaignId);
  return { remote, staleDays, setStaleDays, params: { campaignId, date, staleDays, revision } };
}

/** The first `limit` warnings of one kind and unit (null: all), filtered and cut by the server. */
export function useWarningList(warnings: WarningsState, kind: WarningKind | null, unitId: number | null, limit: number): Remote<CampaignWarnings> {
  const { campaignId, date, staleDays, revision } = warnings.params;
  return useApi<CampaignWarnings>(
    `/api/campaigns/${campaignId}/warnings${query({ date, staleDays, kind, unit: unitId, limit, rev: revision || null })}`,
    `${campaignId}|${kind}|${unitId}`,
  );
}
