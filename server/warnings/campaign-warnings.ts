import type { IsoDate } from '../../core/dates.ts';
import { computeWarnings, countWarnings, filterWarnings, type Warning, type WarningCounts, type WarningKind } from '../../core/warnings/index.ts';
import type { UnitTaskFigures } from '../../core/warnings/types.ts';
import { dataVersion, VersionedCache } from '../campaigns/cache.ts';
import { campaignProgress } from '../campaigns/progress.ts';
import type { CampaignSummary } from '../campaigns/queries.ts';
import type { Queryable } from '../db/types.ts';
import { parcelFacts, parcelOverlaps } from './queries.ts';

export interface WarningOptions {
  date: IsoDate;
  staleDays: number;
}

/** What every answer about a campaign's warnings on a date starts with. */
interface WarningsHead {
  campaignId: number;
  date: IsoDate;
  staleDays: number;
  expectedPct: number;
  /** The campaign's units in the document's order, for grouping and filters. */
  units: Array<{ unitId: number; name: string }>;
}

/** GET …/warnings/counts: how many warnings stand, by kind, severity and unit (each unit by kind), and nothing else. */
export interface CampaignWarningCounts extends WarningsHead {
  counts: WarningCounts;
}

/** GET …/warnings: the warnings narrowed by kind and unit, a page of them if asked, with the counts of all that match. */
export interface CampaignWarnings extends WarningsHead {
  warnings: Warning[];
  counts: WarningCounts;
  /** How many match the filters; `warnings` holds those from `offset`, at most `limit` (null: all of them). */
  total: number;
  offset: number;
  limit: number | null;
}

interface Computed extends WarningsHead {
  all: Warning[];
}

/**
 * Every warning of a campaign on a date, computed once per data version and kept: the desk asks for the counts after
 * every save and pages through the list, and neither must run the rules over the whole ledger again.
 */
const caches = new WeakMap<Queryable, VersionedCache<Computed>>();

async function allWarnings(db: Queryable, campaign: CampaignSummary, options: WarningOptions): Promise<Computed> {
  let computed = caches.get(db);
  if (!computed) caches.set(db, (computed = new VersionedCache<Computed>(50)));
  const key = `${campaign.id}|${options.date}|${options.staleDays}|${campaign.overlapThresholdMu}|${campaign.tolerance.relative}|${campaign.tolerance.absoluteMu}`;
  return computed.get(key, await dataVersion(db), async () => {
    const [parcels, progress, overlaps] = await Promise.all([
      parcelFacts(db, campaign.id), campaignProgress(db, campaign, options.date), parcelOverlaps(db, campaign.id, campaign.overlapThresholdMu),
    ]);
    const unitFigures: UnitTaskFigures[] = progress.units.flatMap((u) =>
      campaign.taskTypes.map((taskType) => ({ unitId: u.unitId, unitName: u.name, taskType, taskMu: u.tasks[taskType]?.taskMu ?? null, disposedMu: u.tasks[taskType]?.disposedMu ?? 0 })),
    );
    const all = computeWarnings({ date: options.date, parcels, unitFigures, expectedPct: progress.expectedPct, tolerance: campaign.tolerance, staleDays: options.staleDays,
      overlaps, overlapThresholdMu: campaign.overlapThresholdMu });
    return {
      campaignId: campaign.id, date: options.date, staleDays: options.staleDays, expectedPct: progress.expectedPct,
      units: progress.units.map((u) => ({ unitId: u.unitId, name: u.name })), all,
    };
  });
}

/** The counts alone: what the top bar's 预警 button and the warnings view's chips show. */
export async function campaignWarningCounts(db: Queryable, campaign: CampaignSummary, options: WarningOptions): Promise<CampaignWarningCounts> {
  const { all, ...head } = await allWarnings(db, campaign, options);
  return { ...head, counts: countWarnings(all) };
}

/** The warnings of a campaign on a date, narrowed by kind and unit, from `offset`, at most `limit` (null: all). */
export async function campaignWarnings(
  db: Queryable,
  campaign: CampaignSummary,
  options: WarningOptions & { kinds: WarningKind[] | null; unitId: number | null; offset?: number; limit?: number | null },
): Promise<CampaignWarnings> {
  const { all, ...head } = await allWarnings(db, campaign, options);
  const matching = filterWarnings(all, { kinds: options.kinds, unitId: options.unitId });
  const offset = options.offset ?? 0;
  const limit = options.limit ?? null;
  return {
    ...head,
    warnings: limit === null ? matching.slice(offset) : matching.slice(offset, offset + limit),
    counts: countWarnings(matching),
    total: matching.length,
    offset,
    limit,
  };
}
