/**
 * 重点案件 where they must be seen besides 报表: open cases in 预警 (overdue first, each opening its parcel), and the
 * cases holding a parcel in its panel. Both read the key-case API; nothing here writes.
 */
import { useApi } from '../../api/use-api.ts';
import { KeyCaseBadge } from './key-case-badge.tsx';
import type { KeyCase } from './types.ts';
import './reports.css';

export function WarningsKeyCases(props: { campaignId: number; onOpenParcel: (parcelId: number) => void }) {
  const answer = useApi<{ cases: KeyCase[] }>(`/api/campaigns/${props.campaignId}/key-cases`, props.campaignId);
  const open = answer.state === 'ready' ? answer.data.cases.filter((c) => c.status !== 'closed') : [];
  if (!open.length) return null;
  return (
    <section className="warning-group key-case-notes" aria-label="重点案件挂牌督办" data-testid="warnings-key-cases">
      <h3 className="warning-group__title">重点案件挂牌督办 <span className="badge">{open.length}</span></h3>
      {open.map((c) => (
        <button key={c.id} type="button" className={`key-case key-case--${c.status}`} onClick={() => c.parcels[0] && props.onOpenParcel(c.parcels[0].id)}>
          <span className="key-case__head">
            <strong>{c.title}</strong>
            <KeyCaseBadge keyCase={c} />
          </span>
          <span className="muted">督办领导 {c.leader} · 期限 {c.deadline} · {c.parcels.length} 宗</span>
        </button>
      ))}
    </section>
  );
}

export function ParcelKeyCases(props: { parcelId: number }) {
  const answer = useApi<{ cases: KeyCase[] }>(`/api/parcels/${props.parcelId}/key-cases`, props.parcelId);
  const cases = answer.state === 'ready' ? answer.data.cases : [];
  if (!cases.length) return null;
  return (
    <section className="key-case-notes" aria-label="重点案件挂牌督办" data-testid="parcel-key-cases">
      {cases.map((c) => (
        <div key={c.id} className={`key-case key-case--${c.status}`}>
          <span className="key-case__head">
            <strong>重点案件：{c.title}</strong>
            <KeyCaseBadge keyCase={c} />
          </span>
          <span className="muted">督办领导 {c.leader} · 期限 {c.deadline}</span>
          <span>要求：{c.requiredOutcome}</span>
          {c.closeNote && <span>办结（{c.closedOn}）：{c.closeNote}</span>}
        </div>
      ))}
    </section>
  );
}
