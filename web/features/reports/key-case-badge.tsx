import { daysLeftText } from '../../../core/rhythm/key-cases.ts';
import type { KeyCase } from './types.ts';

/** A key case's status and days left (逾期 in red), as the reports, 预警 and the parcel panel show it. */
export function KeyCaseBadge({ keyCase }: { keyCase: Pick<KeyCase, 'status' | 'statusLabel' | 'daysLeft'> }) {
  const cls = keyCase.status === 'overdue' ? 'badge--bad' : keyCase.status === 'closed' ? 'badge--ok' : keyCase.status === 'due_soon' ? 'badge--warn' : '';
  const days = keyCase.status === 'closed' ? '' : `，${daysLeftText(keyCase.daysLeft)}`;
  return (
    <span className={`badge ${cls}`}>
      {keyCase.statusLabel}
      {days}
    </span>
  );
}
