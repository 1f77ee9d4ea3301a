/**
 * How a parcel's history (变更记录) reads in the ledger's words: the action names and what each changed field is
 * called; shared by the parcel panel and the printed dossier.
 */
import { FIELDS } from './fields/registry.ts';

export const HISTORY_ACTION_LABELS: Record<string, string> = {
  create: '创建',
  update: '修改',
  delete: '删除',
  restore: '恢复',
  import: '导入',
  disposal: '登记处置',
  disposal_delete: '删除处置记录',
};

/**
 * What a snapshot's keys mean, in the words of the ledger: each field by its API name and, in entries written before
 * editing arrived, by its column name; then what snapshots hold beyond the ledger fields.
 */
const FIELD_LABELS: Record<string, string> = {
  ...Object.fromEntries(FIELDS.flatMap((f) => [[f.key, f.label], [f.sql, f.label]])),
  unit_id: '所属单位',
  unitId: '所属单位',
  geometry: '图形',
  area_mu: '图形面积',
  disposedMu: '已处置面积',
  disposal: '处置记录',
  deleted: '删除状态',
};

/** Bookkeeping columns that change with every edit and say nothing about it. */
const IGNORED = new Set(['version', 'updated_at', 'created_at', 'id']);

/** The labels of the fields a history entry changed (none for a creation or a deletion snapshot alone). */
export function changedFields(entry: { before: Record<string, unknown> | null; after: Record<string, unknown> | null }): string[] {
  const { before, after } = entry;
  if (!before || !after) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    // A field added since the earlier snapshot was written (absent there) and still empty is no change.
    .filter((key) => !IGNORED.has(key) && JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null))
    .map((key) => FIELD_LABELS[key] ?? key);
}
