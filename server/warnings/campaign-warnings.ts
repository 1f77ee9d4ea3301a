import type { IsoDate } from '../../core/dates.ts';
import { computeWarnings, SEVERITIES, unitNameRanks, WARNING_KINDS, type Severity, type Warning, type WarningCounts, type WarningKind } from '../../core/warnings/index.ts';
import type { UnitTaskFigures } from '../../core/warnings/types.ts';
import { unitsBehindWarnings } from '../../core/warnings/units-behind.ts';
import { dataVersion, VersionedCache } from '../campaigns/cache.ts';
import { campaignProgress } from '../campaigns/progress.ts';
import type { CampaignSummary } from '../campaigns/queries.ts';
import type { Queryable } from '../db/types.ts';
import { allUnitNames, keptOverlaps, parcelFacts } from './queries.ts';
import { warningGroups, warningKeys, type KeyFilter, type WarningGroup, type WarningKey, type WarningQuery } from './sql.ts';

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

/**
 * The answers about a campaign's warnings, kept per data version: the desk asks for the counts after every save and
 * pages through the list, and an unchanged ledger must cost one tiny query, not the rules' scan again. Counts and
 * pages (at most routes.ts MAX_PAGE warnings) are small and many are kept; a whole list (no limit: the digest and its workbook)
 * is every warning of a campaign, tens of thousands in a province, so only a few are, or memory would grow with the
 * dates and filters asked.
 */
const KEPT = { small: 100, whole: 4 } as const;
const caches = { small: new WeakMap<Queryable, VersionedCache<unknown>>(), whole: new WeakMap<Queryable, VersionedCache<unknown>>() };

function cached<T>(db: Queryable, key: string, version: number, compute: () => Promise<T>, size: keyof typeof KEPT = 'small'): Promise<T> {
  let cache = caches[size].get(db);
  if (!cache) caches[size].set(db, (cache = new VersionedCache<unknown>(KEPT[size])));
  return cache.get(key, version, compute) as Promise<T>;
}

interface Basis {
  key: string;
  head: WarningsHead;
  query: WarningQuery;
  unitNames: Map<number, string>;
  /** The units behind, as core's rule words them (they come from progress, not from SQL). */
  unitsBehind: Warning[];
  unitFigures: UnitTaskFigures[];
}

/** What the SQL and core's rules are asked on: progress on the date (for the units behind) and the units' names. */
async function basisOf(db: Queryable, campaign: CampaignSummary, options: WarningOptions, version: number): Promise<Basis> {
  const key = basisKey(campaign, options);
  return cached(db, `basis|${key}`, version, async () => {
    const [progress, units] = await Promise.all([campaignProgress(db, campaign, options.date), allUnitNames(db)]);
    const unitFigures: UnitTaskFigures[] = progress.units.flatMap((u) =>
      campaign.taskTypes.map((taskType) => ({ unitId: u.unitId, unitName: u.name, taskType, taskMu: u.tasks[taskType]?.taskMu ?? null, disposedMu: u.tasks[taskType]?.disposedMu ?? 0 })),
    );
    const unitsBehind = unitsBehindWarnings(unitFigures, progress.expectedPct, options.date);
    return {
      head: {
        campaignId: campaign.id, date: options.date, staleDays: options.staleDays, expectedPct: progress.expectedPct,
        units: progress.units.map((u) => ({ unitId: u.unitId, name: u.name })),
      },
      query: {
        campaignId: campaign.id, date: options.date, staleDays: options.staleDays, tolerance: campaign.tolerance, overlapThresholdMu: campaign.overlapThresholdMu,
        unitRanks: unitNameRanks(units),
        unitsBehind: unitsBehind.flatMap((w) => (w.kind === 'unit_behind' && w.unitId !== null ? [{ unitId: w.unitId, taskType: w.facts.taskType, severity: w.severity }] : [])),
      },
      key,
      unitNames: new Map(units.map((u) => [u.id, u.name])),
      unitsBehind,
      unitFigures,
    };
  });
}

/** How many warnings match, per kind, severity and unit, each with its place in the order (severity, kind, unit name). */
type Group = Awaited<ReturnType<typeof warningGroups>>[number] & { place: number[] };

async function groupsOf(db: Queryable, basis: Basis, filter: KeyFilter): Promise<Group[]> {
  const groups = await warningGroups(db, basis.query, filter);
  return groups
    .map((g) => ({ ...g, place: [SEVERITIES.indexOf(g.severity), WARNING_KINDS.indexOf(g.kind), g.unitId === null ? 0 : basis.query.unitRanks.get(g.unitId) ?? 0] }))
    .sort((a, b) => lexicographic(a.place, b.place));
}

function countsOf(basis: Basis, groups: readonly Group[]): WarningCounts {
  const zero = () => Object.fromEntries(WARNING_KINDS.map((k) => [k, 0])) as Record<WarningKind, number>;
  const byKind = zero();
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  // Units in the order their first warning comes in the list, as core's countWarnings gives them (groups are in order).
  const units = new Map<number | null, WarningCounts['byUnit'][number]>();
  let total = 0;
  for (const g of groups) {
    total += g.n;
    byKind[g.kind] += g.n;
    bySeverity[g.severity] += g.n;
    const unit = units.get(g.unitId) ?? { unitId: g.unitId, unitName: g.unitId === null ? null : basis.unitNames.get(g.unitId) ?? null, total: 0, byKind: zero() };
    unit.total += g.n;
    unit.byKind[g.kind] += g.n;
    units.set(g.unitId, unit);
  }
  return { total, byKind, bySeverity, byUnit: [...units.values()] };
}

/**
 * The groups a page falls in, and where it starts in the first of them: from the counts, so that SQL reads and sorts
 * only those warnings, not every one of the campaign. Units of one name rank are one run in the order (by code).
 */
function pageGroups(groups: readonly Group[], page: { offset: number; limit: number | null }): { groups: WarningGroup[]; offset: number } {
  const runs: Array<WarningGroup & { place: number[]; n: number; unitIds: Array<number | null> }> = [];
  for (const g of groups) {
    const last = runs.at(-1);
    if (last && lexicographic(last.place, g.place) === 0) {
      last.unitIds.push(g.unitId);
      last.n += g.n;
    } else runs.push({ kind: g.kind, severity: g.severity, unitIds: [g.unitId], place: g.place, n: g.n });
  }
  const end = page.limit === null ? Infinity : page.offset + page.limit;
  const chosen: WarningGroup[] = [];
  let start = 0;
  let offset = 0;
  for (const run of runs) {
    if (start + run.n > page.offset && start < end) {
      if (!chosen.length) offset = page.offset - start;
      chosen.push({ kind: run.kind, severity: run.severity, unitIds: run.unitIds });
    }
    start += run.n;
  }
  return { groups: chosen, offset };
}

const lexicographic = (a: readonly number[], b: readonly number[]) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
};

/** The warnings the keys name, each built by core's rules from its parcel's facts, in the keys' order. */
async function warningsOf(db: Queryable, basis: Basis, keys: readonly WarningKey[]): Promise<Warning[]> {
  const ids = [...new Set(keys.flatMap((k) => [k.parcelId, k.otherParcelId]).filter((id): id is number => id !== null))];
  const pairs = keys.flatMap((k) => (k.kind === 'duplicate_mapping' && k.otherParcelId !== null && k.parcelId !== null ? [[k.otherParcelId, k.parcelId] as const] : []));
  const [parcels, overlaps] = await Promise.all([parcelFacts(db, { ids }), keptOverlaps(db, pairs)]);
  const q = basis.query;
  const built = computeWarnings({
    date: q.date, parcels, unitFigures: [], expectedPct: basis.head.expectedPct, tolerance: q.tolerance, staleDays: q.staleDays,
    overlaps, overlapThresholdMu: q.overlapThresholdMu,
  });
  const byId = new Map([...built, ...basis.unitsBehind].map((w) => [w.id, w]));
  // A parcel written between the two reads may no longer raise what the keys said: it is left out, not invented.
  return keys.flatMap((k) => byId.get(k.id) ?? []);
}

/** The counts alone: what the top bar's 预警 button and the warnings view's chips show. */
export async function campaignWarningCounts(db: Queryable, campaign: CampaignSummary, options: WarningOptions): Promise<CampaignWarningCounts> {
  const version = await dataVersion(db);
  const basis = await basisOf(db, campaign, options, version);
  const filter = { kinds: null, unitId: null };
  const groups = await cached(db, `groups|${filterKey(basis, filter)}`, version, () => groupsOf(db, basis, filter));
  const counts = countsOf(basis, groups);
  return { ...basis.head, counts };
}

/** What an answer was computed from, besides the data version. */
const basisKey = (c: CampaignSummary, o: WarningOptions) =>
  `${c.id}|${o.date}|${o.staleDays}|${c.overlapThresholdMu}|${c.tolerance.relative}|${c.tolerance.absoluteMu}`;
const filterKey = (b: Basis, f: KeyFilter) => `${b.key}|${f.kinds?.join(',') ?? ''}|${f.unitId ?? ''}`;

/** The warnings of a campaign on a date, narrowed by kind and unit, from `offset`, at most `limit` (null: all). */
export async function campaignWarnings(
  db: Queryable,
  campaign: CampaignSummary,
  options: WarningOptions & { kinds: WarningKind[] | null; unitId: number | null; offset?: number; limit?: number | null },
): Promise<CampaignWarnings> {
  const version = await dataVersion(db);
  const basis = await basisOf(db, campaign, options, version);
  const filter = { kinds: options.kinds, unitId: options.unitId };
  const page = { offset: options.offset ?? 0, limit: options.limit ?? null };
  const key = filterKey(basis, filter);
  const groups = await cached(db, `groups|${key}`, version, () => groupsOf(db, basis, filter));
  const counts = countsOf(basis, groups);
  const warnings = await cached(db, `page|${key}|${page.offset}|${page.limit}`, version, async () => {
    const within = pageGroups(groups, page);
    return warningsOf(db, basis, await warningKeys(db, basis.query, within.groups, { offset: within.offset, limit: page.limit }));
  }, page.limit === null ? 'whole' : 'small');
  return { ...basis.head, warnings, counts, total: counts.total, offset: page.offset, limit: page.limit };
}
