import { describe, expect, it } from 'vitest';
import { clickRow, NO_SELECTION, toggleAllShown } from '../../core/ledger/selection.ts';

const shown = [11, 12, 13, 14, 15, 16];
const ids = (s: { ids: ReadonlySet<number> }) => [...s.ids].sort((a, b) => a - b);
const plain = { toggle: false, range: false };
const ctrl = { toggle: true, range: false };
const shift = { toggle: false, range: true };

describe('selecting ledger rows', () => {
  it('a click selects one row; Ctrl adds or removes; Shift selects from the anchor in the shown order', () => {
    let s = clickRow(NO_SELECTION, 12, plain, shown);
    expect(ids(s)).toEqual([12]);
    s = clickRow(s, 15, ctrl, shown);
    expect(ids(s)).toEqual([12, 15]);
    // The anchor moved to 15 with the Ctrl-click: Shift-click on 13 selects 13–15, replacing the rest.
    s = clickRow(s, 13, shift, shown);
    expect(ids(s)).toEqual([13, 14, 15]);
    s = clickRow(s, 11, { toggle: true, range: true }, shown);
    expect(ids(s)).toEqual([11, 12, 13, 14, 15]);
    s = clickRow(s, 14, ctrl, shown);
    expect(ids(s)).toEqual([11, 12, 13, 15]);
    expect(ids(clickRow(s, 16, plain, shown))).toEqual([16]);
  });

  it('Shift without an anchor, or with the anchor filtered away, selects just the row', () => {
    expect(ids(clickRow(NO_SELECTION, 14, shift, shown))).toEqual([14]);
    const anchored = clickRow(NO_SELECTION, 99, plain, [99]);
    expect(ids(clickRow(anchored, 14, shift, shown))).toEqual([14]);
  });

  it('select all shown, and again to select none', () => {
    const all = toggleAllShown(clickRow(NO_SELECTION, 12, plain, shown), shown);
    expect(ids(all)).toEqual(shown);
    expect(ids(toggleAllShown(all, shown))).toEqual([]);
    expect(ids(toggleAllShown(NO_SELECTION, []))).toEqual([]);
  });
});
