/**
 * 我的任务: the parcels assigned to the signed-in person, with status (待核查 / 已核查 / 逾期), due date and distance;
 * a row opens the parcel. The last answer is kept on the phone, so the list opens offline too; there the status is
 * worked out on the phone by the same rule (core/assignments.ts), and a check still in the outbox already shows.
 */
import type { MultiPolygon } from 'geojson';
import { useEffect, useState } from 'react';
import { answeredOnPhone, ASSIGNMENT_STATUS_LABELS, assignmentStatus, daysToDue, shownToAssignee, type Assignment } from '../../../core/assignments.ts';
import { todayInChina } from '../../../core/dates.ts';
import { formatDistance } from '../../../core/format.ts';
import { approach, type LonLat } from '../../../core/geodesy.ts';
import { ApiError, getJson } from '../../api/client.ts';
import type { User } from '../auth/session.tsx';
import { AssignmentBadge } from '../assignments/status-badge.tsx';
import type { QueuedCheck } from './offline/db.ts';
import './my-tasks.css';

export type FieldTask = Assignment & { geometry: MultiPolygon | null };

export type Tasks = { state: 'none' } | { state: 'ready'; tasks: FieldTask[]; offline: boolean } | { state: 'error'; message: string };

/** The last answer, kept on the phone: whose, for which campaign. */
const STORAGE_KEY = 'panhuo.field.tasks';
interface SavedTasks {
  userId: number;
  campaignId: number;
  tasks: FieldTask[];
}

function savedTasks(campaignId: number, userId: number | null): FieldTask[] | null {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as SavedTasks | null;
    return saved && saved.campaignId === campaignId && (userId === null || saved.userId === userId) ? saved.tasks : null;
  } catch {
    return null;
  }
}

/** Signing out on the phone takes the person's task list with it. */
export function forgetMyTasks(): void {
  localStorage.removeItem(STORAGE_KEY);
}

/** The saved answer's tasks with their status worked out anew for this moment (the phone's clock). */
function rejudged(tasks: FieldTask[], now: Date): FieldTask[] {
  return tasks
    .map((t) => {
      const status = assignmentStatus(t, now);
      return { ...t, status, statusLabel: ASSIGNMENT_STATUS_LABELS[status], daysToDue: daysToDue(t.dueDate, now) };
    })
    .filter((t) => shownToAssignee(t, now));
}

/**
 * The person's tasks in the campaign: fetched again whenever `refresh` moves (a check recorded or synced). Offline,
 * the session cannot be asked for: the list saved by the last person signed in on this phone is shown.
 */
export function useMyTasks(user: User | null | undefined, campaignId: number, online: boolean, refresh: number): Tasks {
  const [tasks, setTasks] = useState<Tasks>({ state: 'none' });
  const userId = user?.id ?? null;
  const asking = user === undefined;
  useEffect(() => {
    const fromPhone = (forUser: number | null): Tasks => {
      const saved = savedTasks(campaignId, forUser);
      return saved ? { state: 'ready', tasks: rejudged(saved, new Date()), offline: true } : { state: 'none' };
    };
    if (asking) return;
    if (userId === null) {
      setTasks(online ? { state: 'none' } : fromPhone(null));
      return;
    }
    const controller = new AbortController();
    getJson<{ assignments: FieldTask[] }>(`/api/assignments/mine?campaign=${campaignId}`, controller.signal).then(
      ({ assignments }) => {
        localStorage.setItem(STORAGE_KEY, JSON.stringify({ userId, campaignId, tasks: assignments } satisfies SavedTasks));
        setTasks({ state: 'ready', tasks: assignments, offline: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const offline = error instanceof ApiError && error.code === 'network' ? fromPhone(userId) : null;
        setTasks(offline?.state === 'ready' ? offline : { state: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [asking, userId, campaignId, online, refresh]);
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
