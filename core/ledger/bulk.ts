/**
 * A bulk change (批量修改): one set of field values applied to many parcels. Only fields that make sense for many
 * parcels at once may be set (never the code, the areas or the boundary); each parcel is then checked with the same
 * rules as a single edit, because e.g. a disposal method valid for one category is not for another.
 */
import { STATUS_LABELS, type Status } from '../categories.ts';
import { parseParcelFields, type FieldProblem, type Parsed } from '../parcel-input.ts';
import type { ParcelFields } from '../parcel.ts';

export const BULK_FIELDS = ['status', 'disposalMethod', 'responsiblePerson', 'reasons', 'remarks', 'landUse', 'sourceLists'] as const;
export type BulkField = (typeof BULK_FIELDS)[number];
export type BulkChanges = Partial<Pick<ParcelFields, BulkField>>;

export const BULK_FIELD_LABELS: Record<BulkField, string> = {
  status: '状态', disposalMethod: '处置方式', responsiblePerson: '责任人', reasons: '未利用原因', remarks: '备注',
  landUse: '土地用途', sourceLists: '来源清单',
};

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
      const shown = v === null || v === undefined || (Array.isArray(v) && v.length === 0) ? null
        : field === 'status' ? STATUS_LABELS[v as Status] ?? String(v)
        : Array.isArray(v) ? v.join('、') : String(v);
      return shown === null ? `清空${BULK_FIELD_LABELS[field]}` : `${BULK_FIELD_LABELS[field]}改为“${shown}”`;
    })
    .join('；');
}

export type { FieldProblem };
