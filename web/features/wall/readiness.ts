import type { CampaignDetail, CampaignProgress } from '../../api/types.ts';

/** What a campaign still lacks before its wall can show a map and rank its units. */
export interface Missing {
  /** Units with no boundary (they cannot be drawn), of all the campaign's units. */
  unitsWithoutBoundary: number;
  units: number;
  /** No unit has a task of any type: no rate, no rank, no milestone verdict can be worked out. */
  noTasks: boolean;
}

export function whatIsMissing(campaign: CampaignDetail, progress: CampaignProgress): Missing {
  return {
    unitsWithoutBoundary: campaign.units.features.filter((f) => !f.geometry).length,
    units: campaign.units.features.length,
    noTasks: progress.units.every((u) => u.overall.taskMu == null),
  };
}
