/**
 * The parcel panel's 外业核查任务: the parcel's current field task (who, by when, its status) for anyone signed in, and
 * for those who may edit the parcel the ways to assign, reassign or cancel it.
 */
import { useEffect, useState } from 'react';
import type { Assignment } from '../../../core/assignments.ts';
import { ApiError, sendJson } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { timestampZh } from '../../format.ts';
import { useSession } from '../auth/session.tsx';
import { mayEditParcel } from '../editing/permissions.ts';
import { AssignDialog, ASSIGNMENTS_CHANGED, announceAssignmentsChanged, type AssignTarget } from './assign-dialog.tsx';
import { AssignmentBadge } from './status-badge.tsx';
import './assignments.css';

/** The task that stands: the newest one not cancelled. */
const currentOf = (list: Assignment[]): Assignment | null => [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;

export function ParcelAssignment({ parcel }: { parcel: { id: number; code: string; unitId: number } }) {
  const { user } = useSession();
  const [revision, setRevision] = useState(0);
  const [dialog, setDialog] = useState<AssignTarget | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const reread = () => setRevision((r) => r + 1);
    window.addEventListener(ASSIGNMENTS_CHANGED, reread);
    return () => window.removeEventListener(ASSIGNMENTS_CHANGED, reread);
  }, []);
  const answer = useApi<{ assignments: Assignment[] }>(user ? `/api/assignments?parcel=${parcel.id}&rev=${revision}` : null, parcel.id);
  if (!user) return null;
  const task = answer.state === 'ready' ? currentOf(answer.data.assignments) : null;
  const mayAssign = mayEditParcel(user, parcel);
  const open = task && (task.status === 'pending' || task.status === 'overdue');
  if (!task && !mayAssign) return null;

  const cancel = async (t: Assignment) => {
    setError(null);
    try {
      await sendJson('POST', `/api/assignments/${t.id}/cancel`);
      announceAssignmentsChanged();
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className={`parcel-assignment parcel-assignment--${task?.status ?? 'none'}`} aria-label="外业核查任务" data-testid="parcel-assignment">
      <div className="parcel-assignment__head">
        <strong>外业核查任务</strong>
        {task && <AssignmentBadge task={task} />}
      </div>
      {task ? (
        <>
          <span>
            {task.assignee.displayName} · 期限 {task.dueDate}
            {task.status === 'checked' && task.lastCheckAt ? ` · 核查于 ${timestampZh(task.lastCheckAt)}` : ''}
          </span>
          {task.note && <span className="muted">要点：{task.note}</span>}
          <span className="muted">
            {task.assignedBy.displayName} 指派于 {timestampZh(task.createdAt)}
          </span>
        </>
      ) : (
        <span className="muted">尚未指派外业核查。</span>
      )}
      {mayAssign && (
        <div className="parcel-assignment__actions">
          {open ? (
            <>
              <button type="button" className="button button--small button--quiet" onClick={() => setDialog({ kind: 'reassign', task })}>
                改派…
              </button>
              <button type="button" className="button button--small button--quiet" onClick={() => void cancel(task)}>
                取消任务
              </button>
            </>
          ) : (
            <button type="button" className="button button--small button--quiet" onClick={() => setDialog({ kind: 'assign', parcels: [{ id: parcel.id, code: parcel.code }] })}>
              {task ? '再次指派外业核查…' : '指派外业核查…'}
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      {dialog && <AssignDialog target={dialog} onClose={() => setDialog(null)} />}
    </section>
  );
}
