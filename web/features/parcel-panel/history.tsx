/**
 * The parcel's change history (变更记录): who changed what, when; every ledger edit is kept, never overwritten.
 * Pointing at an entry (hover or keyboard focus) shows that version's boundary on the map; editors may restore it.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { HistoryEntry } from '../../api/types.ts';
import { timestampZh } from '../../format.ts';
import { FIELDS } from '../../../core/fields/registry.ts';

const ACTION_LABELS: Record<string, string> = {
  create: '创建',
  update: '修改',
  delete: '删除',
  restore: '恢复',
  import: '导入',
  disposal: '登记处置',
  disposal_delete: '删除处置记录',
};

/** Entries of disposal records: they keep the parcel's fields unchanged, so there is no version of them to restore. */
const DISPOSAL_ACTIONS = new Set(['disposal', 'disposal_delete']);

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

function changedFields(entry: HistoryEntry): string[] {
  if (!entry.before || !entry.after) return [];
  const keys = new Set([...Object.keys(entry.before), ...Object.keys(entry.after)]);
  return [...keys]
    // A field added since the earlier snapshot was written (absent there) and still empty is no change.
    .filter((key) => !IGNORED.has(key) && JSON.stringify(entry.before![key] ?? null) !== JSON.stringify(entry.after![key] ?? null))
    .map((key) => FIELD_LABELS[key] ?? key);
}

/** The boundary a history entry left the parcel with, if it kept one. */
function boundaryOf(entry: HistoryEntry): Polygon | MultiPolygon | null {
  const g = entry.after?.geometry as Polygon | MultiPolygon | null | undefined;
  return g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? g : null;
}

interface HistoryProps {
  entries: HistoryEntry[];
  /** The version now current: restoring it would change nothing. */
  currentVersion: number;
  onPreview: (boundary: Polygon | MultiPolygon | null) => void;
  /** Absent for those who may not edit. */
  onRestore?: (entry: HistoryEntry) => void;
  restoring: number | null;
}

export function History({ entries, currentVersion, onPreview, onRestore, restoring }: HistoryProps) {
  return (
    <section className="field-group">
      <h3 className="field-group__title">变更记录</h3>
      {entries.length === 0 ? (
        <p className="hint">暂无变更记录。</p>
      ) : (
        <ol className="history" data-testid="history" onMouseLeave={() => onPreview(null)}>
          {[...entries].reverse().map((entry) => {
            const changed = changedFields(entry);
            return (
              <li
                key={entry.id}
                className="history__entry"
                tabIndex={0}
                onMouseEnter={() => onPreview(boundaryOf(entry))}
                onFocus={() => onPreview(boundaryOf(entry))}
                onBlur={() => onPreview(null)}
              >
                <span className="history__version">v{entry.version}</span>
                <span className="history__what">
                  {ACTION_LABELS[entry.action] ?? entry.action}
                  {changed.length ? `：${changed.join('、')}` : ''}
                  {entry.changeSet && (
                    <span className="history__bulk" title={entry.changeSet.summary}>
                      批量修改 共 {entry.changeSet.count} 宗
                    </span>
                  )}
                </span>
                <span className="history__who">
                  {entry.actor ?? '未知'} · {timestampZh(entry.at)}
                </span>
                {onRestore && entry.after && !entry.after.deleted && !DISPOSAL_ACTIONS.has(entry.action) && entry.version !== currentVersion && (
                  <button type="button" className="link-button history__restore" disabled={restoring !== null} onClick={() => onRestore(entry)}>
                    {restoring === entry.id ? '正在恢复…' : '恢复此版本'}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
