/**
 * A parcel's field checks: those still on this phone with their sync state (待同步 / 已同步 / 冲突), then those
 * the server has (from anyone), newest first.
 */
import { FIELD_STATE_LABELS } from '../../../core/field-check.ts';
import type { QueuedCheck, QueueStatus } from './offline/db.ts';
import { discard, retry, syncQueue } from './offline/queue.ts';
import { FieldCheckEntry, when } from './field-check-entry.tsx';
import type { FieldCheck } from './types.ts';

export const QUEUE_STATUS_LABELS: Record<QueueStatus, string> = { queued: '待同步', sent: '已同步', conflict: '冲突' };

export function QueueItem({ item, showParcel = false }: { item: QueuedCheck; showParcel?: boolean }) {
  return (
    <li className={`field-check field-check--${item.status}`} data-testid="queued-check" data-client-id={item.clientId}>
      <div className="field-check__head">
        <span className={`field-status field-status--${item.status}`}>{QUEUE_STATUS_LABELS[item.status]}</span>
        <strong>{FIELD_STATE_LABELS[item.state]}</strong>
        <span className="field-check__time">{when(item.observedAt)}</span>
      </div>
      {showParcel && (
        <p className="field-check__parcel">
          {item.parcelCode} · {item.projectName}
        </p>
      )}
      {item.notes && <p className="field-check__notes">{item.notes}</p>}
      <p className="field-check__meta">
        {item.photos.length ? `${item.photos.length} 张照片` : '无照片'}
        {item.position ? ` · 位置 ±${Math.round(item.position.accuracyM ?? 0)} 米` : ' · 无位置'}
      </p>
      {item.message && <p className={item.status === 'conflict' ? 'field-check__message error-text' : 'field-check__message'}>{item.message}</p>}
      {item.status === 'conflict' && (
        <div className="field-check__actions">
          {!item.result && (
            <button type="button" className="link-button" onClick={() => void retry(item.clientId).then(() => syncQueue())}>
              重新提交
            </button>
          )}
          <button type="button" className="link-button" onClick={() => void discard(item.clientId)}>
            {item.result ? '知道了' : '删除此记录'}
          </button>
        </div>
      )}
    </li>
  );
}

export function FieldCheckList(props: { local: QueuedCheck[]; server: FieldCheck[] }) {
  const localIds = new Set(props.local.map((item) => item.clientId));
  const server = props.server.filter((check) => !localIds.has(check.clientId));
  if (props.local.length === 0 && server.length === 0) return <p className="hint">尚无外业核查记录</p>;
  return (
    <ul className="field-checks" role="list" aria-label="核查记录">
      {props.local.map((item) => (
        <QueueItem key={item.clientId} item={item} />
      ))}
      {server.map((check) => (
        <FieldCheckEntry key={check.id} check={check} />
      ))}
    </ul>
  );
}
