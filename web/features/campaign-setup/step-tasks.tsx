/**
 * Step 3 (任务表): the task sheets shaped like 附件2, 附件3 (and optionally 附件4), previewed row by row against the
 * campaign's units; every problem names its Excel row. Totals are kept as stated, and where they do not add up the
 * preview says so before anything is written.
 */
import { useEffect, useState } from 'react';
import { TASK_TYPE_LABELS, TASK_TYPES } from '../../../core/categories.ts';
import { sendJson } from '../../api/client.ts';
import { mu, sendForm, type SheetPreview, type TasksPreview } from './api.ts';
import { FilePick } from './file-pick.tsx';

const SHEETS = [
  ['annex2', '附件2 批而未供任务分解表', '县区 | 批准面积 | 供应面积 | 未供面积 | 下达任务率 | 下达任务量'],
  ['annex3', '附件3 闲置低效任务分解表', '每个清单下：宗数 | 面积 | 完成任务率 | 完成任务量'],
  ['annex4', '附件4 下达任务量（可选）', '县区 | 批而未供土地 | 闲置土地 | 低效工业用地'],
] as const;
type SheetKey = (typeof SHEETS)[number][0];

const num = (x: unknown, digits = 0) => (typeof x === 'number' ? mu(x, digits) : '—');
const pct = (x: unknown) => (typeof x === 'number' ? `${Math.round(x * 1000) / 10}%` : '—');

function Lines({ kind, sheet }: { kind: SheetKey; sheet: SheetPreview }) {
  if (!sheet.lines.length) return null;
  if (kind === 'annex2') {
    return (
      <table className="setup-table">
        <thead><tr><th>行</th><th>单位</th><th className="num">批准（亩）</th><th className="num">供应（亩）</th><th className="num">未供（亩）</th><th className="num">下达任务率</th><th className="num">下达任务量（亩）</th></tr></thead>
        <tbody>
          {sheet.lines.map((l) => (
            <tr key={l.row} className={l.unitCode ? '' : 'is-total'}>
              <td>{l.row}</td><td>{l.label}</td><td className="num">{num(l.approvedMu)}</td><td className="num">{num(l.suppliedMu)}</td>
              <td className="num">{num(l.unsuppliedMu)}</td><td className="num">{pct(l.rate)}</td><td className="num">{num(l.taskMu)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  if (kind === 'annex3') {
    const lists = ((sheet.lines[0]!.cells as Array<{ list: string }>) ?? []).map((c) => c.list);
    return (
      <table className="setup-table">
        <thead><tr><th>行</th><th>单位</th>{lists.map((l) => <th key={l} className="num">{l}<br /><span className="hint">宗数 / 面积 / 任务量（亩）</span></th>)}</tr></thead>
        <tbody>
          {sheet.lines.map((l) => (
            <tr key={l.row} className={l.unitCode ? '' : 'is-total'}>
              <td>{l.row}</td><td>{l.label}</td>
              {(l.cells as Array<{ count: number | null; areaMu: number | null; taskMu: number | null }>).map((c, i) => (
                <td key={i} className="num">{num(c.count)} / {num(c.areaMu, 1)} / {num(c.taskMu)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  const types = TASK_TYPES.filter((t) => sheet.lines.some((l) => t in (l.tasks as object)));
  return (
    <table className="setup-table">
      <thead><tr><th>行</th><th>单位</th>{types.map((t) => <th key={t} className="num">{TASK_TYPE_LABELS[t]}（亩）</th>)}</tr></thead>
      <tbody>
        {sheet.lines.map((l) => (
          <tr key={l.row} className={l.unitCode ? '' : 'is-total'}>
            <td>{l.row}</td><td>{l.label}</td>
            {types.map((t) => <td key={t} className="num">{num((l.tasks as Record<string, unknown>)[t])}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function StepTasks(props: { campaignId: number; onDone: () => void }) {
  const [files, setFiles] = useState<Partial<Record<SheetKey, File>>>({});
  const [preview, setPreview] = useState<TasksPreview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'commit' | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const chosen = Object.entries(files).filter(([, f]) => f);
    if (!chosen.length) {
      setPreview(null);
      return;
    }
    const form = new FormData();
    for (const [key, f] of chosen) form.set(key, f as File);
    let stale = false;
    setBusy('preview');
    setError(null);
    sendForm<TasksPreview>(`/api/campaign-setup/${props.campaignId}/tasks/preview`, form).then(
      (answer) => !stale && setPreview(answer),
      (e: Error) => !stale && (setPreview(null), setError(e.message)),
    ).finally(() => !stale && setBusy(null));
    return () => {
      stale = true;
    };
  }, [files, props.campaignId]);

  const commit = async () => {
    if (!preview?.previewId) return;
    setBusy('commit');
    try {
      await sendJson('POST', `/api/campaign-setup/${props.campaignId}/tasks/commit`, { previewId: preview.previewId });
      props.onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const problemCount = SHEETS.reduce((s, [k]) => s + (preview?.[k]?.problems.length ?? 0), 0);
  return (
    <div className="setup-step">
      <div className="setup-sheets">
        {SHEETS.map(([key, label, hint]) => (
          <FilePick key={key} label={label} accept=".xlsx,.csv" hint={hint} file={files[key] ?? null} disabled={busy === 'commit'} onFile={(f) => setFiles((old) => ({ ...old, [key]: f ?? undefined }))} testId={`sheet-${key}`} />
        ))}
      </div>
      <p className="hint">单位按名称、全称或代码与已导入的单位匹配；“合计”“总计”和小计行按表中原值保存，供核对使用。不导入附件4时，各单位任务量取自附件2、附件3。</p>
      {error && <p className="error-box" role="alert">{error}</p>}
      {busy === 'preview' && <p className="setup-loading">正在读取任务表…</p>}
      {preview && (
        <>
          <p className="setup-summary">
            {problemCount > 0 ? <span className="badge badge--bad">{problemCount} 处错误，请修改表格后重新上传</span> : <span className="badge badge--ok">表格可以导入</span>}
            {preview.differences.length > 0 && <span className="badge badge--warn">表内 {preview.differences.length} 处数字不一致（保留原值）</span>}
          </p>
          {SHEETS.map(([key, label]) => {
            const sheet = preview[key];
            if (!sheet) return null;
            return (
              <section key={key} className="setup-sheet">
                <h3>{label} <span className="hint">{sheet.fileName}，{sheet.lines.length} 行</span></h3>
                {sheet.problems.length > 0 && (
                  <ul className="setup-problems" data-testid={`problems-${key}`}>
                    {sheet.problems.map((p, i) => <li key={i}>{p.message}</li>)}
                  </ul>
                )}
                <div className="setup-table-wrap"><Lines kind={key} sheet={sheet} /></div>
              </section>
            );
          })}
          {preview.warnings.length > 0 && <ul className="setup-warnings">{preview.warnings.map((w) => <li key={w}>{w}</li>)}</ul>}
          {preview.differences.length > 0 && (
            <details className="setup-sheet">
              <summary>表内数字不一致之处（{preview.differences.length} 处，按原值保存）</summary>
              <table className="setup-table">
                <thead><tr><th>表</th><th>行</th><th>核对</th><th className="num">表中数</th><th className="num">计算数</th><th className="num">差（亩）</th></tr></thead>
                <tbody>
                  {preview.differences.map((d, i) => (
                    <tr key={i}><td>{d.table}</td><td>{d.row}</td><td>{d.check}</td><td className="num">{d.stated}</td><td className="num">{d.computed}</td><td className="num">{d.diff}</td></tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </>
      )}
      <div className="setup-actions">
        <button type="button" className="button button--quiet" onClick={props.onDone} disabled={busy !== null}>
          暂不导入任务
        </button>
        <button type="button" className="button" disabled={!preview?.canCommit || busy !== null} onClick={() => void commit()}>
          {busy === 'commit' ? '正在导入…' : '导入任务表并完成'}
        </button>
      </div>
    </div>
  );
}
