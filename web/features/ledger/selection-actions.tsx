/**
 * What the 台账's selection bar offers beyond editing: 指派外业核查 (for those who may edit; an editor's parcels outside
 * their units are refused by the server, named) and 打印所选 (the selected parcels' dossiers as one PDF, with the print
 * menu's progress bar).
 */
import { createPortal } from 'react-dom';
import { useState } from 'react';
import type { LedgerRow } from '../../../core/ledger/row.ts';
import { mayAssignFieldChecks } from '../../../core/roles.ts';
import { useSession } from '../auth/session.tsx';
import { AssignDialog } from '../assignments/assign-dialog.tsx';
import { BatchProgress, useDossierBatch } from '../print/dossier-batch.tsx';

interface SelectionActionsProps {
  rows: LedgerRow[];
  /** The table shows the ledger as it stood on a past day (台账截至): tasks are given on the ledger as it stands. */
  pastDay: boolean;
}

export function SelectionActions({ rows, pastDay }: SelectionActionsProps) {
  const { user } = useSession();
  const canAssign = Boolean(user && !pastDay && mayAssignFieldChecks(user.role));
  // A batch is minutes of the server's browser: signed-in users only, as the API requires.
  const canPrint = Boolean(user);
  const [assigning, setAssigning] = useState<Array<{ id: number; code: string }> | null>(null);
  const { batch, start } = useDossierBatch();
  return (
    <>
      {canAssign && (
        <button type="button" className="button button--small button--quiet" disabled={!rows.length} onClick={() => setAssigning(rows.map((r) => ({ id: r.id, code: r.code })))}>
          指派外业核查…
        </button>
      )}
      {canPrint && (
        <button
          type="button"
          className="button button--small button--quiet"
          disabled={!rows.length || batch.kind === 'running'}
          title="所选地块的宗地档案合为一个 PDF"
          onClick={() => void start({ ids: rows.map((r) => r.id) })}
        >
          {batch.kind === 'running' ? '正在打印…' : '打印所选'}
        </button>
      )}
      {batch.kind !== 'idle' && (
        <span className="ledger-bulk__print">
          <BatchProgress batch={batch} />
        </span>
      )}
      {/* In the page's body: the bar's compact input styles must not reach the dialog's form. */}
      {assigning &&
        createPortal(
          <AssignDialog target={{ kind: 'assign', parcels: assigning }} onClose={() => setAssigning(null)} />,
          document.body,
        )}
    </>
  );
}
