import { useState } from 'react';
import { query } from '../../api/client.ts';
import { useApi, type Remote } from '../../api/use-api.ts';
import type { CampaignWarnings } from './types.ts';

export const STALE_DAY_CHOICES = [30, 60, 90, 180] as const;

export interface WarningsState {
  remote: Remote<CampaignWarnings>;
  staleDays: number;
  setStaleDays: (days: number) => void;
}

/**
 * The campaign's warnings on the page's date (null: the server's report date), fetched anew after every change saved
 * on the page (`revision`). One fetch serves the header's count and the warnings view.
 */
export function useWarnings(campaignId: number, date: string | null, revision: number): WarningsState {
  const [staleDays, setStaleDays] = useState(90);
  const remote = useApi<CampaignWarnings>(`/api/campaigns/${campaignId}/warnings${query({ date, staleDays, rev: revision || null })}`, campaignId);
  return { remote, staleDays, setStaleDays };
}
