import { dayNumber, type IsoDate } from '../../../core/dates.ts';
import { PACE_LABELS } from '../../../core/progress.ts';
import type { CampaignProgress, TaskKey } from '../../api/types.ts';
import { monthDayZh, pct } from '../../format.ts';
import { TASK_KEY_LABELS } from '../progress/task-keys.ts';

/** The campaign's rate, one card per task type and the sum; the one the wall is showing is lit (and picks it). */
export function Totals(props: { progress: CampaignProgress; task: TaskKey; onPick: (task: TaskKey) => void }) {
  const keys: TaskKey[] = ['overall', ...props.progress.taskTypes];
  return (
    <div className="wall-totals" role="tablist" aria-label="任务类型">
      {keys.map((key) => {
        const t = props.progress.totals[key];
        if (!t) return null;
        return (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={key === props.task}
            // The card's band is its pace colour: the word itself does not fit beside the rate at a readable size.
            className={`wall-total pace-band-${t.rate == null ? 'no_task' : t.pace} ${key === props.task ? 'is-active' : ''}`}
            title={t.rate == null ? undefined : PACE_LABELS[t.pace]}
            onClick={() => props.onPick(key)}
          >
            <span className="wall-total__label">{TASK_KEY_LABELS[key]}</span>
            <span className="wall-total__rate num">{t.rate == null ? '—' : pct(t.rate)}</span>
          </button>
        );
      })}
    </div>
  );
}

/** The next milestone and the days left to it; after the last one, that the campaign is past its milestones. */
export function MilestoneBox(props: { progress: CampaignProgress }) {
  const { nextMilestone: next, date, expectedPct } = props.progress;
  const days = next ? dayNumber(next.date as IsoDate) - dayNumber(date) : null;
  return (
    <div className="wall-milestone" data-testid="wall-milestone">
      <span className="wall-milestone__label">时序目标</span>
      <span className="wall-milestone__value num">{expectedPct.toFixed(1)}%</span>
      {next ? (
        <span className="wall-milestone__next">
          下一节点 {monthDayZh(next.date)} 达 {next.targetPct}% · {days === 0 ? <strong>今天到期</strong> : <>剩 <strong className="num">{days}</strong> 天</>}
        </span>
      ) : (
        <span className="wall-milestone__next">各节点均已到期</span>
      )}
    </div>
  );
}
