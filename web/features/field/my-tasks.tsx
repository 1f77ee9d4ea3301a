/**
 * 我的任务: the parcels assigned to the signed-in person, with status (待核查 / 已核查 / 逾期), due date and distance;
 * a row opens the parcel. The last answer is kept on the phone, so the list opens offline too; there the status is
 * worked out on the phone by the same rule (core/assignments.ts), and a check still in the outbox already shows.
 */
import type { MultiPolygon } from 'geojson';
import { useEffect, useState } from 'react';
import { answeredOnPhone, ASSIGNMENT_STATUS_LABELS, assignmentStatus, daysToDue, shownToAssignee, type Assignment } from '../../../core/assignments.ts';
import { todayInChina } from '../../../core/dates.ts';
import { approach, formatDistance, type LonLat } from '../../../core/geodesy.ts';
import { ApiError, getJson } from '../../api/client.ts';
import type { User } from '../auth/session.tsx';
import { AssignmentBadge } from '../assignments/status-badge.tsx';
import type { QueuedCheck } from './offline/db.ts';
import './my-tasks.css';

export type FieldTask = Assignment & { geometry: MultiPolygon | null };

export type Tasks = { state: 'none' } | { state: 'ready'; tasks: FieldTask[]; offline: boolean } | { state: 'error'; message: string };

const storageKey = (userId: number, campaignId: number) => `panhuo.field.tasks.${userId}.${campaignId}`;

/** The saved answer's tasks with their status worked out anew for this moment (the phone's clock). */
function rejudged(tasks: FieldTask[], now: Date): FieldTask[] {
  return tasks
    .map((t) => {
      const status = assignmentStatus(t, now);
      return { ...t, status, statusLabel: ASSIGNMENT_STATUS_LABELS[status], daysToDue: daysToDue(t.dueDate, now) };
    })
    .filter((t) => shownToAssignee(t, now));
}

/** The person's tasks in the campaign: fetched again whenever `refresh` moves (a check recorded or synced). */
export function useMyTasks(user: User | null | undefined, campaignId: number, online: boolean, refresh: number): Tasks {
  const [tasks, setTasks] = useState<Tasks>({ state: 'none' });
  const userId = user?.id ?? null;
  useEffect(() => {
    if (userId === null) {
      setTasks({ state: 'none' });
      return;
    }
    const controller = new AbortController();
    const key = storageKey(userId, campaignId);
    getJson<{ assignments: FieldTask[] }>(`/api/assignments/mine?campaign=${campaignId}`, controller.signal).then(
      ({ assignments }) => {
        localStorage.setItem(key, JSON.stringify(assignments));
        setTasks({ state: 'ready', tasks: assignments, offline: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const saved = localStorage.getItem(key);
        if (error instanceof ApiError && error.code === 'network' && saved) setTasks({ state: 'ready', tasks: rejudged(JSON.parse(saved) as FieldTask[], new Date()), offline: true });
        else setTasks({ state: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [userId, campaignId, online, refresh]);
  return tasks;
}

/** The China calendar day of an instant, as the app shows dates. */
const dateOf = (iso: string) => todayInChina(new Date(iso));

/** Open tasks first (overdue, then by due date), checked ones after. */
const ORDER: Record<Assignment['status'], number> = { overdue: 0, pending: 1, checked: 2, cancelled: 3 };

interface MyTasksProps {
  tasks: FieldTask[];
  offline: boolean;
  queue: QueuedCheck[];
  near: LonLat | null;
  onChoose: (parcelId: number) => void;
  onClose: () => void;
}

export function MyTasks({ tasks, offline, queue, near, onChoose, onClose }: MyTasksProps) {
  const outbox = queue.map((q) => ({ parcelId: q.parcelId, observedAt: q.observedAt, sent: q.status !== 'queued' }));
  const sorted = [...tasks].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.dueDate.localeCompare(b.dueDate));
  const open = tasks.filter((t) => t.status === 'pending' || t.status === 'overdue').length;
  return (
    <section className="field-results field-tasks" aria-label="我的任务" data-testid="my-tasks">
      <header className="field-results__head">
        <h2>
          我的任务 <span className="field-tasks__count">{open ? `${open} 宗待核查` : '全部已核查'}</span>
        </h2>
        {offline && <span className="badge">离线数据</span>}
        <button type="button" className="field-icon-button" aria-label="关闭任务列表" onClick={onClose}>
          ×
        </button>
      </header>
      {sorted.length === 0 ? (
        <p className="field-results__status">目前没有指派给您的核查任务。</p>
      ) : (
        <ul className="field-results__list" role="list">
          {sorted.map((t) => {
            const metres = near && t.geometry ? approach(near, t.geometry).nearest.distanceM : null;
            return (
              <li key={t.id}>
                <button type="button" className={`field-result field-task field-task--${t.status}`} onClick={() => onChoose(t.parcelId)} data-testid="field-task">
                  <span className="field-result__main">
                    <span className="field-result__code">
                      {t.parcelCode}
                      <AssignmentBadge task={t} onPhone={answeredOnPhone(t, outbox)} />
                    </span>
                    <span className="field-result__name">{t.projectName || '（无项目名称）'}</span>
                    <span className="field-result__meta">
                      {t.status === 'checked' && t.lastCheckAt ? `${dateOf(t.lastCheckAt)} 已核查` : `期限 ${t.dueDate}`}
                      {t.unitName ? ` · ${t.unitName}` : ''}
                      {t.note ? ` · ${t.note}` : ''}
                    </span>
                  </span>
                  {metres !== null && <span className="field-result__distance">{metres === 0 ? '所在地块' : formatDistance(metres)}</span>}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
