/** Step 1 (基本信息): the campaign's name, level, dates, milestones, tolerance and task types. */
import { useState } from 'react';
import { TASK_TYPE_LABELS, TASK_TYPES, type TaskType } from '../../../core/categories.ts';
import { ApiError, sendJson } from '../../api/client.ts';

export interface Definition {
  name: string;
  document: string;
  level: { kind: 'city' | 'county'; code: string; name: string };
  startDate: string;
  endDate: string;
  milestones: Array<{ date: string; targetPct: string; label: string }>;
  tolerancePct: string;
  toleranceMu: string;
  taskTypes: TaskType[];
}

export const EMPTY_DEFINITION: Definition = {
  name: '',
  document: '',
  level: { kind: 'city', code: '', name: '' },
  startDate: '',
  endDate: '',
  milestones: [{ date: '', targetPct: '70', label: '' }, { date: '', targetPct: '100', label: '' }],
  tolerancePct: '1',
  toleranceMu: '0.5',
  taskTypes: ['approved_not_supplied', 'idle', 'inefficient'],
};

export function Field(props: { label: string; error: string | undefined; children: React.ReactNode; wide?: boolean }) {
  return (
    <label className={`form-field ${props.error ? 'form-field--invalid' : ''} ${props.wide ? 'setup-form__wide' : ''}`}>
      {props.label}
      {props.children}
      {props.error && <span className="form-field__error">{props.error}</span>}
    </label>
  );
}

export function StepDefinition(props: { value: Definition; onChange: (d: Definition) => void; onCreated: (campaign: { id: number; name: string }) => void }) {
  const { value: d, onChange } = props;
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Definition>) => onChange({ ...d, ...patch });
  const setMilestone = (i: number, patch: Partial<Definition['milestones'][number]>) => set({ milestones: d.milestones.map((m, j) => (j === i ? { ...m, ...patch } : m)) });

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await sendJson<{ campaign: { id: number; name: string } }>('POST', '/api/campaign-setup', {
        name: d.name,
        document: d.document,
        level: d.level,
        startDate: d.startDate,
        endDate: d.endDate,
        milestones: d.milestones.map((m) => ({ date: m.date, targetPct: Number(m.targetPct), label: m.label })),
        tolerance: { relative: Number(d.tolerancePct) / 100, absoluteMu: Number(d.toleranceMu) },
        taskTypes: d.taskTypes,
      });
      setProblems({});
      props.onCreated(answer!.campaign);
    } catch (e) {
      const apiError = e as ApiError;
      setProblems((apiError.extra?.problems as Record<string, string>) ?? {});
      setError(apiError.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="setup-step" onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate>
      <div className="setup-form">
        <Field label="专项行动名称" error={problems.name} wide>
          <input value={d.name} onChange={(e) => set({ name: e.target.value })} placeholder="如：某县批而未用土地盘活利用专项行动" />
        </Field>
        <Field label="文号（可选）" error={problems.document}>
          <input value={d.document} onChange={(e) => set({ document: e.target.value })} placeholder="如：某政办〔2024〕8号" />
        </Field>
        <Field label="层级" error={problems['level.kind']}>
          <select value={d.level.kind} onChange={(e) => set({ level: { ...d.level, kind: e.target.value as 'city' | 'county' } })}>
            <option value="city">市级（下辖县区、功能区）</option>
            <option value="county">县级（下辖乡镇）</option>
          </select>
        </Field>
        <Field label="组织单位（行政区名称）" error={problems['level.name']}>
          <input value={d.level.name} onChange={(e) => set({ level: { ...d.level, name: e.target.value } })} placeholder="如：驻马店市" />
        </Field>
        <Field label="行政区代码" error={problems['level.code']}>
          <input value={d.level.code} onChange={(e) => set({ level: { ...d.level, code: e.target.value } })} placeholder="如：411700" inputMode="numeric" />
        </Field>
        <Field label="开始日期" error={problems.startDate}>
          <input type="date" value={d.startDate} onChange={(e) => set({ startDate: e.target.value })} />
        </Field>
        <Field label="结束日期" error={problems.endDate}>
          <input type="date" value={d.endDate} onChange={(e) => set({ endDate: e.target.value })} />
        </Field>
      </div>

      <fieldset className="setup-fieldset">
        <legend>节点目标</legend>
        <p className="hint">每个节点：日期和应完成的任务百分比，按时间先后递增，最后一个通常为 100%。</p>
        {problems.milestones && <p className="form-field__error">{problems.milestones}</p>}
        <ol className="milestone-list">
          {d.milestones.map((m, i) => (
            <li key={i} className="milestone-row">
              <span className="milestone-row__no">{i + 1}</span>
              <Field label="日期" error={problems[`milestones.${i}.date`]}>
                <input type="date" value={m.date} onChange={(e) => setMilestone(i, { date: e.target.value })} />
              </Field>
              <Field label="目标（%）" error={problems[`milestones.${i}.targetPct`]}>
                <input type="number" min="1" max="100" step="1" value={m.targetPct} onChange={(e) => setMilestone(i, { targetPct: e.target.value })} />
              </Field>
              <Field label="说明（可选）" error={undefined}>
                <input value={m.label} onChange={(e) => setMilestone(i, { label: e.target.value })} placeholder="如：集中攻坚阶段目标" />
              </Field>
              <button type="button" className="icon-button" aria-label={`删除第 ${i + 1} 个节点`} disabled={d.milestones.length <= 1} onClick={() => set({ milestones: d.milestones.filter((_, j) => j !== i) })}>
                ×
              </button>
            </li>
          ))}
        </ol>
        <button type="button" className="button button--small button--quiet" onClick={() => set({ milestones: [...d.milestones, { date: '', targetPct: '', label: '' }] })}>
          ＋ 添加节点
        </button>
      </fieldset>

      <div className="setup-form">
        <fieldset className="setup-fieldset">
          <legend>考核任务</legend>
          {TASK_TYPES.map((t) => (
            <label key={t} className="setup-check">
              <input
                type="checkbox"
                checked={d.taskTypes.includes(t)}
                onChange={(e) => set({ taskTypes: e.target.checked ? TASK_TYPES.filter((x) => x === t || d.taskTypes.includes(x)) : d.taskTypes.filter((x) => x !== t) })}
              />
              {TASK_TYPE_LABELS[t]}
            </label>
          ))}
          {problems.taskTypes && <p className="form-field__error">{problems.taskTypes}</p>}
        </fieldset>
        <fieldset className="setup-fieldset">
          <legend>面积核对容差</legend>
          <div className="setup-inline">
            <Field label="相对（%）" error={undefined}>
              <input type="number" min="0" max="50" step="0.1" value={d.tolerancePct} onChange={(e) => set({ tolerancePct: e.target.value })} />
            </Field>
            <Field label="至少（亩）" error={undefined}>
              <input type="number" min="0" max="100" step="0.1" value={d.toleranceMu} onChange={(e) => set({ toleranceMu: e.target.value })} />
            </Field>
          </div>
          <p className="hint">取两者较大值；默认 1%、0.5 亩。</p>
          {problems.tolerance && <p className="form-field__error">{problems.tolerance}</p>}
        </fieldset>
      </div>

      {error && <p className="error-box" role="alert">{error}</p>}
      <div className="setup-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? '正在创建…' : '创建并继续'}
        </button>
      </div>
    </form>
  );
}
