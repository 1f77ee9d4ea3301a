/** One unit in the progress list: rank, name and boundary flags, the bar against the expected mark, figures in 亩. */
import { PACE_LABELS } from '../../../core/progress.ts';
import type { TaskProgress, UnitProperties } from '../../api/types.ts';
import { muWhole, pct } from '../../format.ts';
import { ProgressBar } from './progress-bar.tsx';

interface UnitRowProps {
  name: string;
  unit: UnitProperties | null;
  figures: TaskProgress | undefined;
  expectedPct: number;
  onZoom: (() => void) | null;
}

/** Figures of a unit that has a task, so has a rate to draw. */
type WithTask = TaskProgress & { taskMu: number; rate: number };

function withTask(figures: TaskProgress | undefined): WithTask | null {
  return figures && figures.taskMu !== null && figures.rate !== null ? (figures as WithTask) : null;
}

export function UnitRow({ name, unit, figures, expectedPct, onZoom }: UnitRowProps) {
  const task = withTask(figures);
  // A short name for screen readers and tests; the bar and figures inside would make a long, noisy one.
  const summary = `${name}：${task ? `完成率 ${pct(task.rate)}，${PACE_LABELS[task.pace]}${task.rank ? `，第 ${task.rank} 名` : ''}` : '暂无任务'}。在地图上定位`;
  const content = (
    <>
      <div className="unit-row__head">
        <span className="unit-row__rank" aria-label={figures?.rank ? `第 ${figures.rank} 名` : '无排名'}>
          {figures?.rank ?? '–'}
        </span>
        <span className="unit-row__name">{name}</span>
        {unit && !unit.hasBoundary && <span className="tag tag--muted">暂无边界</span>}
        {unit?.illustrative && (
          <span className="tag tag--dashed" title={unit.boundaryNote ?? '示意边界'}>
            示意边界
          </span>
        )}
        <span className={`pace pace-${task?.pace ?? 'no_task'}`}>{PACE_LABELS[task?.pace ?? 'no_task']}</span>
      </div>
      {task ? (
        <>
          <ProgressBar rate={task.rate} expectedPct={expectedPct} pace={task.pace} label={`${name}完成率`} />
          <div className="unit-row__figures">
            <span className="unit-row__rate">{pct(task.rate)}</span>
            <span>
              已处置 {muWhole(task.disposedMu)} / 任务 {muWhole(task.taskMu)} 亩
            </span>
          </div>
        </>
      ) : (
        <div className="unit-row__figures unit-row__figures--none">
          <span>暂无任务</span>
          {figures && figures.disposedMu > 0 ? <span>已处置 {muWhole(figures.disposedMu)} 亩</span> : null}
        </div>
      )}
    </>
  );
  return (
    <li className="unit-row">
      {onZoom ? (
        <button type="button" className="unit-row__button" onClick={onZoom} title={`在地图上定位${name}`} aria-label={summary}>
          {content}
        </button>
      ) : (
        <div className="unit-row__button unit-row__button--static">{content}</div>
      )}
    </li>
  );
}
