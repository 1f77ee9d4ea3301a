/** 重点案件挂牌督办: cases with leader, deadline, outcome, status and days left; admins flag and close them. */
import { useState } from 'react';
import { sendJson } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { useSession } from '../auth/session.tsx';
import { KeyCaseBadge } from './key-case-badge.tsx';
import type { KeyCase } from './types.ts';

function NewCaseForm(props: { campaignId: number; onDone: () => void }) {
  const [form, setForm] = useState({ title: '', parcelCodes: '', leader: '', deadline: '', requiredOutcome: '' });
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const send = async () => {
    setError(null);
    try {
      await sendJson('POST', `/api/campaigns/${props.campaignId}/key-cases`, { ...form, parcelCodes: form.parcelCodes.split(/[,，、\s]+/).filter(Boolean) });
      props.onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <form className="weekly-form key-case-form" onSubmit={(e) => (e.preventDefault(), void send())} aria-label="挂牌督办">
      <label>案件名称<input value={form.title} onChange={set('title')} required /></label>
      <label>地块编号（可多个，逗号分隔）<input value={form.parcelCodes} onChange={set('parcelCodes')} required /></label>
      <label>督办领导<input value={form.leader} onChange={set('leader')} required /></label>
      <label>办结期限<input type="date" value={form.deadline} onChange={set('deadline')} required /></label>
      <label className="weekly-form__reason">督办要求<input value={form.requiredOutcome} onChange={set('requiredOutcome')} required placeholder="如：10月底前完成无偿收回" /></label>
      <button type="submit" className="button">挂牌督办</button>
      {error && <p className="error-box" role="alert">{error}</p>}
    </form>
  );
}

export function KeyCasesTab(props: { campaignId: number }) {
  const { user } = useSession();
  const [revision, setRevision] = useState(0);
  const [adding, setAdding] = useState(false);
  const [closing, setClosing] = useState<{ id: number; note: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const answer = useApi<{ today: string; cases: KeyCase[] }>(`/api/campaigns/${props.campaignId}/key-cases#${revision}`, props.campaignId);
  const admin = user?.role === 'admin';
  const close = async () => {
    if (!closing) return;
    setError(null);
    try {
      await sendJson('POST', `/api/campaigns/${props.campaignId}/key-cases/${closing.id}/close`, { note: closing.note });
      setClosing(null);
      setRevision((r) => r + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  if (answer.state === 'error') return <p className="error-box" role="alert">{answer.message}</p>;
  const data = answer.state === 'ready' ? answer.data : answer.stale;
  if (!data) return <p className="setup-loading">正在加载重点案件…</p>;
  return (
    <section className="reports-section" data-testid="key-cases">
      <div className="reports-toolbar">
        <span className="reports-deadline">截至 {data.today}：督办中 {data.cases.filter((c) => c.status !== 'closed').length} 件，逾期 {data.cases.filter((c) => c.status === 'overdue').length} 件</span>
        {admin && (
          <button type="button" className="button" onClick={() => setAdding((a) => !a)}>
            {adding ? '取消' : '挂牌督办新案件'}
          </button>
        )}
      </div>
      {adding && <NewCaseForm campaignId={props.campaignId} onDone={() => (setAdding(false), setRevision((r) => r + 1))} />}
      {data.cases.length === 0 && <p className="setup-empty">尚无挂牌督办的重点案件。</p>}
      <ul className="key-case-list">
        {data.cases.map((c) => (
          <li key={c.id} className={`key-case key-case--${c.status}`}>
            <div className="key-case__head">
              <strong>{c.title}</strong>
              <KeyCaseBadge keyCase={c} />
            </div>
            <div className="muted">
              督办领导 {c.leader} · 期限 {c.deadline} · 地块 {c.parcels.map((p) => p.code).join('、')}
            </div>
            <div>要求：{c.requiredOutcome}</div>
            {c.closeNote && <div>办结（{c.closedOn}）：{c.closeNote}</div>}
            {admin && c.status !== 'closed' && closing?.id !== c.id && (
              <button type="button" className="button button--small button--quiet" onClick={() => setClosing({ id: c.id, note: '' })}>
                办结
              </button>
            )}
            {closing?.id === c.id && (
              <form className="weekly-form" onSubmit={(e) => (e.preventDefault(), void close())}>
                <label className="weekly-form__reason">
                  办结说明（必填）
                  <input value={closing.note} onChange={(e) => setClosing({ ...closing, note: e.target.value })} />
                </label>
                <button type="submit" className="button">确认办结</button>
                {error && <p className="error-box" role="alert">{error}</p>}
              </form>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
