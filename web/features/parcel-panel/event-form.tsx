/**
 * Entering one event of a parcel's life (登记事项): its kind, date, what the kind carries and a note. Checked first
 * with the server's own parser (core/parcel-life/input.ts), then sent; the server checks again. Disposals have their
 * own form (处置记录), which knows the parcel's mu.
 */
import { useState } from 'react';
import { todayInChina } from '../../../core/dates.ts';
import { LIFE_EVENT_LABELS } from '../../../core/parcel-life/events.ts';
import { ENTERED_KINDS, parseEnteredEvent, type EnteredKind, type EventProblem } from '../../../core/parcel-life/input.ts';
import { ApiError, sendJson } from '../../api/client.ts';

const KINDS = ENTERED_KINDS.filter((k): k is Exclude<EnteredKind, 'disposal'> => k !== 'disposal');
type Kind = (typeof KINDS)[number];

/** The inputs each kind adds to date and note: [field, label, placeholder, kind of input]. */
const EXTRA: Partial<Record<Kind, Array<[string, string, string, 'text' | 'number' | 'date' | 'supply']>>> = {
  approved: [['approvalNumber', '批准文号', '如 豫政土〔2020〕922号', 'text'], ['approvedMu', '批准面积（亩）', '', 'number']],
  supplied: [['method', '供应方式', '', 'supply'], ['supervisionNumber', '电子监管号', '如 4117022019B00345', 'text'], ['priceWan', '出让价款（万元）', '', 'number']],
  agreed_start: [['agreedStartDate', '约定开工时间', '', 'date']],
  planned: [['method', '处置方式', '如 动工开发', 'text']],
  struck_off: [['reason', '销号原因', '', 'text']],
};

export function EventForm({ parcelId, onSaved }: { parcelId: number; onSaved: () => void }) {
  const today = todayInChina();
  const [kind, setKind] = useState<Kind>('declared_idle');
  const [values, setValues] = useState<Record<string, string>>({ date: today, method: '出让' });
  const [problems, setProblems] = useState<EventProblem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const problemOf = (field: string) => problems.find((p) => p.field === field)?.message;
  const set = (key: string, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setProblems((ps) => ps.filter((p) => p.field !== key));
  };

  const body = () => {
    const out: Record<string, unknown> = { kind, date: values.date, note: values.note ?? '' };
    for (const [key, , , type] of EXTRA[kind] ?? []) {
      const v = (values[key] ?? '').trim();
      out[key] = type === 'number' ? (v === '' ? null : Number(v)) : v;
    }
    return out;
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = body();
    const checked = parseEnteredEvent(input, today);
    if (!checked.ok) return setProblems(checked.problems);
    setBusy(true);
    setMessage(null);
    try {
      await sendJson('POST', `/api/parcels/${parcelId}/events`, input);
      setValues({ date: today, method: '出让' });
      onSaved();
    } catch (error) {
      if (error instanceof ApiError && Array.isArray(error.extra.problems)) setProblems(error.extra.problems as EventProblem[]);
      else setMessage(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const field = (key: string, label: string, control: React.ReactNode) => (
    <label key={key} className={`form-field ${problemOf(key) ? 'form-field--invalid' : ''}`}>
      <span>{label}</span>
      {control}
      {problemOf(key) && <span className="form-field__error">{problemOf(key)}</span>}
    </label>
  );

  return (
    <form className="disposal-form event-form" onSubmit={(e) => void submit(e)} aria-label="登记事项">
      <div className="disposal-form__grid">
        {field('kind', '事项', (
          <select value={kind} onChange={(e) => { setKind(e.target.value as Kind); setProblems([]); }}>
            {KINDS.map((k) => <option key={k} value={k}>{LIFE_EVENT_LABELS[k]}</option>)}
          </select>
        ))}
        {field('date', '日期', <input type="date" max={today} value={values.date ?? ''} onChange={(e) => set('date', e.target.value)} />)}
        {(EXTRA[kind] ?? []).map(([key, label, placeholder, type]) => field(key, label, type === 'supply' ? (
          <select value={values[key] ?? '出让'} onChange={(e) => set(key, e.target.value)}>
            <option value="出让">出让</option>
            <option value="划拨">划拨</option>
          </select>
        ) : (
          <input type={type === 'date' ? 'date' : 'text'} inputMode={type === 'number' ? 'decimal' : undefined} placeholder={placeholder} value={values[key] ?? ''} onChange={(e) => set(key, e.target.value)} />
        )))}
        {field('note', '说明', <input value={values.note ?? ''} placeholder="如：认定书文号" onChange={(e) => set('note', e.target.value)} />)}
      </div>
      {message && <p className="error-box" role="alert">{message}</p>}
      <button type="submit" className="button button--small" disabled={busy}>{busy ? '正在登记…' : '登记事项'}</button>
    </form>
  );
}
