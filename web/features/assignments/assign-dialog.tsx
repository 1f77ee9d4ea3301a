/**
 * 指派外业核查: choose the field account, the due date and a note for parcels (a ledger selection or the open parcel),
 * or give an open task to another account (改派). The server decides who may assign what; its reasons are shown
 * beside the field they concern.
 */
import { useEffect, useRef, useState } from 'react';
import { MAX_ASSIGN_PARCELS, MAX_ASSIGNMENT_NOTE_CHARS, type Assignment, type AssignmentProblems } from '../../../core/assignments.ts';
import { addDays, todayInChina } from '../../../core/dates.ts';
import { ApiError, sendJson } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import './assignments.css';

interface FieldAccount {
  id: number;
  username: string;
  displayName: string;
  open: number;
}

export type AssignTarget =
  | { kind: 'assign'; parcels: Array<{ id: number; code: string }> }
  | { kind: 'reassign'; task: Assignment };

/**
 * Told on the window whenever tasks were given, reassigned or cancelled: what shows them (the parcel panel) reads
 * them again, wherever the change was made (the 台账's selection, the panel itself).
 */
export const ASSIGNMENTS_CHANGED = 'panhuo:assignments-changed';
export const announceAssignmentsChanged = () => window.dispatchEvent(new Event(ASSIGNMENTS_CHANGED));

/** A week is the usual time given for a roadside check. */
const DEFAULT_DAYS = 7;

export function AssignDialog({ target, onClose }: { target: AssignTarget; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  const accounts = useApi<{ accounts: FieldAccount[] }>('/api/assignments/field-accounts');
  const today = todayInChina();
  const reassigning = target.kind === 'reassign' ? target.task : null;
  const [assigneeId, setAssigneeId] = useState<number | null>(null);
  const [dueDate, setDueDate] = useState<string>(reassigning && reassigning.dueDate >= today ? reassigning.dueDate : addDays(today, DEFAULT_DAYS));
  const [note, setNote] = useState(reassigning?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [problems, setAssignmentProblems] = useState<AssignmentProblems>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const list = accounts.state === 'ready' ? accounts.data.accounts.filter((a) => a.id !== reassigning?.assignee.id) : [];
  // The only account there is is the one meant.
  const only = list.length === 1 ? list[0]!.id : null;
  useEffect(() => {
    if (only !== null) setAssigneeId((id) => id ?? only);
  }, [only]);

  const parcels = target.kind === 'assign' ? target.parcels : [{ id: target.task.parcelId, code: target.task.parcelCode }];
  const tooMany = parcels.length > MAX_ASSIGN_PARCELS;

  const submit = async () => {
    setBusy(true);
    setAssignmentProblems({});
    setError(null);
    try {
      const made = reassigning
        ? [(await sendJson<{ assignment: Assignment }>('POST', `/api/assignments/${reassigning.id}/reassign`, { assigneeId, dueDate, note }))!.assignment]
        : (await sendJson<{ assignments: Assignment[] }>('POST', '/api/assignments', { parcelIds: parcels.map((p) => p.id), assigneeId, dueDate, note }))!.assignments;
      const who = made[0]?.assignee.displayName ?? '';
      setDone(`已${reassigning ? '改派' : '指派'} ${made.length} 宗给 ${who}，完成期限 ${dueDate}`);
      announceAssignmentsChanged();
    } catch (e) {
      const fieldAssignmentProblems = e instanceof ApiError ? ((e.extra.problems as AssignmentProblems | undefined) ?? {}) : {};
      setAssignmentProblems(fieldAssignmentProblems);
      if (!Object.keys(fieldAssignmentProblems).length || fieldAssignmentProblems.parcelIds) setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const shownCodes = parcels.slice(0, 6).map((p) => p.code).join('、');
  return (
    <dialog ref={dialog} className="dialog assign-dialog" onClose={onClose} aria-labelledby="assign-title" data-testid="assign-dialog">
      <form
        className="dialog__form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="assign-title">{reassigning ? '改派外业核查' : '指派外业核查'}</h2>
        <p className="assign-dialog__parcels">
          {parcels.length} 宗地块：{shownCodes}
          {parcels.length > 6 ? ` 等` : ''}
          {reassigning ? `（现由 ${reassigning.assignee.displayName} 核查，${reassigning.statusLabel}）` : ''}
        </p>
        {tooMany && <p className="error-box">一次最多指派 {MAX_ASSIGN_PARCELS} 宗，请缩小选择后分批指派。</p>}
        <label className={`form-field ${problems.assigneeId ? 'form-field--invalid' : ''}`}>
          外业核查人员
          <select value={assigneeId ?? ''} onChange={(e) => setAssigneeId(e.target.value ? Number(e.target.value) : null)} required disabled={accounts.state !== 'ready'}>
            <option value="">{accounts.state === 'loading' ? '正在加载…' : list.length ? '请选择…' : '没有可指派的外业核查账号'}</option>
            {list.map((a) => (
              <option key={a.id} value={a.id}>
                {a.displayName}（{a.username}）{a.open ? ` · 在办 ${a.open} 宗` : ''}
              </option>
            ))}
          </select>
          {accounts.state === 'error' && <span className="form-field__error">{accounts.message}</span>}
          {problems.assigneeId && <span className="form-field__error">{problems.assigneeId}</span>}
        </label>
        <div className="assign-dialog__row">
          <label className={`form-field ${problems.dueDate ? 'form-field--invalid' : ''}`}>
            完成期限
            <input type="date" min={today} value={dueDate} onChange={(e) => setDueDate(e.target.value)} required />
            {problems.dueDate && <span className="form-field__error">{problems.dueDate}</span>}
          </label>
        </div>
        <label className={`form-field ${problems.note ? 'form-field--invalid' : ''}`}>
          备注（核查要点）
          <textarea value={note} maxLength={MAX_ASSIGNMENT_NOTE_CHARS} placeholder="如：核实是否已动工、拍摄四至照片" onChange={(e) => setNote(e.target.value)} />
          {problems.note && <span className="form-field__error">{problems.note}</span>}
        </label>
        {error && (
          <p className="error-box" role="alert">
            {error}
          </p>
        )}
        {done && (
          <p className="assign-dialog__done" role="status">
            {done}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button button--quiet" onClick={() => dialog.current?.close()}>
            {done ? '关闭' : '取消'}
          </button>
          {!done && (
            <button type="submit" className="button" disabled={busy || tooMany || assigneeId === null}>
              {busy ? '正在指派…' : reassigning ? '改派' : `指派 ${parcels.length} 宗`}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
