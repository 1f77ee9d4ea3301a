/**
 * The ledger check: does a parcel's drawn boundary agree with its legal ledger area (台账面积)?
 * The authoritative comparison is against the ellipsoidal area (CGCS2000), never the spherical one.
 */

export interface Tolerance {
  /** Allowed difference as a share of the ledger area, e.g. 0.01 for 1%. */
  relative: number;
  /** Allowed difference in mu below which any parcel passes, for small parcels and ledger rounding. */
  absoluteMu: number;
}

/**
 * Default: the larger of 1% and 0.5 mu. Why: the spherical–ellipsoidal gap across China reaches 0.34% and the
 * Gauss–Krüger plane at a zone edge adds ~0.1%, so 1% is tight enough to catch a wrong boundary and loose enough
 * not to flag a correct one measured another way; 0.5 mu covers ledgers kept in whole mu.
 */
export const DEFAULT_TOLERANCE: Tolerance = { relative: 0.01, absoluteMu: 0.5 };

export interface AreaCheck {
  ok: boolean;
  /** Ledger mu minus ellipsoidal mu: positive when the ledger claims more than is drawn. */
  diffMu: number;
  /** diffMu as a share of the ledger area; null when the ledger area is zero. */
  diffRatio: number | null;
  /** The allowed difference for this parcel, in mu. */
  toleranceMu: number;
  tolerance: Tolerance;
  basis: 'ellipsoidal';
}

export function allowedDifferenceMu(ledgerMu: number, tolerance: Tolerance): number {
  return Math.max(tolerance.absoluteMu, Math.abs(ledgerMu) * tolerance.relative);
}

/**
 * The one ledger rule: the server on every parcel it answers, the import preview, the warnings and the drawing panel
 * while a boundary is drawn all call this with the campaign's tolerance (required: a default here is how the live
 * check once contradicted the verdict after saving). panhuo_area_ok in SQL mirrors it for tiles and the ledger rows.
 */
export function checkLedgerArea(ledgerMu: number, ellipsoidalMu: number, tolerance: Tolerance): AreaCheck {
  const diffMu = ledgerMu - ellipsoidalMu;
  const toleranceMu = allowedDifferenceMu(ledgerMu, tolerance);
  return {
    ok: Math.abs(diffMu) <= toleranceMu,
    diffMu,
    diffRatio: ledgerMu === 0 ? null : diffMu / ledgerMu,
    toleranceMu,
    tolerance,
    basis: 'ellipsoidal',
  };
}

/** Reasons a tolerance setting is unusable, in words a land officer understands; empty when valid. */
export function toleranceProblems(t: Partial<Tolerance>): string[] {
  const problems: string[] = [];
  if (typeof t.relative !== 'number' || !(t.relative >= 0 && t.relative <= 0.5)) problems.push('相对容差须在 0 到 0.5（50%）之间');
  if (typeof t.absoluteMu !== 'number' || !(t.absoluteMu >= 0 && t.absoluteMu <= 100)) problems.push('绝对容差须在 0 到 100 亩之间');
  return problems;
}
