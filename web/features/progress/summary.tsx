/** The campaign at a glance on the chosen date: totals, where it should be (时序进度), the next milestone and phase. */
import { PACE_LABELS } from '../../../core/progress.ts';
import { dayNumber, type IsoDate } from '../../../core/dates.ts';
import type { CampaignDetail, CampaignProgress, TaskProgress } from '../../api/types.ts';
import { dateZh, muWhole, pct } from '../../format.ts';
import { ProgressBar } from './progress-bar.tsx';

function daysBetween(from: string, to: string): number {
  return dayNumber(to as IsoDate) - dayNumber(from as IsoDate);
}

export function Summary(props: { campaign: CampaignDetail; progress: CampaignProgress; totals: TaskProgress | undefined; taskLabel: string }) {
  const { campaign, progress, totals, taskLabel } = props;
  const phase = campaign.phases.find((p) => p.startDate <= progress.date && progress.date <= p.endDate);
  const next = progress.nextMilestone;
  const hasTask = totals && totals.taskMu !== null && totals.rate !== null;
  return (
    <div className="summary">
      <div className="summary__main">
        <div>
          <p className="eyebrow">
            {campaign.levelUnit.name} · {taskLabel === '合计' ? '各类任务合计' : taskLabel}
          </p>
          {hasTask ? (
            <p className="summary__rate">
              {pct(totals.rate!)}
              <span className={`pace pace-${totals.pace}`}>{PACE_LABELS[totals.pace]}</span>
            </p>
          ) : (
            <p className="summary__rate summary__rate--none">暂无任务</p>
          )}
        </div>
        <dl className="summary__figures">
          <div>
            <dt>任务</dt>
            <dd>{hasTask ? `${muWhole(totals.taskMu!)} 亩` : '—'}</dd>
          </div>
          <div>
            <dt>已处置</dt>
            <dd>{muWhole(totals?.disposedMu ?? 0)} 亩</dd>
          </div>
        </dl>
      </div>
      {hasTask && <ProgressBar rate={totals.rate!} expectedPct={progress.expectedPct} pace={totals.pace} label={`${taskLabel}合计完成率`} />}
      <ul className="summary__facts">
        <li>
          <span className="legend-mark legend-mark--expected" aria-hidden="true" />
          时序目标 <strong>{progress.expectedPct.toFixed(1)}%</strong>（{dateZh(progress.date)}）
        </li>
        <li>
          {next ? (
            <>
              下一节点 <strong>{next.label ?? '阶段目标'}</strong>：{dateZh(next.date)} 前完成 {next.targetPct}%，
              {daysBetween(progress.date, next.date) === 0 ? '今日到期' : `剩 ${daysBetween(progress.date, next.date)} 天`}
            </>
          ) : (
            <>所有节点均已到期（截至 {dateZh(campaign.endDate)}）</>
          )}
        </li>
        {phase && (
          <li>
            当前阶段 <strong>{phase.name}</strong>（{phase.startDate.slice(5)} 至 {phase.endDate.slice(5)}）
          </li>
        )}
      </ul>
    </div>
  );
}
