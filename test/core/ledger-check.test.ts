import { describe, expect, it } from 'vitest';
import { allowedDifferenceMu, checkLedgerArea, DEFAULT_TOLERANCE, toleranceProblems } from '../../core/ledger-check.ts';

describe('ledger area check', () => {
  it('passes within 1% for large parcels and 0.5 mu for small ones (the default)', () => {
    expect(allowedDifferenceMu(200, DEFAULT_TOLERANCE)).toBe(2);
    expect(allowedDifferenceMu(20, DEFAULT_TOLERANCE)).toBe(0.5);
    expect(checkLedgerArea(200, 198.1, DEFAULT_TOLERANCE).ok).toBe(true);
    expect(checkLedgerArea(200, 197.9, DEFAULT_TOLERANCE).ok).toBe(false);
    expect(checkLedgerArea(20, 19.6, DEFAULT_TOLERANCE).ok).toBe(true);
    expect(checkLedgerArea(20, 19.4, DEFAULT_TOLERANCE).ok).toBe(false);
  });
  it('reports the signed difference: positive when the ledger claims more than is drawn', () => {
    const c = checkLedgerArea(120, 100, DEFAULT_TOLERANCE);
    expect(c.diffMu).toBe(20);
    expect(c.diffRatio).toBeCloseTo(1 / 6, 12);
    expect(c.basis).toBe('ellipsoidal');
    expect(checkLedgerArea(100, 120, DEFAULT_TOLERANCE).diffMu).toBe(-20);
  });
  it('uses a campaign tolerance', () => {
    const loose = { relative: 0.05, absoluteMu: 0 };
    expect(checkLedgerArea(100, 96, DEFAULT_TOLERANCE).ok).toBe(false);
    expect(checkLedgerArea(100, 96, loose).ok).toBe(true);
  });
  it('explains unusable tolerance settings in Chinese', () => {
    expect(toleranceProblems(DEFAULT_TOLERANCE)).toEqual([]);
    expect(toleranceProblems({ relative: 2, absoluteMu: -1 })).toEqual(['相对容差须在 0 到 0.5（50%）之间', '绝对容差须在 0 到 100 亩之间']);
  });
});
