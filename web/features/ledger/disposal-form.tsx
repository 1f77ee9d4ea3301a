/**
 * Entering a disposal record (登记处置): date, mu, method of the parcel's task type, a note. Checked first with the
 * server's own rule (never more than the ledger mu in all), then sent; the server checks again.
 */
import { useState } from 'react';
import { DISPOSAL_METHODS, taskTypeOf, type Category } from '../../../core/categories.ts';
import { todayInChina } from '../../../core/dates.ts';
import { checkDisposal, type DisposalProblem } from '../../../core/ledger/disposal.ts';
import { ApiError, sendJson } from '../../api/client.ts';
import { mu } from '../../format.ts';

export interface DisposalTarget {
  id: number;
  code: string;
  category: Category;
  ledgerMu: number;
  disposedMu: number;
}

export function DisposalForm({ parcel, onSaved }: { parcel: DisposalTarget; onSaved: (disposedMu: number) => void }) {
  const today = todayInChina();
  const remaining = Math.max(0, Math.round((parcel.ledgerMu - parcel.disposedMu) * 100) / 100);
  const methods = DISPOSAL_METHODS[taskTypeOf(parcel.category)];
  const [values, setValues] = useState({ date: today, mu: remaining ? String(remaining) : '', method: methods[0] ?? '', note: '' });
  const [problems, setProblems] = useState<DisposalProblem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const problemOf = (field: DisposalProblem['field']) => problems.find((p) => p.field === field)?.message;
  const set = (key: keyof typeof values, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setProblems((ps) => ps.filter((p) => p.field !== key));
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = { ...values, mu: values.mu.trim() === '' ? null : Number(values.mu) };
    const checked = checkDisposal(input, parcel, today);
    if (!checked.ok) return setProblems(checked.problems);
    setBusy(true);
    setMessage(null);
    try {
      const answer = await sendJson<{ disposedMu: number }>('POST', `/api/parcels/${parcel.id}/disposals`, checked.value);
      setValues((v) => ({ ...v, mu: '', note: '' }));
      onSaved(answer!.disposedMu);
    } catch (error) {
      if (error instanceof ApiError && Array.isArray(error.extra.problems)) setProblems(error.extra.problems as DisposalProblem[]);
      else setMessage(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const field = (key: DisposalProblem['field'], label: string, control: React.ReactNode) => (
    <label className={`form-field ${problemOf(key) ? 'form-field--invalid' : ''}`}>
      <span>{label}</span>
      {control}
      {problemOf(key) && <span className="form-field__error">{problemOf(key)}</span>}
    </label>
  );

  return (
    <form className="disposal-form" onSubmit={(e) => void submit(e)} aria-label={`为 ${parcel.code} 登记处置`}>
      <p className="hint">
        台账面积 {mu(parcel.ledgerMu)} 亩，已处置 {mu(parcel.disposedMu)} 亩，还可登记 <strong>{mu(remaining)} 亩</strong>
      </p>
      <div className="disposal-form__grid">
        {field('date', '处置日期', <input type="date" max={today} value={values.date} onChange={(e) => set('date', e.target.value)} />)}
        {field('mu', '处置面积（亩）', <input inputMode="decimal" value={values.mu} onChange={(e) => set('mu', e.target.value)} />)}
        {field('method', '处置方式', (
          <select value={values.method} onChange={(e) => set('method', e.target.value)}>
            {methods.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        ))}
        {field('note', '说明', <input value={values.note} placeholder="如：出让合同号" onChange={(e) => set('note', e.target.value)} />)}
      </div>
      {message && <p className="error-box" role="alert">{message}</p>}
      <button type="submit" className="button button--small" disabled={busy || remaining <= 0}>
        {busy ? '正在登记…' : remaining <= 0 ? '已全部处置' : '登记处置'}
      </button>
    </form>
  );
}
