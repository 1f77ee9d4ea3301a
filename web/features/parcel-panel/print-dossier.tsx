/** 打印宗地档案: the parcel's dossier (一宗一档) as an A4 PDF, printed by the server; a few seconds' work, said so. */
import { useState } from 'react';
import { download } from '../../api/download.ts';

export function PrintDossier({ parcelId, code }: { parcelId: number; code: string }) {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'printing' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const print = async () => {
    setState({ kind: 'printing' });
    try {
      await download(`/api/parcels/${parcelId}/dossier.pdf`, `宗地档案-${code}.pdf`);
      setState({ kind: 'idle' });
    } catch (e) {
      setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <div className="print-dossier">
      <button type="button" className="button button--small button--quiet" disabled={state.kind === 'printing'} onClick={() => void print()} data-testid="print-dossier">
        {state.kind === 'printing' ? '正在生成宗地档案…' : '打印宗地档案（PDF）'}
      </button>
      {state.kind === 'error' && (
        <p className="error-box" role="alert">
          {state.message}
        </p>
      )}
    </div>
  );
}
