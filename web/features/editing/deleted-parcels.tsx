/**
 * For admins: the campaign's deleted parcels, each with 恢复 (POST /api/parcels/:id/undelete with the version the
 * deletion left). Deletion is soft precisely so that it can be undone later, not only right after it happened.
 */
import { useEffect, useState } from 'react';
import { getJson, sendJson } from '../../api/client.ts';
import type { ParcelFeature } from '../../api/types.ts';
import { useSession } from '../auth/session.tsx';

interface DeletedParcel {
  id: number;
  code: string;
  projectName: string;
  version: number;
  deletedAt: string;
  deletedBy: string | null;
}

interface DeletedParcelsProps {
  campaignId: number;
  /** Bumped by the page after any change, so the list follows deletions made elsewhere on it. */
  revision: number;
  onRestored: (parcel: ParcelFeature) => void;
}

export function DeletedParcels({ campaignId, revision, onRestored }: DeletedParcelsProps) {
  const { user } = useSession();
  const isAdmin = user?.role === 'admin';
  const [parcels, setParcels] = useState<DeletedParcel[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  useEffect(() => {
    if (!isAdmin) return;
    const controller = new AbortController();
    getJson<{ parcels: DeletedParcel[] }>(`/api/parcels/deleted?campaign=${campaignId}`, controller.signal).then(
      (answer) => setParcels(answer.parcels),
      (e: unknown) => !controller.signal.aborted && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => controller.abort();
  }, [isAdmin, campaignId, revision]);

  if (!isAdmin) return null;

  const restore = async (parcel: DeletedParcel) => {
    setBusy(parcel.id);
    setError(null);
    try {
      const restored = await sendJson<ParcelFeature>('POST', `/api/parcels/${parcel.id}/undelete`, { version: parcel.version });
      setParcels((list) => list?.filter((p) => p.id !== parcel.id) ?? null);
      onRestored(restored!);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <details className="panel-section deleted-parcels" data-testid="deleted-parcels">
      <summary>
        已删除地块 <span className="chip__count">{parcels === null ? '…' : parcels.length}</span>
      </summary>
      {error && <p className="error-box" role="alert">{error}</p>}
      {parcels?.length === 0 && <p className="hint">没有已删除的地块。</p>}
      <ul className="deleted-parcels__list">
        {parcels?.map((p) => (
          <li key={p.id}>
            <div>
              <strong>{p.code}</strong> {p.projectName}
              <div className="hint">
                {p.deletedBy ?? '—'} 删除于 {p.deletedAt.slice(0, 16).replace('T', ' ')}（UTC）
              </div>
            </div>
            <button type="button" className="button button--small" disabled={busy !== null} onClick={() => void restore(p)}>
              {busy === p.id ? '正在恢复…' : '恢复'}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
