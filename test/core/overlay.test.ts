import { describe, expect, it } from 'vitest';
import { DEFAULT_SLIVER_THRESHOLDS, meanWidthM, sliverReason, sliverThresholdProblems } from '../../core/approval-overlay/slivers.ts';
import { classifyParts, compareWithLedger, statedDifferenceMu, supplyRate } from '../../core/approval-overlay/summary.ts';
import { DEFAULT_TOLERANCE } from '../../core/ledger-check.ts';
import { M2_PER_MU } from '../../core/measure.ts';

/** A w × h rectangle's area and perimeter, as PostGIS would report them. */
const rect = (w: number, h: number) => ({ areaM2: w * h, perimeterM: 2 * (w + h) });

describe('slivers', () => {
  it('mean width is the width of a long strip and half the side of a square', () => {
    const strip = rect(1, 1000);
    expect(meanWidthM(strip.areaM2, strip.perimeterM)).toBeCloseTo(0.999, 3);
    const square = rect(100, 100);
    expect(meanWidthM(square.areaM2, square.perimeterM)).toBe(50);
    expect(meanWidthM(10, 0)).toBe(0);
  });

  it('a thin strip is a sliver however long; a compact corner is land however small above the area floor', () => {
    const long = rect(1.5, 2000); // 3000 m², 4.5 mu, still a digitising seam
    expect(sliverReason(long.areaM2, long.perimeterM)).toBe('thin');
    const corner = rect(10, 10);
    expect(sliverReason(corner.areaM2, corner.perimeterM)).toBeNull();
    const tiny = rect(7, 7);
    expect(sliverReason(tiny.areaM2, tiny.perimeterM)).toBe('small');
  });

  it('each threshold decides exactly at its value', () => {
    const t = DEFAULT_SLIVER_THRESHOLDS;
    // A square of area exactly the floor: not small. Just below: small.
    expect(sliverReason(t.minAreaM2, 4 * Math.sqrt(t.minAreaM2))).toBeNull();
    expect(sliverReason(t.minAreaM2 - 0.01, 4 * Math.sqrt(t.minAreaM2))).toBe('small');
    // A strip exactly the minimum mean width: kept; a hair thinner: thin.
    const area = 10_000;
    expect(sliverReason(area, (2 * area) / t.minMeanWidthM)).toBeNull();
    expect(sliverReason(area, (2 * area) / (t.minMeanWidthM - 0.001))).toBe('thin');
    // Thresholds at zero turn the classification off.
    expect(sliverReason(0.5, 100, { minAreaM2: 0, minMeanWidthM: 0 })).toBeNull();
  });

  it('says what is wrong with unusable thresholds', () => {
    expect(sliverThresholdProblems(DEFAULT_SLIVER_THRESHOLDS)).toEqual([]);
    expect(sliverThresholdProblems({ minAreaM2: -1, minMeanWidthM: Number.NaN })).toHaveLength(2);
  });
});

describe('batch figures', () => {
  it('splits parts into remainders and slivers, with areas in mu', () => {
    const parts = [{ geometry: 'a', ...rect(200, 100) }, { geometry: 'b', ...rect(1, 100) }, { geometry: 'c', ...rect(5, 5) }];
    const { remainders, slivers } = classifyParts(parts, DEFAULT_SLIVER_THRESHOLDS);
    expect(remainders.map((p) => p.geometry)).toEqual(['a']);
    expect(remainders[0]!.areaMu).toBeCloseTo(20_000 / M2_PER_MU, 9);
    expect(slivers.map((p) => [p.geometry, p.sliver])).toEqual([['b', 'thin'], ['c', 'small']]);
  });

  it('supply rate is supplied over approved, and undefined for an empty batch', () => {
    expect(supplyRate(30, 120)).toBe(0.25);
    expect(supplyRate(0, 0)).toBeNull();
  });

  it('compares the remainder with the ledger within the campaign tolerance, on the larger figure', () => {
    expect(compareWithLedger(100, 100.9, DEFAULT_TOLERANCE)).toMatchObject({ ok: true });
    const off = compareWithLedger(100, 98, DEFAULT_TOLERANCE);
    expect(off).toMatchObject({ ok: false, ledgerMu: 98 });
    expect(off.diffMu).toBeCloseTo(2, 9);
    expect(off.toleranceMu).toBeCloseTo(1, 9);
    // An empty ledger against real remainder land is a difference, not 0 % of nothing.
    expect(compareWithLedger(40, 0, DEFAULT_TOLERANCE).ok).toBe(false);
    expect(compareWithLedger(0.3, 0, DEFAULT_TOLERANCE).ok).toBe(true);
  });

  it('stated minus computed approved area, or nothing when none is stated', () => {
    expect(statedDifferenceMu(225.5, 225)).toBeCloseTo(0.5, 9);
    expect(statedDifferenceMu(null, 225)).toBeNull();
  });
});
