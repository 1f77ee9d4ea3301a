import { describe, expect, it } from 'vitest';
import { isNearIdentical, overlapsToConfirm, unconfirmed, type ImportOverlap, type ReviewedItem } from '../../core/import-review.ts';

const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
const overlap = (o: Partial<ImportOverlap>): ImportOverlap => ({ with: 'parcel', parcelId: 7, index: null, code: 'ZMD-7', mu: 1.5, pctOfItem: 50, pctOfOther: 40, nearIdentical: false, geometry: square, ...o });
const item = (o: Partial<ReviewedItem>): ReviewedItem => ({ index: 1, source: '第 1 个要素', code: 'NEW-1', whollyOutside: false, overlaps: [], updates: null, ...o });

describe('import review rules', () => {
  it('calls two boundaries the same parcel when their symmetric difference is under 1% of the item', () => {
    expect(isNearIdentical(1000, 1000, 996)).toBe(true); // 8 m² of 1000
    expect(isNearIdentical(1000, 1000, 994)).toBe(false); // 12 m²
    expect(isNearIdentical(1000, 2000, 1000)).toBe(false); // inside a parcel twice its size
  });

  it('asks to confirm overlaps above the threshold, not with the parcel being updated, nor with an item left out', () => {
    const withParcel = overlap({ mu: 0.5 });
    const withItem = overlap({ with: 'item', parcelId: null, index: 2, code: 'NEW-2', mu: 0.3 });
    const small = overlap({ parcelId: 8, mu: 0.05 });
    const it1 = item({ overlaps: [withParcel, withItem, small] });
    expect(overlapsToConfirm(it1, new Set([1, 2]), 0.1)).toEqual([withParcel, withItem]);
    expect(overlapsToConfirm(it1, new Set([1]), 0.1)).toEqual([withParcel]);
    expect(overlapsToConfirm({ ...it1, updates: 7 }, new Set([1]), 0.1)).toEqual([]);
    expect(overlapsToConfirm(it1, new Set([1, 2]), 1)).toEqual([]);
  });

  it('names each parcel and the mu still waiting for a confirmation', () => {
    const items = [item({ overlaps: [overlap({ mu: 2.345 })] }), item({ index: 3, source: '第 3 个要素', code: 'HN-1', whollyOutside: true })];
    const none = { outside: new Set<number>(), overlaps: new Set<number>() };
    const reasons = unconfirmed(items, none, 0.1);
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toContain('NEW-1');
    expect(reasons[0]).toContain('ZMD-7 2.35 亩');
    expect(reasons[0]).toContain('0.10 亩');
    expect(reasons[1]).toContain('HN-1');
    expect(unconfirmed(items, { outside: new Set([3]), overlaps: new Set([1]) }, 0.1)).toEqual([]);
  });
});
