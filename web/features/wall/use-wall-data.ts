import { useEffect, useState } from 'react';
import { addDays, type IsoDate } from '../../../core/dates.ts';
import { reportFriday } from '../../../core/weeks.ts';
import type { MilestoneVerdicts } from '../../../server/campaigns/milestone-verdicts.ts';
import type { LatestDisposal } from '../../../server/wall/latest-disposals.ts';
import { getJson } from '../../api/client.ts';
import type { CampaignProgress } from '../../api/types.ts';
import type { KeyCase, MonthlyAnswer, MonthRanking } from '../reports/types.ts';

export type { LatestDisposal };

export interface WallData {
  progress: CampaignProgress;
  /** Disposals of the report week holding the wall's date (Saturday to Friday), for the map's points. */
  thisWeek: LatestDisposal[];
  /** The Saturday that opens that week. */
  weekStart: IsoDate;
  /** Every milestone, judged where due by the wall's date. */
  milestones: MilestoneVerdicts[];
  /** 月度通报: the latest month ranked by the wall's date, with each unit's move; null before the first. */
  latestMonth: MonthRanking | null;
  /** 重点案件 as they stood on the wall's date, overdue first. */
  keyCases: KeyCase[];
}

export interface WallState {
  data: WallData | null;
  /** When the figures shown were fetched; the wall shows it when it can no longer refresh them. */
  fetchedAt: Date | null;
  error: string | null;
}

async function fetchWall(campaignId: number, date: IsoDate | null, signal: AbortSignal): Promise<WallData> {
  const base = `/api/campaigns/${campaignId}`;
  const progress = await getJson<CampaignProgress>(`${base}/progress${date ? `?date=${date}` : ''}`, signal);
  // The server settles the date (today, kept within the campaign); everything else follows that date.
  const day = progress.date;
  const weekStart = addDays(reportFriday(day), -6);
  const [thisWeek, verdicts, monthly, keyCases] = await Promise.all([
    getJson<{ disposals: LatestDisposal[] }>(`${base}/disposals/latest?date=${day}&since=${weekStart}&limit=500`, signal),
    getJson<{ milestones: MilestoneVerdicts[] }>(`${base}/milestone-verdicts?date=${day}`, signal),
    getJson<MonthlyAnswer>(`${base}/monthly-ranking?date=${day}`, signal),
    getJson<{ cases: KeyCase[] }>(`${base}/key-cases?date=${day}`, signal),
  ]);
  return { progress, thisWeek: thisWeek.disposals, weekStart, milestones: verdicts.milestones, latestMonth: monthly.latest, keyCases: keyCases.cases };
}

/**
 * The wall's figures for a campaign and date, refetched whenever `refresh` changes (the server's data version, or a
 * reconnection). The last good figures stay on screen while new ones load and when loading fails, so the wall never
 * blanks or flickers.
 */
export function useWallData(campaignId: number, date: IsoDate | null, refresh: string): WallState {
  const [state, setState] = useState<WallState>({ data: null, fetchedAt: null, error: null });
  useEffect(() => {
    const controller = new AbortController();
    fetchWall(campaignId, date, controller.signal).then(
      (data) => setState({ data, fetchedAt: new Date(), error: null }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState((previous) => ({ ...previous, error: error instanceof Error ? error.message : String(error) }));
      },
    );
    return () => controller.abort();
  }, [campaignId, date, refresh]);
  // A replayed date from another campaign means nothing here: drop figures when the campaign changes.
  const data = state.data?.progress.campaignId === campaignId ? state.data : null;
  return { ...state, data };
}
