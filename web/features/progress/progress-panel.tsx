/**
 * 挂图作战: each unit's task, disposed area, completion rate against the expected line, rank and pace, on a
 * chosen date and for a chosen task type; clicking a unit shows it on the map.
 */
import { useState } from 'react';
import type { CampaignDetail, CampaignProgress, TaskKey, UnitProperties } from '../../api/types.ts';
import { dataOf, type Remote } from '../../api/use-api.ts';
import { AcrossYearsDialog } from '../across-years/across-years-dialog.tsx';
import { Summary } from './summary.tsx';
import { TASK_KEY_LABELS } from './task-keys.ts';
import { UnitRow } from './unit-row.tsx';
import { PrintMenu } from '../print/print-menu.tsx';
import './progress.css';

type Order = 'document' | 'rank';

interface ProgressPanelProps {
  campaign: CampaignDetail;
  progress: Remote<CampaignProgress>;
  task: TaskKey;
  onTaskChange: (task: TaskKey) => void;
  onDateChange: (date: string) => void;
  onZoomToUnit: (unitId: number) => void;
}

export function ProgressPanel({ campaign, progress, task, onTaskChange, onDateChange, onZoomToUnit }: ProgressPanelProps) {
  const [order, setOrder] = useState<Order>('document');
  const [yearsOpen, setYearsOpen] = useState(false);
  const data = dataOf(progress);
  const unitsById = new Map<number, UnitProperties>(campaign.units.features.map((u) => [u.properties.id, u.properties]));
  const figuresOf = (unit: CampaignProgress['units'][number]) => (task === 'overall' ? unit.overall : unit.tasks[task]);
  const rows = data ? [...data.units] : [];
  if (order === 'rank') rows.sort((a, b) => (figuresOf(a)?.rank ?? Infinity) - (figuresOf(b)?.rank ?? Infinity));
  const tasks: TaskKey[] = [...campaign.taskTypes, 'overall'];

  return (
    <section className="progress-panel" data-testid="progress-panel" aria-labelledby="progress-title" aria-busy={progress.state === 'loading'}>
      <header className="progress-panel__header">
        <h2 id="progress-title">任务进度</h2>
        <button type="button" className="link-button progress-panel__years" title="历年批而未供消化、闲置土地处置和近五年供地率" onClick={() => setYearsOpen(true)}>
          历年
        </button>
        <label className="date-field">
          <span>统计日期</span>
          <input
            type="date"
            min={campaign.startDate}
            max={campaign.endDate}
            value={data?.date ?? ''}
            onChange={(event) => event.target.value && onDateChange(event.target.value)}
          />
        </label>
      </header>
      <div className="segmented" role="group" aria-label="任务类型">
        {tasks.map((key) => (
          <button key={key} type="button" aria-pressed={task === key} onClick={() => onTaskChange(key)}>
            {TASK_KEY_LABELS[key]}
          </button>
        ))}
      </div>

      {progress.state === 'error' && (
        <p className="error-box" role="alert">
          进度加载失败：{progress.message}
        </p>
      )}
      {!data && progress.state === 'loading' && <div className="skeleton" aria-label="正在加载进度" />}
      {data && (
        <>
          <Summary campaign={campaign} progress={data} totals={data.totals[task]} taskLabel={TASK_KEY_LABELS[task]} />
          <div className="list-toolbar">
            <h3>各单位（{data.units.length}）</h3>
            <div className="segmented segmented--small" role="group" aria-label="排序">
              <button type="button" aria-pressed={order === 'document'} onClick={() => setOrder('document')}>
                按文件顺序
              </button>
              <button type="button" aria-pressed={order === 'rank'} onClick={() => setOrder('rank')}>
                按排名
              </button>
            </div>
          </div>
          <ol className="unit-list">
            {rows.map((unit) => {
              const properties = unitsById.get(unit.unitId) ?? null;
              return (
                <UnitRow
                  key={unit.unitId}
                  name={unit.name}
                  unit={properties}
                  figures={figuresOf(unit)}
                  expectedPct={data.expectedPct}
                  onZoom={properties?.hasBoundary ? () => onZoomToUnit(unit.unitId) : null}
                />
              );
            })}
          </ol>
          <p className="hint">{data.basis}。竖线为时序目标；完成率 = 已处置 ÷ 任务，面积单位：亩。</p>
          <PrintMenu campaignId={campaign.id} date={data.date} units={data.units.map((u) => ({ id: u.unitId, name: u.name }))} />
        </>
      )}
      {yearsOpen && <AcrossYearsDialog ledgerCode={campaign.levelUnit.code} ledgerName={campaign.levelUnit.name} onClose={() => setYearsOpen(false)} />}
    </section>
  );
}
