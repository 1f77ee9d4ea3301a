/** Area units of the Chinese land ledger. 1 亩 (mu) = 10000/15 m²; 1 公顷 (ha) = 15 mu. */

export const M2_PER_MU = 10000 / 15;
export const MU_PER_HA = 15;

/** Square metres → mu. */
export function muFromM2(m2: number): number {
  return m2 / M2_PER_MU;
}

/** Mu → square metres. */
export function m2FromMu(mu: number): number {
  return mu * M2_PER_MU;
}

/** Hectares (公顷) → mu. */
export function muFromHa(ha: number): number {
  return ha * MU_PER_HA;
}

/** Mu → hectares (公顷). */
export function haFromMu(mu: number): number {
  return mu / MU_PER_HA;
}

/** Rounds to a fixed number of decimals for display and storage of ledger figures (mu to 0.01 by default). */
export function roundTo(x: number, decimals = 2): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
