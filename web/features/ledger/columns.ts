/** The table's columns on screen: which are shown at first, their widths in pixels, which may be edited in a cell and how. */
import { DISPOSAL_METHODS, STATUS_LABELS, STATUSES, taskTypeOf, CATEGORIES, CATEGORY_LABELS } from '../../../core/categories.ts';
import { columnByKey, type LedgerColumnKey, type LedgerRow } from '../../../core/ledger/row.ts';
import type { ParcelFields } from '../../../core/parcel.ts';

export const DEFAULT_COLUMNS: LedgerColumnKey[] = [
  'code', 'projectName', 'category', 'status', 'ledgerMu', 'disposedMu', 'areaOk', 'unitName', 'disposalMethod', 'responsiblePerson', 'landUser', 'supervisionNumber', 'remarks',
];

/** Pixels, from the spreadsheet width in characters: a little tighter than a spreadsheet, so the mu columns fit in view. */
export const columnWidth = (key: LedgerColumnKey): number => Math.max(80, Math.round(columnByKey(key).width * 7) + 14);

export const CHECK_WIDTH = 36;

export type Editor =
  | { kind: 'text' | 'number' | 'date' }
  | { kind: 'select'; options: Array<{ value: string; label: string }> };

const TEXT_EDITABLE = new Set<LedgerColumnKey>([
  'projectName', 'approvalBatch', 'approvalNumber', 'supervisionNumber', 'supplyMethod', 'landUse', 'landUser', 'reasons',
  'sourceLists', 'responsiblePerson', 'remarks',
]);
const DATE_EDITABLE = new Set<LedgerColumnKey>(['approvalDate', 'supplyDate', 'agreedStartDate']);
const NUMBER_EDITABLE = new Set<LedgerColumnKey>(['ledgerMu', 'approvedMu', 'supplyPriceWan']);

/** How a cell is edited in place, or null when it is not (the code, derived figures, the unit). */
export function editorFor(key: LedgerColumnKey, row: LedgerRow): Editor | null {
  if (TEXT_EDITABLE.has(key)) return { kind: 'text' };
  if (DATE_EDITABLE.has(key)) return { kind: 'date' };
  if (NUMBER_EDITABLE.has(key)) return { kind: 'number' };
  if (key === 'status') return { kind: 'select', options: STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] })) };
  if (key === 'category') return { kind: 'select', options: CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] })) };
  if (key === 'disposalMethod') {
    return { kind: 'select', options: [{ value: '', label: '（未定）' }, ...DISPOSAL_METHODS[taskTypeOf(row.category)].map((m) => ({ value: m, label: m }))] };
  }
  return null;
}

/** The cell's value as the editor starts with it. */
export function editText(row: LedgerRow, key: keyof ParcelFields): string {
  const v = row[key];
  return Array.isArray(v) ? v.join('、') : v === null || v === undefined ? '' : String(v);
}
