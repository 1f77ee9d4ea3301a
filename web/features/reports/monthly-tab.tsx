/** 月度通报: a month's ranking (overall or per task type) with each unit's move since last month and who is behind. */
import { useState } from 'react';
import { TASK_TYPE_LABELS, type TaskType } from '../../../core/categories.ts';
import { formatChange } from '../../../core/rhythm/monthly-ranking.ts';
import { useApi } from '../../api/use-api.ts';
import { mu, pct } from '../../format.ts';
import type { MonthlyAnswer } from './types.ts';

const keyLabel = (k: string) => (k === 'overall' ? '总体' : TASK_TYPE_LABELS[k as TaskType]);

export function MonthlyTab(props: { campaignId: number }) {
  const answer = useApi<MonthlyAnswer>(`/api/campaigns/${props.campaignId}/monthly-ranking`, props.campaignId);
  const [month, setMonth] = useState<string | null>(null);
  const [key, setKey] = useState('overall');
  if (answer.state === 'error') return <p className="error-box" role="alert">{answer.message}</p>;
  if (answer.state === 'loading') return <p className="setup-loading">正在排名…</p>;
  const data = answer.data;
  const shown = data.months.find((m) => m.month === month) ?? data.latest;
  if (!shown) return <p className="setup-empty">尚无月度排名：排名从每月最后一个报告周开始公布。</p>;
  const rows = shown.rankings[key] ?? [];
  const below = rows.filter((r) => r.belowExpected).map((r) => r.name);
  return (
    <section className="reports-section" data-testid="monthly-ranking">
      <div className="reports-toolbar">
        <label>
          月份
          <select value={shown.month} onChange={(e) => setMonth(e.target.value)}>
            {data.months.map((m) => (
              <option key={m.month} value={m.month}>
                {m.month}（截至 {m.friday}）
              </option>
            ))}
          </select>
        </label>
        <div className="segmented segmented--small" role="group" aria-label="排名口径">
          {data.keys.map((k) => (
            <button key={k} type="button" aria-pressed={k === key} onClick={() => setKey(k)}>
              {keyLabel(k)}
            </button>
          ))}
        </div>
        <span className="reports-deadline">序时进度 {shown.expectedPct.toFixed(1)}%</span>
        <a className="button" href={`/api/campaigns/${props.campaignId}/reports/monthly?month=${shown.month}`} download>
          下载月度通报 .xlsx
        </a>
      </div>
      <div className="setup-table-wrap reports-table-wrap">
        <table className="setup-table reports-table">
          <thead>
            <tr>
              <th className="num">排名</th>
              <th>单位</th>
              <th className="num">任务（亩）</th>
              <th className="num">处置（亩）</th>
              <th className="num">完成率</th>
              <th>较上月</th>
              <th>分包领导</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.unitId} className={r.belowExpected ? 'is-missing' : ''}>
                <td className="num">{r.rank ?? '—'}</td>
                <td>{r.name}</td>
                <td className="num">{r.taskMu == null ? '—' : mu(r.taskMu)}</td>
                <td className="num">{mu(r.disposedMu)}</td>
                <td className="num">{r.rate == null ? '—' : pct(r.rate)}</td>
                <td className={r.change && r.change > 0 ? 'reports-up' : r.change && r.change < 0 ? 'reports-down' : ''}>{formatChange(r.change)}</td>
                <td>{r.leader || <span className="muted">未登记</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="setup-summary">{below.length ? `低于序时进度的单位：${below.join('、')}` : '各单位均达到序时进度。'}</p>
    </section>
  );
}
