import { PACE_LABELS } from '../../../core/progress.ts';
import type { CampaignProgress, TaskKey } from '../../api/types.ts';
import { muWhole, pct } from '../../format.ts';
import { TASK_KEY_LABELS } from '../progress/task-keys.ts';
import { rankRows } from './rank-rows.ts';
import { Sparkline } from './sparkline.tsx';
import type { Trend } from './use-wall-data.ts';

/** Cumulative completion per week for one unit and task type (the sum of types for 合计). */
function unitRates(trend: Trend, unitId: number, task: TaskKey): number[] {
  const unit = trend.units.find((u) => u.unitId === unitId);
  if (!unit) return [];
  const series = task === 'overall' ? Object.values(unit.tasks) : [unit.tasks[task]].filter((s) => s != null);
  const taskMu = series.reduce((sum, s) => sum + (s.taskMu ?? 0), 0);
  if (!taskMu) return [];
  return trend.weeks.map((_, i) => series.reduce((sum, s) => sum + (s.cumulative[i] ?? 0), 0) / taskMu);
}

/** 完成率排名: every unit of the campaign, boundary or not, with its bar against the expected line and its trend. */
export function RankTable(props: { progress: CampaignProgress; trend: Trend | null; task: TaskKey; focusUnitId: number | null }) {
  const { progress, task } = props;
  const rows = rankRows(progress.units, task);
  const expected = progress.expectedPct;
  return (
    <section className="wall-card wall-rank" aria-labelledby="wall-rank-title">
      <h2 id="wall-rank-title" className="wall-card__title">
        完成率排名 · <span className="wall-accent">{TASK_KEY_LABELS[task]}</span>
      </h2>
      <table className="wall-rank__table" data-testid="wall-rank">
        <thead>
          <tr>
            <th scope="col">名次</th>
            <th scope="col">单位</th>
            <th scope="col" className="num">已盘活 / 任务（亩）</th>
            <th scope="col">完成率 · 时序目标 {expected.toFixed(0)}%</th>
            <th scope="col">周趋势</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ unit, figures }) => (
            <tr key={unit.unitId} className={unit.unitId === props.focusUnitId ? 'is-focus' : undefined} data-unit={unit.name}>
              <td className="wall-rank__rank">{figures.rank ?? '—'}</td>
              <td className="wall-rank__name">
                {unit.name}
                {!unit.hasBoundary && <span className="wall-tag" title="该单位尚无边界，不在地图上显示">无边界</span>}
              </td>
              <td className="num">
                {muWhole(figures.disposedMu)}
                <span className="wall-muted"> / {figures.taskMu == null ? '无任务' : muWhole(figures.taskMu)}</span>
              </td>
              <td>
                {figures.rate == null ? (
                  <span className="wall-muted">—</span>
                ) : (
                  <div className="wall-bar" role="meter" aria-valuenow={Math.round(figures.rate * 1000) / 10} aria-valuemin={0} aria-valuemax={100} aria-label={`${unit.name} 完成率`}>
                    <div className={`wall-bar__fill pace-${figures.pace}`} style={{ width: `${Math.min(100, figures.rate * 100)}%` }} />
                    <div className="wall-bar__expected" style={{ left: `${Math.min(100, expected)}%` }} />
                    <span className="wall-bar__text">
                      {pct(figures.rate)} <span className={`wall-pace pace-${figures.pace}`}>{PACE_LABELS[figures.pace]}</span>
                    </span>
                  </div>
                )}
              </td>
              <td>{props.trend && <Sparkline values={unitRates(props.trend, unit.unitId, task)} pace={figures.pace} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
