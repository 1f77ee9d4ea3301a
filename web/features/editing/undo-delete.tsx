/**
 * Right after an admin deletes a parcel: a notice over the map with 撤销删除, which undeletes it (POST
 * /api/parcels/:id/undelete with the version the deletion made). A deleted parcel answers 404 on its own URL, so the
 * id and version are kept here from the moment of deletion.
 */
import { useState } from 'react';
import { ApiError, sendJson } from '../../api/client.ts';
import type { ParcelFeature } from '../../api/types.ts';
import { useSession } from '../auth/session.tsx';
import type { DeletedParcel } from './parcel-actions.tsx';

interface UndoDeleteProps {
  deleted: DeletedParcel;
  onUndeleted: (parcel: ParcelFeature) => void;
  onDismiss: () => void;
}

export function UndoDelete({ deleted, onUndeleted, onDismiss }: UndoDeleteProps) {
  const { user } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (user?.role !== 'admin') return null;

  const undelete = async () => {
    setBusy(true);
    setError(null);
    try {
      const parcel = await sendJson<ParcelFeature>('POST', `/api/parcels/${deleted.id}/undelete`, { version: deleted.version });
      onUndeleted(parcel!);
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'version_conflict'
          ? '地块在删除后又被修改，无法在此撤销，请在历史记录中处理'
          : e instanceof ApiError && e.code === 'not_deleted'
            ? '地块已被恢复'
            : e instanceof Error
              ? e.message
              : String(e),
      );
      setBusy(false);
    }
  };

  return (
    <div className="undo-toast" role="status" data-testid="undo-delete">
      <span>
        已删除地块 <strong>{deleted.code}</strong>
      </span>
      <button type="button" className="button button--small" disabled={busy} onClick={() => void undelete()}>
        {busy ? '正在恢复…' : '撤销删除'}
      </button>
      <button type="button" className="icon-button" aria-label="关闭提示" onClick={onDismiss}>
        ×
      </button>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
