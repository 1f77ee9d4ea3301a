/** The table's columns on screen: which are shown at first, their widths in pixels, which may be edited in a cell and how. */
import { fieldOf, isFieldKey } from '../../../core/fields/registry.ts';
import { formText } from '../../../core/fields/text.ts';
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

/** How a cell is edited in place, from the field's type in the registry; null when it is not (the code, derived figures, the unit). */
export function editorFor(key: LedgerColumnKey, row: LedgerRow): Editor | null {
  if (!isFieldKey(key)) return null;
  const field = fieldOf(key);
  if (field.fixed) return null;
  switch (field.type) {
    case 'enum':
      return { kind: 'select', options: field.values.map((v) => ({ value: v, label: field.valueLabels[v] ?? v })) };
    case 'amount':
      return { kind: 'number' };
    case 'date':
      return { kind: 'date' };
    case 'list':
      return { kind: 'text' };
    case 'text':
      return field.choices ? { kind: 'select', options: [{ value: '', label: '（未定）' }, ...field.choices(row).map((m) => ({ value: m, label: m }))] } : { kind: 'text' };
  }
}

/** The cell's value as the editor starts with it. */
export function editText(row: LedgerRow, key: keyof ParcelFields): string {
  return formText(row[key]);
}
