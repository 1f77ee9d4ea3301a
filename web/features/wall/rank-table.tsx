import { PACE_LABELS } from '../../../core/progress.ts';
import type { CampaignProgress, TaskKey } from '../../api/types.ts';
import { pct } from '../../format.ts';
import { TASK_KEY_LABELS } from '../progress/task-keys.ts';
import { rankRows } from './rank-rows.ts';
import type { ReactNode } from 'react';

/** A column the rank table takes from elsewhere: the latest month's moves (monthly-moves.tsx). */
export interface RankExtraColumn {
  header: string;
  cell: (unitId: number) => ReactNode;
}

/**
 * 完成率排名: every unit of the campaign, boundary or not — rank, unit, rate (a bar against the expected line) and
 * pace, and nothing else: what a leader reads from five metres; `extra`, the monthly ranking's moves.
 */
export function RankTable(props: { progress: CampaignProgress; task: TaskKey; focusUnitId: number | null; extra?: RankExtraColumn }) {
  const { progress, task, extra } = props;
  const rows = rankRows(progress.units, task);
  const expected = progress.expectedPct;
  return (
    // No title line: the lit card above says which task type is ranked, and every row is worth more than a heading.
    <section className="wall-card wall-rank" aria-label={`完成率排名 · ${TASK_KEY_LABELS[task]}`}>
      <table className="wall-rank__table" data-testid="wall-rank">
        <thead>
          <tr>
            <th scope="col">名次</th>
            <th scope="col">单位</th>
            <th scope="col">完成率（目标 {expected.toFixed(0)}%）</th>
            <th scope="col">进度</th>
            {extra && <th scope="col" className="wall-rank__extra">{extra.header}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ unit, figures }) => (
            <tr key={unit.unitId} className={unit.unitId === props.focusUnitId ? 'is-focus' : undefined} data-unit={unit.name}>
              <td className="wall-rank__rank num">{figures.rank ?? '—'}</td>
              <td className="wall-rank__name">
                {unit.name}
                {!unit.hasBoundary && <span className="wall-tag" title="该单位尚无边界，不在地图上显示">无边界</span>}
              </td>
              <td className="wall-rank__rate">
                {figures.rate == null ? (
                  <span className="wall-muted">无任务</span>
                ) : (
                  <div className="wall-bar" role="meter" aria-valuenow={Math.round(figures.rate * 1000) / 10} aria-valuemin={0} aria-valuemax={100} aria-label={`${unit.name} 完成率`}>
                    <div className={`wall-bar__fill pace-${figures.pace}`} style={{ width: `${Math.min(100, figures.rate * 100)}%` }} />
                    <div className="wall-bar__expected" style={{ left: `${Math.min(100, expected)}%` }} />
                    <span className="wall-bar__text num">{pct(figures.rate)}</span>
                  </div>
                )}
              </td>
              <td>{figures.rate != null && <span className={`wall-pace pace-${figures.pace}`}>{PACE_LABELS[figures.pace]}</span>}</td>
              {extra && <td className="wall-rank__extra">{extra.cell(unit.unitId)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
