import type { Assignment } from '../../../core/assignments.ts';
import './assignments.css';

/** A field task's status (逾期 in red, 已核查 in green) and, while open, the days to its due date. */
export function AssignmentBadge({ task, onPhone = false }: { task: Pick<Assignment, 'status' | 'statusLabel' | 'daysToDue'>; onPhone?: boolean }) {
  if (onPhone && task.status !== 'checked' && task.status !== 'cancelled') {
    return <span className="badge badge--ok assignment-badge">已核查·待同步</span>;
  }
  const open = task.status === 'pending' || task.status === 'overdue';
  const days = !open ? '' : task.daysToDue < 0 ? ` ${-task.daysToDue} 天` : task.daysToDue === 0 ? ' · 今天到期' : ` · 剩 ${task.daysToDue} 天`;
  return (
    <span className={`badge assignment-badge assignment-badge--${task.status}`} data-status={task.status}>
      {task.statusLabel}
      {days}
    </span>
  );
}
