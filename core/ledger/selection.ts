/** Row selection as spreadsheets do it: a click selects one, Ctrl/⌘ adds or removes, Shift selects the range from the anchor. */

export interface Selection {
  ids: ReadonlySet<number>;
  /** Where a Shift range starts: the last row clicked without Shift. */
  anchor: number | null;
}

export const NO_SELECTION: Selection = { ids: new Set(), anchor: null };

export function clickRow(selection: Selection, id: number, keys: { toggle: boolean; range: boolean }, shown: readonly number[]): Selection {
  if (keys.range && selection.anchor !== null) {
    const from = shown.indexOf(selection.anchor);
    const to = shown.indexOf(id);
    if (from !== -1 && to !== -1) {
      const range = shown.slice(Math.min(from, to), Math.max(from, to) + 1);
      return { ids: new Set(keys.toggle ? [...selection.ids, ...range] : range), anchor: selection.anchor };
    }
  }
  if (keys.toggle) {
    const ids = new Set(selection.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ids, anchor: id };
  }
  return { ids: new Set([id]), anchor: id };
}

/** Select all shown, or, when all shown are selected already, none. */
export function toggleAllShown(selection: Selection, shown: readonly number[]): Selection {
  const all = shown.length > 0 && shown.every((id) => selection.ids.has(id));
  return all ? NO_SELECTION : { ids: new Set(shown), anchor: shown[0] ?? null };
}
