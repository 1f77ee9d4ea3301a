import { describe, expect, it } from 'vitest';
import { haFromMu, m2FromMu, muFromHa, muFromM2, roundTo } from '../../core/measure.ts';

describe('mu, m² and ha', () => {
  it('1 mu is 10000/15 m² and 15 mu make a hectare', () => {
    expect(m2FromMu(1)).toBeCloseTo(666.6667, 4);
    expect(muFromM2(10_000)).toBeCloseTo(15, 12);
    expect(muFromHa(1)).toBe(15);
    expect(haFromMu(6299)).toBeCloseTo(419.9333, 4);
  });
  it('round-trips', () => {
    for (const mu of [0.01, 1, 6299, 273036]) expect(muFromM2(m2FromMu(mu))).toBeCloseTo(mu, 9);
  });
  it('rounds ledger figures to 0.01 mu', () => {
    expect(roundTo(391.0849)).toBe(391.08);
    expect(roundTo(2.675, 1)).toBe(2.7);
  });
});
