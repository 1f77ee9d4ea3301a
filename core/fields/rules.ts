/** Formats of ledger codes that are checked as typed, with examples a person can follow. */
import { CATEGORIES, CATEGORY_LABELS, DISPOSAL_METHODS, isOneOf, taskTypeOf } from '../categories.ts';

/** 电子监管号: 6-digit division code, 4-digit year, a letter, 5-digit serial (e.g. 4117022019B00345). */
export const SUPERVISION_NUMBER = /^\d{6}(19|20)\d{2}[A-Z]\d{5}$/;

/**
 * 地类编码 of the third national land survey's classification (第三次全国国土调查工作分类): two digits of the
 * first-level class, then up to three digits or capitals — 05, 0601, 05H1, 08H2A, 201A.
 */
export const LAND_CLASS_CODE = /^\d{2}[0-9A-Z]{0,3}$/;

/** The disposal methods that fit a record's category (none while the category is not valid). */
export function disposalMethodsFor(record: object): readonly string[] {
  const category = (record as { category?: unknown }).category;
  return isOneOf(CATEGORIES, category) ? DISPOSAL_METHODS[taskTypeOf(category)] : [];
}

/** A disposal method must be one of its category's task type; with no valid category the category's own problem is said. */
export function disposalMethodFits(method: string, record: object): string | null {
  const category = (record as { category?: unknown }).category;
  if (!isOneOf(CATEGORIES, category)) return null;
  const methods = disposalMethodsFor(record);
  return methods.includes(method) ? null : `“${method}”不适用于${CATEGORY_LABELS[category]}，可选：${methods.join('、')}`;
}
