import type { IsoDate } from '../../core/dates.ts';
import { computeWarnings, countWarnings, filterWarnings, type Warning, type WarningCounts, type WarningKind } from '../../core/warnings/index.ts';
import type { UnitTaskFigures } from '../../core/warnings/types.ts';
import { campaignProgress } from '../campaigns/progress.ts';
import type { CampaignSummary } from '../campaigns/queries.ts';
import type { Queryable } from '../db/types.ts';
import { parcelFacts, parcelOverlaps } from './queries.ts';

export interface CampaignWarnings {
  campaignId: number;
  date: IsoDate;
  staleDays: number;
  expectedPct: number;
  warnings: Warning[];
  counts: WarningCounts;
  /** The campaign's units in the document's order, for grouping and filters. */
  units: Array<{ unitId: number; name: string }>;
}

/** Every warning of a campaign on a date (narrowed by kind and unit if asked), with counts of what is returned. */
export async function campaignWarnings(
  db: Queryable,
  campaign: CampaignSummary,
  options: { date: IsoDate; staleDays: number; kinds: WarningKind[] | null; unitId: number | null },
): Promise<CampaignWarnings> {
  const [parcels, progress, overlaps] = await Promise.all([
    parcelFacts(db, campaign.id), campaignProgress(db, campaign, options.date), parcelOverlaps(db, campaign.id, campaign.overlapThresholdMu),
  ]);
  const unitFigures: UnitTaskFigures[] = progress.units.flatMap((u) =>
    campaign.taskTypes.map((taskType) => ({ unitId: u.unitId, unitName: u.name, taskType, taskMu: u.tasks[taskType]?.taskMu ?? null, disposedMu: u.tasks[taskType]?.disposedMu ?? 0 })),
  );
  const all = computeWarnings({ date: options.date, parcels, unitFigures, expectedPct: progress.expectedPct, tolerance: campaign.tolerance, staleDays: options.staleDays,
    overlaps, overlapThresholdMu: campaign.overlapThresholdMu });
  const warnings = filterWarnings(all, { kinds: options.kinds, unitId: options.unitId });
  return {
    campaignId: campaign.id,
    date: options.date,
    staleDays: options.staleDays,
    expectedPct: progress.expectedPct,
    warnings,
    counts: countWarnings(warnings),
    units: progress.units.map((u) => ({ unitId: u.unitId, name: u.name })),
  };
}
