/**
 * 闲置认定 in a parcel's record: the class the idle-land rules give on the page's date, and what a person recorded
 * (actual start, halt, shares, government cause); editors of the parcel's unit record or correct it here.
 */
import { useState } from 'react';
import type { IdleClass } from '../../../core/idle-land.ts';
import type { ParcelDetail } from '../../api/types.ts';
import { pct, timestampZh } from '../../format.ts';
import { useSession } from '../auth/session.tsx';
import { mayEditParcel } from '../editing/permissions.ts';
import { FieldGroup } from '../parcel-panel/field-list.tsx';
import { IdleForm } from './idle-form.tsx';
import type { IdleSectionData } from './types.ts';
import './warnings.css';

const CLASS_BADGE: Record<IdleClass, string> = {
  recoverable: 'badge--bad',
  idle_fee: 'badge--bad',
  due_within_90_days: 'badge--demo',
  government_cause: '',
  no_agreed_date: '',
  incomplete: '',
  developing: 'badge--ok',
  not_due: 'badge--ok',
};

export function IdleSection({ detail, onChanged }: { detail: ParcelDetail & IdleSectionData; onChanged: () => void }) {
  const { user } = useSession();
  const [editing, setEditing] = useState(false);
  const p = detail.properties;
  const a = detail.idleAssessment ?? null;
  const c = detail.idleClassification ?? null;
  // Only supplied land can be idle; show the section where the rules apply or someone recorded something.
  if (!c && !a && p.category !== 'idle') return null;
  const mayEdit = user ? mayEditParcel(user, p) : false;
  return (
    <FieldGroup
      title="闲置认定"
      fields={[
        { label: '实际开工', value: a ? (a.actualStartDate ?? '未动工') : null },
        { label: '停工日期', value: a?.haltedSince },
        { label: '开发/投资', value: a && (a.developedShare != null || a.investmentShare != null) ? `面积 ${a.developedShare == null ? '—' : pct(a.developedShare)} · 投资 ${a.investmentShare == null ? '—' : pct(a.investmentShare)}` : null },
        { label: '政府原因', value: a ? (a.governmentCause ? `是：${a.governmentCauseNote ?? ''}` : '否') : null },
      ]}
    >
      {c ? (
        <div className="idle-section__class" data-testid="idle-class">
          <span className={`badge ${CLASS_BADGE[c.class]}`}>{c.label}</span>
          {c.idleFeeWan != null && <strong>闲置费 {c.idleFeeWan.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 万元</strong>}
          <span className="hint">{c.reason}（按 {c.date}）</span>
        </div>
      ) : (
        <p className="hint">当前不适用闲置认定（未供应、已处置或已销号）。</p>
      )}
      <p className="hint">{a ? `由 ${a.recordedBy} 于 ${timestampZh(a.recordedAt)} 录入` : '尚未录入开工情况：约定动工日期过后即为资料不全，录入后方可认定闲置；政府原因须由人工认定。'}</p>
      {mayEdit && !editing && (
        <button type="button" className="button button--quiet button--small" onClick={() => setEditing(true)}>
          {a ? '修改开工情况' : '录入开工情况'}
        </button>
      )}
      {editing && (
        <IdleForm
          parcelId={p.id}
          assessment={a}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
    </FieldGroup>
  );
}
