/** All warning rules of a campaign for one date, and their counts; pure (the date is always given, never the clock). */
import type { IsoDate } from '../dates.ts';
import { DEFAULT_OVERLAP_THRESHOLD_MU } from '../import-review.ts';
import type { Tolerance } from '../ledger-check.ts';
import { duplicateMappingWarnings, type ParcelOverlapFacts } from './duplicate-mapping.ts';
import { idleLandWarnings } from './idle.ts';
import { areaMismatchWarnings, noDisposalPlanWarnings, staleRecordWarnings } from './parcel-rules.ts';
import { SEVERITIES, WARNING_KINDS, type ParcelFacts, type Severity, type UnitTaskFigures, type Warning, type WarningKind } from './types.ts';
import { unitsBehindWarnings } from './units-behind.ts';

export * from './types.ts';
export type { ParcelOverlapFacts } from './duplicate-mapping.ts';

export interface WarningInput {
  date: IsoDate;
  parcels: readonly ParcelFacts[];
  unitFigures: readonly UnitTaskFigures[];
  /** Expected completion in percent on the date (core/progress.ts expectedPct). */
  expectedPct: number;
  tolerance: Tolerance;
  /** Records unchanged for more than this many days are stale. */
  staleDays: number;
  /** Pairs of live parcels whose boundaries overlap, and the mu above which that is 重复上图 (the campaign's setting). */
  overlaps?: readonly ParcelOverlapFacts[];
  overlapThresholdMu?: number;
}

const severityOrder = (s: Severity) => SEVERITIES.indexOf(s);
const kindOrder = (k: WarningKind) => WARNING_KINDS.indexOf(k);
/** Units are ordered by their Chinese names as a reader expects (pinyin), built once: a collator per compare is slow. */
const unitNames = new Intl.Collator('zh-CN');
/** Codes and ids by code point: what SQL's `COLLATE "C"` gives, so the server can page in the same order (sql.ts). */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order of warnings: most serious first, then by kind, unit name (null first) and parcel code, then id. The
 * server pages in SQL by the same keys (server/warnings/sql.ts, with unitNameRanks for the names).
 */
export function compareWarnings(a: Warning, b: Warning): number {
  return (
    severityOrder(a.severity) - severityOrder(b.severity) ||
    kindOrder(a.kind) - kindOrder(b.kind) ||
    unitNames.compare(a.unitName ?? '', b.unitName ?? '') ||
    byCodePoint(a.parcelCode ?? '', b.parcelCode ?? '') ||
    byCodePoint(a.id, b.id)
  );
}

/** Each unit's place in that order by name (1, 2, …; equal names share one), for SQL to sort by; no unit is 0. */
export function unitNameRanks(units: ReadonlyArray<{ id: number; name: string }>): Map<number, number> {
  const sorted = [...units].sort((a, b) => unitNames.compare(a.name, b.name));
  const ranks = new Map<number, number>();
  let rank = 0;
  sorted.forEach((u, i) => {
    if (i === 0 || unitNames.compare(sorted[i - 1]!.name, u.name) !== 0) rank++;
    ranks.set(u.id, rank);
  });
  return ranks;
}

/** Every warning, in compareWarnings' order. */
export function computeWarnings(input: WarningInput): Warning[] {
  const { date, parcels } = input;
  const all = [
    ...idleLandWarnings(parcels, date),
    ...unitsBehindWarnings(input.unitFigures, input.expectedPct, date),
    ...noDisposalPlanWarnings(parcels, date),
    ...areaMismatchWarnings(parcels, input.tolerance, date),
    ...duplicateMappingWarnings(parcels, input.overlaps ?? [], input.overlapThresholdMu ?? DEFAULT_OVERLAP_THRESHOLD_MU, date),
    ...staleRecordWarnings(parcels, input.staleDays, date),
  ];
  return all.sort(compareWarnings);
}

export interface WarningCounts {
  total: number;
  byKind: Record<WarningKind, number>;
  bySeverity: Record<Severity, number>;
  /** Per unit (null: warnings with no unit), each with its counts by kind. */
  byUnit: Array<{ unitId: number | null; unitName: string | null; total: number; byKind: Record<WarningKind, number> }>;
}

const zeroKinds = () => Object.fromEntries(WARNING_KINDS.map((k) => [k, 0])) as Record<WarningKind, number>;

export function countWarnings(warnings: readonly Warning[]): WarningCounts {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byKind = zeroKinds();
  const units = new Map<number | null, WarningCounts['byUnit'][number]>();
  for (const w of warnings) {
    byKind[w.kind]++;
    bySeverity[w.severity]++;
    const unit = units.get(w.unitId) ?? { unitId: w.unitId, unitName: w.unitName, total: 0, byKind: zeroKinds() };
    unit.total++;
    unit.byKind[w.kind]++;
    units.set(w.unitId, unit);
  }
  return { total: warnings.length, byKind, bySeverity, byUnit: [...units.values()] };
}

/** Narrowing by kind and unit, as the API's `kind` and `unit` parameters ask. */
export function filterWarnings(warnings: readonly Warning[], filter: { kinds: readonly WarningKind[] | null; unitId: number | null }): Warning[] {
  return warnings.filter((w) => (!filter.kinds || filter.kinds.includes(w.kind)) && (filter.unitId == null || w.unitId === filter.unitId));
}
