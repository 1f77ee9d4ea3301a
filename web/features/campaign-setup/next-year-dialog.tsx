/**
 * 新建年度行动: next year's campaign from the last one. Pick it and a new base date, see the proposal before anything
 * is written — the same units, the parcels still in scope (carried over vs newly qualifying, with mu), the task bases
 * from the ledger beside the tasks the province assigns (each difference listed), the milestones a year on and
 * editable — then create it.
 */
import { useState } from 'react';
import { TASK_TYPE_LABELS } from '../../../core/categories.ts';
import type { NextYearProposal, NextYearResult } from '../../../server/campaigns/next-year.ts';
import { ApiError, sendJson } from '../../api/client.ts';
import type { CampaignSummary } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { mu, muWhole, signedMu } from '../../format.ts';
import { SheetDialog } from './sheet-dialog.tsx';
import './next-year.css';

type Stage =
  | { kind: 'choose' }
  | { kind: 'loading' }
  | { kind: 'proposal'; proposal: NextYearProposal }
  | { kind: 'done'; result: NextYearResult; name: string };

interface MilestoneDraft {
  date: string;
  targetPct: string;
  label: string;
}

const taskKey = (unitId: number, taskType: string) => `${unitId}/${taskType}`;

/** The campaign that started last on the ledger of `campaignId` (or of the last campaign listed), null for no list. */
function lastOnLedger(list: readonly CampaignSummary[], campaignId: number): CampaignSummary | null {
  const current = list.find((c) => c.id === campaignId) ?? list[list.length - 1];
  if (!current) return null;
  return list.filter((c) => c.levelUnit.id === current.levelUnit.id).reduce((a, b) => (b.startDate > a.startDate ? b : a), current);
}

export function NextYearDialog(props: { campaignId: number; onClose: () => void }) {
  const campaigns = useApi<{ campaigns: CampaignSummary[] }>('/api/campaigns');
  const list = campaigns.state === 'ready' ? campaigns.data.campaigns : [];
  // What the person chose; until then the defaults below (derived in the same render as the list, so the select never
  // shows its first option before the default: a test read campaign 1 in that moment).
  const [chosenId, setPreviousId] = useState<number | null>(null);
  const [chosenDate, setBaseDate] = useState<string | null>(null);
  const [ratePct, setRatePct] = useState('60');
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [milestones, setMilestones] = useState<MilestoneDraft[]>([]);
  const [assigned, setAssigned] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  // By default the last campaign on the current campaign's ledger, and its year's end as the new base date.
  const last = lastOnLedger(list, props.campaignId);
  const previousId = chosenId ?? last?.id ?? null;
  const baseDate = chosenDate ?? (last ? `${last.endDate.slice(0, 4)}-12-31` : '');

  const previous = list.find((c) => c.id === previousId) ?? null;
  const propose = async () => {
    if (previousId === null) return;
    setError(null);
    setStage({ kind: 'loading' });
    try {
      const proposal = (await sendJson<NextYearProposal>('POST', `/api/campaign-setup/${previousId}/next-year/preview`, { baseDate, assignedRate: Number(ratePct) / 100 }))!;
      setMilestones(proposal.definition.milestones.map((m) => ({ date: m.date, targetPct: String(m.targetPct), label: m.label ?? '' })));
      setAssigned(Object.fromEntries(proposal.taskBases.map((t) => [taskKey(t.unitId, t.taskType), String(t.taskMu)])));
      setStage({ kind: 'proposal', proposal });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setStage({ kind: 'choose' });
    }
  };

  const create = async (proposal: NextYearProposal) => {
    setBusy(true);
    setError(null);
    try {
      const tasks = proposal.taskBases.map((t) => ({ unitId: t.unitId, taskType: t.taskType, taskMu: Number(assigned[taskKey(t.unitId, t.taskType)]) }));
      const body = {
        baseDate: proposal.baseDate, assignedRate: proposal.assignedRate, tasks,
        milestones: milestones.map((m) => ({ date: m.date, targetPct: Number(m.targetPct), ...(m.label.trim() ? { label: m.label.trim() } : {}) })),
      };
      const result = (await sendJson<NextYearResult>('POST', `/api/campaign-setup/${proposal.previous.id}/next-year`, body))!;
      setStage({ kind: 'done', result, name: proposal.definition.name });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <SheetDialog
      testId="next-year"
      title="新建年度行动"
      header={previous && <span className="setup-dialog__name">从 {previous.name} 结转</span>}
      onClose={props.onClose}
    >
      <div className="setup-step next-year">
        <div className="next-year__choose">
          <label className="form-field">
            上一年度行动
            <select value={previousId ?? ''} onChange={(e) => { setPreviousId(Number(e.target.value)); setStage({ kind: 'choose' }); }}>
              {list.map((c) => (
                <option key={c.id} value={c.id}>{c.name}（{c.startDate} 至 {c.endDate}）</option>
              ))}
            </select>
          </label>
          <label className="form-field">
            新年度台账基准日
            <input type="date" value={baseDate} onChange={(e) => { setBaseDate(e.target.value); setStage({ kind: 'choose' }); }} />
          </label>
          <label className="form-field next-year__rate">
            建议下达任务率（%）
            <input type="number" min={1} max={100} value={ratePct} onChange={(e) => { setRatePct(e.target.value); setStage({ kind: 'choose' }); }} />
          </label>
          <button type="button" className="button" disabled={previousId === null || !baseDate || stage.kind === 'loading'} onClick={propose}>
            {stage.kind === 'loading' ? '正在测算…' : '生成方案'}
          </button>
        </div>
        {error && (
          <p className="error-box" role="alert">
            {error}
          </p>
        )}
        {stage.kind === 'choose' && !error && <p className="setup-empty">选择上一年度行动和新的台账基准日，先查看方案（不会写入），确认后再创建。</p>}
        {stage.kind === 'proposal' && (
          <Proposal
            proposal={stage.proposal}
            milestones={milestones}
            onMilestones={setMilestones}
            assigned={assigned}
            onAssigned={(key, value) => setAssigned((a) => ({ ...a, [key]: value }))}
            busy={busy}
            onCreate={() => create(stage.proposal)}
          />
        )}
        {stage.kind === 'done' && (
          <div className="setup-done" data-testid="next-year-done">
            <span className="setup-done__mark" aria-hidden="true">✓</span>
            <p>
              已创建 <strong>{stage.name}</strong>：纳入 {stage.result.inScope} 宗地块，{stage.result.taskBases.length} 项任务基数。
            </p>
            <a className="button" href={`/?campaign=${stage.result.campaignId}`}>
              打开新年度行动
            </a>
          </div>
        )}
      </div>
    </SheetDialog>
  );
}

interface ProposalProps {
  proposal: NextYearProposal;
  milestones: MilestoneDraft[];
  onMilestones: (m: MilestoneDraft[]) => void;
  assigned: Record<string, string>;
  onAssigned: (key: string, value: string) => void;
  busy: boolean;
  onCreate: () => void;
}

function Proposal({ proposal: p, milestones, onMilestones, assigned, onAssigned, busy, onCreate }: ProposalProps) {
  const unitName = new Map(p.units.map((u) => [u.id, u.name]));
  const lastYear = new Map(p.previousTasks.map((t) => [taskKey(t.unitId, t.taskType), t.taskMu]));
  const differences = p.taskBases
    .map((t) => ({ t, value: Number(assigned[taskKey(t.unitId, t.taskType)]) }))
    .filter(({ t, value }) => Number.isFinite(value) && Math.abs(value - t.taskMu) >= 0.005);
  const invalid = p.taskBases.some((t) => {
    const v = assigned[taskKey(t.unitId, t.taskType)] ?? '';
    return v.trim() === '' || !Number.isFinite(Number(v)) || Number(v) < 0;
  });
  const setMilestone = (i: number, patch: Partial<MilestoneDraft>) => onMilestones(milestones.map((m, j) => (j === i ? { ...m, ...patch } : m)));
  return (
    <>
      {p.existing && (
        <p className="error-box" role="alert">
          {p.existing.name} 已经存在（编号 {p.existing.id}），同一年度不能重复创建。
        </p>
      )}
      <dl className="next-year__cards">
        <div>
          <dt>新年度行动</dt>
          <dd>{p.definition.name}</dd>
          <small>{p.definition.startDate} 至 {p.definition.endDate} · 基准日 {p.baseDate}</small>
        </div>
        <div>
          <dt>单位</dt>
          <dd>{p.units.length} 个</dd>
          <small>沿用上一年度的单位</small>
        </div>
        <div data-testid="carried-over">
          <dt>结转地块</dt>
          <dd>{p.scope.carriedOver.parcels} 宗 · {mu(p.scope.carriedOver.mu)} 亩</dd>
          <small>上一年度范围内、基准日尚未处置完毕</small>
        </div>
        <div data-testid="newly-qualifying">
          <dt>新增符合</dt>
          <dd>{p.scope.newlyQualifying.parcels} 宗 · {mu(p.scope.newlyQualifying.mu)} 亩</dd>
          <small>上一年度范围外，基准日已属台账类别（如新认定闲置）</small>
        </div>
        <div>
          <dt>退出</dt>
          <dd>{p.scope.leaving.parcels} 宗</dd>
          <small>已处置完毕、销号或撤销批文</small>
        </div>
      </dl>
      <p className="hint">面积为台账面积（亩）减去基准日前的处置面积；跨单位地块按椭球面积落在各单位边界内的比例分摊。</p>

      <section className="setup-sheet">
        <h3>节点目标（已顺延一年，可修改）</h3>
        <table className="setup-table next-year__milestones">
          <thead>
            <tr>
              <th>日期</th>
              <th>目标完成率（%）</th>
              <th>说明</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {milestones.map((m, i) => (
              <tr key={i}>
                <td><input type="date" aria-label={`第 ${i + 1} 个节点日期`} value={m.date} min={p.definition.startDate} max={p.definition.endDate} onChange={(e) => setMilestone(i, { date: e.target.value })} /></td>
                <td><input type="number" aria-label={`第 ${i + 1} 个节点目标`} min={1} max={100} value={m.targetPct} onChange={(e) => setMilestone(i, { targetPct: e.target.value })} /></td>
                <td><input type="text" aria-label={`第 ${i + 1} 个节点说明`} value={m.label} maxLength={40} onChange={(e) => setMilestone(i, { label: e.target.value })} /></td>
                <td>
                  <button type="button" className="link-button" disabled={milestones.length <= 1} onClick={() => onMilestones(milestones.filter((_, j) => j !== i))}>
                    删除
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="link-button" onClick={() => onMilestones([...milestones, { date: p.definition.endDate, targetPct: '100', label: '' }])}>
          ＋ 添加节点
        </button>
      </section>

      <section className="setup-sheet">
        <h3>任务基数与下达任务（亩）</h3>
        <div className="setup-table-wrap next-year__tasks">
          <table className="setup-table" data-testid="next-year-tasks">
            <thead>
              <tr>
                <th>单位</th>
                <th>任务类型</th>
                <th className="num">宗数</th>
                <th className="num">台账剩余</th>
                <th className="num">其中结转</th>
                <th className="num">上年任务</th>
                <th className="num">建议任务（×{Math.round(p.assignedRate * 100)}%）</th>
                <th className="num">省厅下达</th>
                <th className="num">差额</th>
              </tr>
            </thead>
            <tbody>
              {p.taskBases.map((t) => {
                const key = taskKey(t.unitId, t.taskType);
                const value = Number(assigned[key]);
                const diff = Number.isFinite(value) ? value - t.taskMu : null;
                const last = lastYear.get(key);
                return (
                  <tr key={key} className={diff !== null && Math.abs(diff) >= 0.005 ? 'is-bad' : ''}>
                    <td>{unitName.get(t.unitId)}</td>
                    <td>{TASK_TYPE_LABELS[t.taskType]}</td>
                    <td className="num">{t.parcels}</td>
                    <td className="num">{mu(t.remainingMu)}</td>
                    <td className="num">{mu(t.carriedMu)}</td>
                    <td className="num">{last == null ? '—' : muWhole(last)}</td>
                    <td className="num">{muWhole(t.taskMu)}</td>
                    <td className="num">
                      <input type="number" min={0} step="any" className="next-year__assigned" aria-label={`${unitName.get(t.unitId)}${TASK_TYPE_LABELS[t.taskType]}省厅下达任务`} value={assigned[key] ?? ''} onChange={(e) => onAssigned(key, e.target.value)} />
                    </td>
                    <td className="num">{diff === null ? '—' : signedMu(diff)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {differences.length > 0 ? (
          <ul className="setup-warnings" data-testid="next-year-differences">
            {differences.map(({ t, value }) => (
              <li key={taskKey(t.unitId, t.taskType)}>
                {unitName.get(t.unitId)} {TASK_TYPE_LABELS[t.taskType]}：省厅下达 {mu(value)} 亩，台账测算建议 {muWhole(t.taskMu)} 亩，差 {signedMu(value - t.taskMu)} 亩
              </li>
            ))}
          </ul>
        ) : (
          <p className="hint">省厅下达任务与台账测算一致。收到省厅文件后，在“省厅下达”一列填入，差额会列在这里。</p>
        )}
      </section>

      <div className="setup-actions">
        <button type="button" className="button" disabled={busy || invalid || p.existing !== null} onClick={onCreate}>
          {busy ? '正在创建…' : `创建 ${p.definition.startDate.slice(0, 4)} 年度行动`}
        </button>
      </div>
    </>
  );
}
