/**
 * The parcel's change history (变更记录): who changed what, when; every ledger edit is kept, never overwritten.
 * Pointing at an entry (hover or keyboard focus) shows that version's boundary on the map; editors may restore it.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { HistoryEntry } from '../../api/types.ts';
import { timestampZh } from '../../format.ts';
import { changedFields, HISTORY_ACTION_LABELS as ACTION_LABELS } from '../../../core/history-labels.ts';

/** Entries of disposal records: they keep the parcel's fields unchanged, so there is no version of them to restore. */
const DISPOSAL_ACTIONS = new Set(['disposal', 'disposal_delete']);

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
