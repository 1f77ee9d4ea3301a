/** The form an editor fills in after checking a supplied parcel: start, halt, shares, and a government cause with its note. */
import { useState } from 'react';
import { parseIdleAssessment } from '../../../core/warnings/idle-assessment.ts';
import type { IdleAssessment } from '../../../core/warnings/types.ts';
import { ApiError, sendJson } from '../../api/client.ts';

interface Values {
  actualStartDate: string;
  haltedSince: string;
  developedShare: string;
  investmentShare: string;
  governmentCause: boolean;
  governmentCauseNote: string;
}

const percentText = (share: number | null) => (share == null ? '' : `${Math.round(share * 1000) / 10}%`);

function initial(a: IdleAssessment | null): Values {
  return {
    actualStartDate: a?.actualStartDate ?? '',
    haltedSince: a?.haltedSince ?? '',
    developedShare: percentText(a?.developedShare ?? null),
    investmentShare: percentText(a?.investmentShare ?? null),
    governmentCause: a?.governmentCause ?? false,
    governmentCauseNote: a?.governmentCauseNote ?? '',
  };
}

/** A bare number typed in a percent field is read as percent (35 → 35%); the server takes the text as it is. */
const asPercent = (text: string) => (/^\s*\d+(\.\d+)?\s*$/.test(text) && Number(text) > 1 ? `${text.trim()}%` : text);

export function IdleForm(props: { parcelId: number; assessment: IdleAssessment | null; onSaved: () => void; onCancel: () => void }) {
  const [values, setValues] = useState<Values>(() => initial(props.assessment));
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));

  const submit = async () => {
    const body = { ...values, developedShare: asPercent(values.developedShare), investmentShare: asPercent(values.investmentShare) };
    const parsed = parseIdleAssessment(body);
    if (!parsed.ok) return setProblems(parsed.problems);
    setBusy(true);
    setProblems([]);
    try {
      await sendJson('PUT', `/api/parcels/${props.parcelId}/idle-assessment`, parsed.value);
      props.onSaved();
    } catch (e) {
      const list = e instanceof ApiError && Array.isArray(e.extra.problems) ? (e.extra.problems as string[]) : [e instanceof Error ? e.message : String(e)];
      setProblems(list);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="idle-form"
      aria-label="录入开工情况"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="idle-form__pair">
        <label className="form-field">
          <span>实际开工日期</span>
          <input type="date" value={values.actualStartDate} onChange={(e) => set('actualStartDate', e.target.value)} />
        </label>
        <label className="form-field">
          <span>停工日期</span>
          <input type="date" value={values.haltedSince} onChange={(e) => set('haltedSince', e.target.value)} />
        </label>
        <label className="form-field">
          <span>已开发面积比例</span>
          <input inputMode="decimal" placeholder="如 30%" value={values.developedShare} onChange={(e) => set('developedShare', e.target.value)} />
        </label>
        <label className="form-field">
          <span>已投资比例</span>
          <input inputMode="decimal" placeholder="如 20%" value={values.investmentShare} onChange={(e) => set('investmentShare', e.target.value)} />
        </label>
      </div>
      <label className="idle-form__check">
        <input type="checkbox" checked={values.governmentCause} onChange={(e) => set('governmentCause', e.target.checked)} />
        因政府原因造成闲置（政府原因）
      </label>
      {values.governmentCause && (
        <label className="form-field">
          <span>政府原因说明（必填）</span>
          <textarea value={values.governmentCauseNote} maxLength={500} placeholder="如：规划调整、征地拆迁未完成、未按约定交地等" onChange={(e) => set('governmentCauseNote', e.target.value)} />
        </label>
      )}
      {problems.length > 0 && (
        <ul className="idle-form__problems" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="idle-form__actions">
        <button type="button" className="button button--quiet button--small" onClick={props.onCancel} disabled={busy}>
          取消
        </button>
        <button type="submit" className="button button--small" disabled={busy}>
          {busy ? '正在保存…' : '保存'}
        </button>
      </div>
    </form>
  );
}
