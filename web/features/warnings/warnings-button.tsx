/** 预警 in the top bar: how many warnings stand today, opening (or closing) the warnings view. */
import { dataOf } from '../../api/use-api.ts';
import type { WarningsState } from './use-warnings.ts';
import './warnings.css';

export function WarningsButton({ warnings, open, onToggle }: { warnings: WarningsState; open: boolean; onToggle: () => void }) {
  const data = dataOf(warnings.remote);
  const high = data?.counts.bySeverity.high ?? 0;
  return (
    <button
      type="button"
      className="topbar-action warnings-button"
      aria-pressed={open}
      aria-label={data ? `预警 ${data.counts.total} 项，其中严重 ${high} 项` : '预警'}
      onClick={onToggle}
    >
      预警
      {data && (
        <span className={`warnings-button__count ${high ? 'warnings-button__count--high' : ''}`} data-testid="warnings-count">
          {data.counts.total}
        </span>
      )}
    </button>
  );
}
