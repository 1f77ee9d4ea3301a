/**
 * The open parcel's edit buttons, for those who may edit it: 编辑 (ledger fields), 编辑边界 (the boundary on the map),
 * and for admins 删除, asked twice because a deletion takes the parcel off the map and out of the progress figures.
 */
import { useState } from 'react';
import { ApiError, sendJson } from '../../api/client.ts';
import type { ParcelDetail } from '../../api/types.ts';
import { useSession } from '../auth/session.tsx';
import { mayEditParcel } from './permissions.ts';

export interface DeletedParcel {
  id: number;
  code: string;
  version: number;
}

interface ParcelActionsProps {
  detail: ParcelDetail;
  onEdit: () => void;
  onEditBoundary: () => void;
  /**
   * The panel is reloading the parcel after a change made here (saved, restored): the detail in hand is the version
   * before it, so editing or deleting from it now would only meet a version conflict. The buttons wait.
   */
  reloading: boolean;
  /** With what undeleting needs: the deleted parcel's id, code and version after the deletion. */
  onDeleted: (deleted: DeletedParcel) => void;
}

export function ParcelActions({ detail, onEdit, onEditBoundary, reloading, onDeleted }: ParcelActionsProps) {
  const { user } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!user || !mayEditParcel(user, detail.properties)) return null;
  const p = detail.properties;

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await sendJson('DELETE', `/api/parcels/${p.id}?version=${p.version}`);
      // A deletion is a new version of its own (the API counts it); undeleting names that version.
      onDeleted({ id: p.id, code: p.code, version: p.version + 1 });
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'version_conflict' ? '地块已被他人修改，请重新打开后再删除' : e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  const waitTitle = reloading ? '正在载入最新版本…' : undefined;
  return (
    <div className="parcel-actions">
      <button type="button" className="button button--small" disabled={reloading} title={waitTitle} onClick={onEdit}>
        编辑
      </button>
      <button
        type="button"
        className="button button--small button--quiet"
        title={waitTitle ?? '在地图上拖动界址点修改边界，可添加内环（洞）与地块部分'}
        disabled={reloading}
        onClick={onEditBoundary}
      >
        {detail.geometry ? '编辑边界' : '绘制边界'}
      </button>
      {user.role === 'admin' && !confirming && (
        <button type="button" className="button button--small button--quiet" disabled={reloading} title={waitTitle} onClick={() => setConfirming(true)}>
          删除
        </button>
      )}
      {confirming && (
        <div className="confirm-box" role="alertdialog" aria-label="确认删除">
          <span>
            确定删除地块 <strong>{p.code}</strong>？删除后地块不再显示，也不计入进度；管理员可恢复。
          </span>
          <div className="form-actions">
            <button type="button" className="button button--small button--quiet" disabled={busy} onClick={() => setConfirming(false)}>
              取消
            </button>
            <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => void remove()}>
              {busy ? '正在删除…' : '确认删除'}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
