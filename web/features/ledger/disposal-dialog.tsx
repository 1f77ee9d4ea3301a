/** A parcel's disposal records from the ledger table: the list (editors may remove one) and the form for a new one. */
import { useEffect, useRef, useState } from 'react';
import { sendJson } from '../../api/client.ts';
import type { ParcelDetail } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { DisposalTable } from '../parcel-panel/disposals.tsx';
import { DisposalForm, type DisposalTarget } from './disposal-form.tsx';

export function DisposalDialog({ parcel, onChanged, onClose }: { parcel: DisposalTarget; onChanged: (disposedMu: number) => void; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [revision, setRevision] = useState(0);
  const detail = useApi<ParcelDetail>(`/api/parcels/${parcel.id}?rev=${revision}`);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const changed = (disposedMu: number) => {
    setRevision((r) => r + 1);
    onChanged(disposedMu);
  };
  const remove = async (id: number, amount: number) => {
    setError(null);
    try {
      await sendJson('DELETE', `/api/parcels/${parcel.id}/disposals/${id}`);
      changed(parcel.disposedMu - amount);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const disposals = detail.state === 'ready' ? detail.data.disposals : detail.state === 'loading' ? detail.stale?.disposals ?? null : null;
  return (
    <dialog ref={dialog} className="dialog ledger-disposal-dialog" onClose={onClose} aria-labelledby="ledger-disposal-title">
      <div className="dialog__form">
        <h2 id="ledger-disposal-title">处置记录 · {parcel.code}</h2>
        {disposals === null ? (
          detail.state === 'error' ? <p className="error-box">{detail.message}</p> : <div className="skeleton" aria-label="正在加载" />
        ) : (
          <DisposalTable disposals={disposals} onRemove={(d) => void remove(d.id, d.mu)} />
        )}
        {error && <p className="error-box" role="alert">{error}</p>}
        <DisposalForm key={parcel.disposedMu} parcel={parcel} onSaved={changed} />
        <div className="dialog__actions">
          <button type="button" className="button button--quiet" onClick={() => dialog.current?.close()}>关闭</button>
        </div>
      </div>
    </dialog>
  );
}
