/**
 * 周报告: each unit's row of a report week — what the disposal records say, what the unit signed, the difference, and
 * whether it is in, late or missing. An editor signs their own unit's row (correcting it needs a reason) until the
 * deadline; an admin reopens a locked row.
 */
import { Fragment, useState } from 'react';
import { TASK_TYPE_LABELS, type TaskType } from '../../../core/categories.ts';
import { ROW_STATE_LABELS } from '../../../core/rhythm/submission.ts';
import { sendJson } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { mu, signedMu, timestampZh } from '../../format.ts';
import { useSession } from '../auth/session.tsx';
import type { WeeklyAnswer, WeeklyRow } from './types.ts';

const STATE_CLASS = { submitted: 'badge--ok', late: 'badge--warn', pending: '', missing: 'badge--bad' } as const;

function SubmitForm(props: { campaignId: number; friday: string; row: WeeklyRow; taskTypes: TaskType[]; onDone: () => void }) {
  const start = props.row.submission?.figures ?? props.row.recorded;
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(props.taskTypes.map((t) => [t, String(start[t] ?? 0)])));
  const [reason, setReason] = useState(props.row.submission?.reason ?? '');
  const [error, setError] = useState<string | null>(null);
  const differs = props.taskTypes.some((t) => Math.abs(Number(values[t]) - (props.row.recorded[t] ?? 0)) >= 0.005);
  const send = async () => {
    setError(null);
    try {
      await sendJson('POST', `/api/campaigns/${props.campaignId}/weekly-reports/${props.friday}/units/${props.row.unitId}`, {
        figures: Object.fromEntries(props.taskTypes.map((t) => [t, Number(values[t])])),
        reason: reason.trim() || null,
      });
      props.onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <form className="weekly-form" onSubmit={(e) => (e.preventDefault(), void send())} aria-label={`${props.row.unit}本周报送`}>
      {props.taskTypes.map((t) => (
        <label key={t}>
          {TASK_TYPE_LABELS[t]}（亩）
          <input type="number" min={0} step={0.01} value={values[t]} onChange={(e) => setValues({ ...values, [t]: e.target.value })} />
          <small>记录 {mu(props.row.recorded[t] ?? 0)}</small>
        </label>
      ))}
      <label className="weekly-form__reason">
        更正理由{differs ? '（与处置记录不一致，必填）' : '（与记录一致时可不填）'}
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder="如：一宗出让合同周五签订，处置记录待录入" />
      </label>
      <button type="submit" className="button">签名报送</button>
      {error && <p className="error-box" role="alert">{error}</p>}
    </form>
  );
}

export function WeeklyTab(props: { campaignId: number }) {
  const { user } = useSession();
  const [friday, setFriday] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const [editing, setEditing] = useState<number | null>(null);
  const [reopenFor, setReopenFor] = useState<{ unitId: number; reason: string } | null>(null);
  // The fragment never reaches the server: it only makes the same week fetch again after a submission.
  const answer = useApi<WeeklyAnswer>(`/api/campaigns/${props.campaignId}/weekly-reports${friday ? `?friday=${friday}` : ''}#${revision}`, props.campaignId);
  if (answer.state === 'error') return <p className="error-box" role="alert">{answer.message}</p>;
  const data = answer.state === 'ready' ? answer.data : answer.stale;
  if (!data) return <p className="setup-loading">正在加载周报告…</p>;
  const mayReport = (unitId: number) => user?.role === 'admin' || (user?.role === 'editor' && user.unitIds.includes(unitId));
  const reload = () => setRevision((r) => r + 1);
  const reopen = async () => {
    if (!reopenFor?.reason.trim()) return;
    await sendJson('POST', `/api/campaigns/${props.campaignId}/weekly-reports/${data.friday}/units/${reopenFor.unitId}/reopen`, { reason: reopenFor.reason.trim() });
    setReopenFor(null);
    reload();
  };
  return (
    <section className="reports-section" data-testid="weekly-reports">
      <div className="reports-toolbar">
        <label>
          报告周
          <select value={data.friday} onChange={(e) => setFriday(e.target.value)} aria-label="报告周（截至周五）">
            {data.weeks.map((w) => (
              <option key={w} value={w}>
                截至 {w}
                {w === data.defaultFriday ? '（最近一周）' : ''}
              </option>
            ))}
          </select>
        </label>
        <span className="reports-deadline">报送截止：{timestampZh(data.deadline)}</span>
        <span className="reports-counts">
          {(['submitted', 'late', 'pending', 'missing'] as const).map((s) => (
            <span key={s} className={`badge ${STATE_CLASS[s]}`}>
              {ROW_STATE_LABELS[s]} {data.summary[s]}
            </span>
          ))}
        </span>
        <a className="button" href={`/api/campaigns/${props.campaignId}/reports/weekly?week=${data.friday}`} download>
          下载周报表 .xlsx
        </a>
      </div>
      <div className="setup-table-wrap reports-table-wrap">
        <table className="setup-table reports-table">
          <thead>
            <tr>
              <th>单位</th>
              <th>分包领导</th>
              {data.taskTypes.map((t) => (
                <th key={t} className="num">
                  {TASK_TYPE_LABELS[t]}
                  <br />
                  报送 / 记录
                </th>
              ))}
              <th>状态</th>
              <th>签名</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <Fragment key={r.unitId}>
                <tr className={r.state === 'missing' ? 'is-missing' : ''}>
                  <td>{r.unit}</td>
                  <td>{r.leader ? r.leader.leader : <span className="muted">未登记</span>}</td>
                  {data.taskTypes.map((t) => (
                    <td key={t} className="num">
                      {r.submission ? mu(r.submission.figures[t] ?? 0) : '—'} / {mu(r.recorded[t] ?? 0)}
                      {r.differences[t] !== undefined && <span className="reports-diff" title={r.submission?.reason ?? ''}> {signedMu(r.differences[t]!)}</span>}
                    </td>
                  ))}
                  <td>
                    <span className={`badge ${STATE_CLASS[r.state]}`}>{ROW_STATE_LABELS[r.state]}</span>
                    {r.reopened && <span className="badge">已重新开放</span>}
                  </td>
                  <td className="reports-signed">
                    {r.submission ? `${r.submission.signedBy} · ${timestampZh(r.submission.submittedAt)}` : ''}
                    {r.submission?.reason && <div className="muted">更正：{r.submission.reason}</div>}
                  </td>
                  <td className="reports-actions">
                    {r.open && mayReport(r.unitId) && (
                      <button type="button" className="button button--small" onClick={() => setEditing(editing === r.unitId ? null : r.unitId)}>
                        {r.submission ? '更正' : '报送'}
                      </button>
                    )}
                    {!r.open && user?.role !== 'admin' && mayReport(r.unitId) && <span className="muted">已锁定</span>}
                    {!r.open && user?.role === 'admin' && (
                      <button type="button" className="button button--small button--quiet" onClick={() => setReopenFor({ unitId: r.unitId, reason: '' })}>
                        重新开放
                      </button>
                    )}
                  </td>
                </tr>
                {editing === r.unitId && (
                  <tr key={`${r.unitId}-form`}>
                    <td colSpan={5 + data.taskTypes.length}>
                      <SubmitForm campaignId={props.campaignId} friday={data.friday} row={r} taskTypes={data.taskTypes} onDone={() => (setEditing(null), reload())} />
                    </td>
                  </tr>
                )}
                {reopenFor?.unitId === r.unitId && (
                  <tr key={`${r.unitId}-reopen`}>
                    <td colSpan={5 + data.taskTypes.length}>
                      <form className="weekly-form" onSubmit={(e) => (e.preventDefault(), void reopen())}>
                        <label className="weekly-form__reason">
                          重新开放理由（必填）
                          <input value={reopenFor.reason} onChange={(e) => setReopenFor({ ...reopenFor, reason: e.target.value })} />
                        </label>
                        <button type="submit" className="button">准予补报</button>
                      </form>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      <p className="setup-summary">报送量按本报告周（周六至周五）的处置记录预填；与记录不一致须写明理由。截止后自动锁定，管理员可重新开放一次。未报送的单位在周报表中按处置记录计并注明。</p>
    </section>
  );
}
