/** Matching a task sheet's row labels to the campaign's units, by name, full name or code. */

export interface UnitRef {
  code: string;
  name: string;
  fullName: string;
}

export type RowMatch = { kind: 'unit'; unit: UnitRef } | { kind: 'total'; label: string } | { kind: 'unknown' };

/** Sheets are typed by hand: "合 计", "驿 城 区", full-width spaces. Whitespace never distinguishes two units. */
export const normaliseLabel = (text: string): string => text.replace(/[\s\u3000]+/g, '');

const TOTAL = /(合计|总计|小计)$/;

/**
 * A label names a unit (by name, full name or code), a total or subtotal row (合计, 总计, or one of the campaign's
 * named subtotals such as 中心城区合计), or nothing known.
 */
export function matchRow(label: string, units: readonly UnitRef[], subtotals: readonly string[] = []): RowMatch {
  const wanted = normaliseLabel(label);
  if (!wanted) return { kind: 'unknown' };
  const unit =
    units.find((u) => normaliseLabel(u.name) === wanted) ??
    units.find((u) => normaliseLabel(u.fullName) === wanted) ??
    units.find((u) => u.code === wanted);
  if (unit) return { kind: 'unit', unit };
  if (TOTAL.test(wanted) || subtotals.map(normaliseLabel).includes(wanted)) return { kind: 'total', label: wanted };
  return { kind: 'unknown' };
}
