/**
 * A bulk change (批量修改): one set of field values applied to many parcels. Only fields that make sense for many
 * parcels at once may be set (never the code, the areas or the boundary); each parcel is then checked with the same
 * rules as a single edit, because e.g. a disposal method valid for one category is not for another.
 */
import { BULK_FIELD_KEYS, FIELD_LABELS, type BulkFieldKey } from '../fields/registry.ts';
import { cellText } from '../fields/text.ts';
import { parseParcelFields, type FieldProblem, type Parsed } from '../fields/parse.ts';
import type { ParcelFields } from '../parcel.ts';

/** The fields the registry marks as settable in bulk, in ledger order. */
export const BULK_FIELDS: readonly BulkFieldKey[] = BULK_FIELD_KEYS;
export type BulkField = BulkFieldKey;
export type BulkChanges = Partial<Pick<ParcelFields, BulkField>>;

export const BULK_FIELD_LABELS: Record<BulkField, string> = FIELD_LABELS;

/** The `changes` of a request: an object naming at least one bulk field, nothing else. Values are checked per parcel. */
export function parseBulkChanges(input: unknown): { ok: true; value: BulkChanges } | { ok: false; message: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, message: 'changes 应为要修改的字段及其新值' };
  const keys = Object.keys(input);
  const wrong = keys.filter((k) => !(BULK_FIELDS as readonly string[]).includes(k));
  if (wrong.length) {
    return { ok: false, message: `不能批量修改“${wrong.join('、')}”，可批量修改的字段：${BULK_FIELDS.map((f) => BULK_FIELD_LABELS[f]).join('、')}` };
  }
  if (!keys.length) return { ok: false, message: '没有要修改的字段' };
  // Empty text clears a field, as in the single edit form.
  const value = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v === '' ? null : v])) as BulkChanges;
  return { ok: true, value };
}

/** The parcel's fields with the changes applied, validated as a single edit would be. */
export function applyBulkChanges(fields: ParcelFields, changes: BulkChanges): Parsed<ParcelFields> {
  return parseParcelFields({ ...fields, ...changes } as unknown as Record<string, unknown>);
}

/** The change in words for the history and the change set, e.g. 处置方式改为“动工开发”；状态改为“处置中”. */
export function describeBulkChanges(changes: BulkChanges): string {
  return (Object.keys(changes) as BulkField[])
    .map((field) => {
      const v = changes[field];
      const cell = cellText(field, v);
      const shown = cell === null ? null : String(cell);
      return shown === null ? `清空${BULK_FIELD_LABELS[field]}` : `${BULK_FIELD_LABELS[field]}改为“${shown}”`;
    })
    .join('；');
}

export type { FieldProblem };
