/**
 * Slivers: the thin or tiny leftovers an overlay of two independently digitised layers always produces (a batch
 * boundary and a supply boundary drawn a metre apart leave a strip a metre wide). They are not unsupplied land, and
 * counting them would make every batch look a little unsupplied; hiding them would hide a real digitising problem.
 * So they are listed separately, with the thresholds that made them slivers.
 */

export interface SliverThresholds {
  /** A part smaller than this, in m², is a sliver whatever its shape. */
  minAreaM2: number;
  /** A part whose mean width (2 × area ÷ perimeter, m) is below this is a sliver, however long. */
  minMeanWidthM: number;
}

/**
 * Why these defaults: boundaries in batch and supply files come from surveys and digitising with an error of about
 * 0.5–1 m each, so two lines meant to coincide can lie up to ~2 m apart; a strip narrower than 2 m on average is that
 * error, not land anyone could supply. 50 m² (0.075 mu) is below what a ledger in 0.01-mu steps on real parcels ever
 * registers as a parcel of its own. Mean width, not area alone: a 1 m × 400 m strip is 400 m² yet still a sliver,
 * and a compact 300 m² corner is real land.
 */
export const DEFAULT_SLIVER_THRESHOLDS: SliverThresholds = { minAreaM2: 50, minMeanWidthM: 2 };

/** Mean width of a polygon in metres: 2A/P — the width of a long strip, half the side of a square. */
export function meanWidthM(areaM2: number, perimeterM: number): number {
  return perimeterM > 0 ? (2 * areaM2) / perimeterM : 0;
}

export type SliverReason = 'small' | 'thin';

/** Why a remainder part is a sliver, or null when it is real unsupplied land. Area ellipsoidal m², perimeter geodesic m. */
export function sliverReason(areaM2: number, perimeterM: number, thresholds: SliverThresholds = DEFAULT_SLIVER_THRESHOLDS): SliverReason | null {
  if (areaM2 < thresholds.minAreaM2) return 'small';
  if (meanWidthM(areaM2, perimeterM) < thresholds.minMeanWidthM) return 'thin';
  return null;
}

export const SLIVER_REASON_LABELS: Record<SliverReason, string> = {
  small: '面积过小',
  thin: '狭长细条',
};

/** Reasons thresholds are unusable, in words; empty when valid. */
export function sliverThresholdProblems(t: SliverThresholds): string[] {
  const problems: string[] = [];
  if (!Number.isFinite(t.minAreaM2) || t.minAreaM2 < 0 || t.minAreaM2 > 10000) problems.push('碎片面积阈值应在 0 到 10000 平方米之间');
  if (!Number.isFinite(t.minMeanWidthM) || t.minMeanWidthM < 0 || t.minMeanWidthM > 50) problems.push('碎片平均宽度阈值应在 0 到 50 米之间');
  return problems;
}
