/**
 * 批供比对 figures of one approval batch, from the parts of its geometric remainder (batch minus the union of the
 * supplies within it). Pure: the geometry work happens in PostGIS, this decides what the numbers mean.
 */
import { allowedDifferenceMu, type Tolerance } from '../ledger-check.ts';
import { muFromM2 } from '../measure.ts';
import { meanWidthM, sliverReason, type SliverReason, type SliverThresholds } from './slivers.ts';

/** One polygon of a batch's remainder as PostGIS measured it: ellipsoidal area (m²) and geodesic perimeter (m). */
export interface RemainderPart<G> {
  geometry: G;
  areaM2: number;
  perimeterM: number;
}

export interface ClassifiedPart<G> extends RemainderPart<G> {
  areaMu: number;
  meanWidthM: number;
  sliver: SliverReason | null;
}

/** Splits remainder parts into real unsupplied land and slivers, each with its area in mu. */
export function classifyParts<G>(parts: ReadonlyArray<RemainderPart<G>>, thresholds: SliverThresholds): { remainders: ClassifiedPart<G>[]; slivers: ClassifiedPart<G>[] } {
  const classified = parts.map((p) => ({ ...p, areaMu: muFromM2(p.areaM2), meanWidthM: meanWidthM(p.areaM2, p.perimeterM), sliver: sliverReason(p.areaM2, p.perimeterM, thresholds) }));
  return { remainders: classified.filter((p) => p.sliver === null), slivers: classified.filter((p) => p.sliver !== null) };
}

/** 供地率: supplied ÷ approved, null when nothing was approved (a rate of an empty batch means nothing). */
export function supplyRate(suppliedMu: number, approvedMu: number): number | null {
  return approvedMu > 0 ? suppliedMu / approvedMu : null;
}

export interface LedgerComparison {
  /** The ledger's unsupplied figure for the batch, mu (sum of its 批而未供 parcels' ledger areas). */
  ledgerMu: number;
  /** Geometric remainder minus the ledger figure, mu: positive when the map shows more unsupplied land than the ledger. */
  diffMu: number;
  toleranceMu: number;
  ok: boolean;
}

/**
 * Compares the geometric remainder (ellipsoidal mu, slivers excluded) with the ledger's unsupplied figure, within
 * the campaign's area tolerance taken on the larger of the two (so an empty ledger against a big remainder fails).
 */
export function compareWithLedger(remainderMu: number, ledgerMu: number, tolerance: Tolerance): LedgerComparison {
  const diffMu = remainderMu - ledgerMu;
  const toleranceMu = allowedDifferenceMu(Math.max(remainderMu, ledgerMu), tolerance);
  return { ledgerMu, diffMu, toleranceMu, ok: Math.abs(diffMu) <= toleranceMu };
}

/** What the stated approved area says against the drawn one: stated minus computed (ellipsoidal), mu; null if none stated. */
export function statedDifferenceMu(statedMu: number | null, computedMu: number): number | null {
  return statedMu === null ? null : statedMu - computedMu;
}
