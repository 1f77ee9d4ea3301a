/**
 * The parcel's life (生命周期) on a line: each event with its date and who recorded it, and the category in force
 * between events as a coloured band — so anyone can say on what date a parcel went from 征而未供 to 供后闲置.
 */
import { CATEGORY_LABELS } from '../../../core/categories.ts';
import type { LifePeriod } from '../../../core/parcel-life/standing.ts';
import type { RecordedEvent } from '../../../server/parcel-life/queries.ts';
import type { ParcelLifeAnswer } from '../../../server/parcel-life/routes.ts';
import { useState } from 'react';
import { useApi } from '../../api/use-api.ts';
import { mu } from '../../format.ts';
import { CATEGORY_COLORS } from '../map/palette.ts';
import { EventForm } from './event-form.tsx';

const PHASE_LABELS: Record<LifePeriod['phase'], string> = { unrecorded: '未登记', unused: '', supplied: '已供应', withdrawn: '已撤销批文' };
const SOURCE_LABELS: Record<RecordedEvent['source'], string> = { person: '人工', import: '导入', monitoring: '监管系统', ledger: '台账推定' };

const periodLabel = (p: LifePeriod) => (p.category ? CATEGORY_LABELS[p.category] : PHASE_LABELS[p.phase]);
const periodColor = (p: LifePeriod) => (p.category ? CATEGORY_COLORS[p.category] : '#9aa4b2');

/** What an event carries besides its date, in a few words. */
function detailOf(e: RecordedEvent): string | null {
  switch (e.kind) {
    case 'disposal':
      return `${mu(e.mu)} 亩 · ${e.method}`;
    case 'supplied':
      return [e.method, e.supervisionNumber, e.priceWan != null ? `${e.priceWan.toLocaleString('zh-CN')} 万元` : null].filter(Boolean).join(' · ');
    case 'approved':
      return [e.approvalNumber, e.approvedMu != null ? `${mu(e.approvedMu)} 亩` : null].filter(Boolean).join(' · ') || null;
    case 'agreed_start':
      return `约定 ${e.agreedStartDate} 动工`;
    case 'registered':
      return `登记为${CATEGORY_LABELS[e.category]}`;
    case 'planned':
      return e.method;
    default:
      return null;
  }
}

/** `onChanged`, given to those who may edit the parcel, offers the form to enter an event and is called after one. */
export function Timeline({ parcelId, version, onChanged }: { parcelId: number; version: number; onChanged?: () => void }) {
  // The version in the URL refetches the life after every save of the parcel; `entered` after each event entered here.
  const [entered, setEntered] = useState(0);
  const [adding, setAdding] = useState(false);
  const life = useApi<ParcelLifeAnswer>(`/api/parcels/${parcelId}/life?v=${version}.${entered}`, parcelId);
  const data = life.state === 'ready' ? life.data : life.state === 'loading' ? life.stale : null;
  return (
    <section className="field-group timeline" data-testid="parcel-timeline" aria-busy={life.state === 'loading'}>
      <h3 className="field-group__title">
        生命周期
        {onChanged && <button type="button" className="button button--small timeline__add" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>{adding ? '收起' : '登记事项'}</button>}
      </h3>
      {onChanged && adding && <EventForm parcelId={parcelId} onSaved={() => { setEntered((n) => n + 1); setAdding(false); onChanged(); }} />}
      {life.state === 'error' && <p className="error-box">{life.message}</p>}
      {!data && life.state === 'loading' && <div className="skeleton" aria-hidden="true" />}
      {data && (
        <>
          {data.events.some((e) => e.source === 'ledger') && <p className="hint">未注明来源的事项由台账记录推定（批准、供应日期；登记时的类别按所在行动的开始之日）。</p>}
          <ol className="timeline__list">
            {data.events.map((e, i) => {
              const period = [...data.periods].reverse().find((p) => p.from <= e.date);
              return (
                <li key={`${e.kind}-${e.date}-${i}`} className="timeline__event" style={{ ['--band' as string]: period ? periodColor(period) : '#d0d5dd' }}>
                  <span className="timeline__date">{e.date}</span>
                  <span className="timeline__dot" aria-hidden="true" />
                  <div className="timeline__what">
                    <strong>{e.label}</strong>
                    {detailOf(e) && <span className="timeline__detail">{detailOf(e)}</span>}
                    {/* Read from the ledger: the note above says so once, not on every line. */}
                    {e.note && <span className="timeline__detail">{e.note}</span>}
                    {e.source !== 'ledger' && <span className="timeline__who">{SOURCE_LABELS[e.source]}{e.actor ? ` · ${e.actor}` : ''}</span>}
                  </div>
                </li>
              );
            })}
          </ol>
          <p className="timeline__bands" aria-label="各时段类别">
            {data.periods.map((p) => (
              <span key={p.from} className="timeline__band" style={{ borderColor: periodColor(p) }}>
                <span className="swatch" style={{ background: periodColor(p) }} aria-hidden="true" />
                {periodLabel(p)} {p.from} 起{p.until ? ` 至 ${p.until}` : '至今'}
              </span>
            ))}
          </p>
          {data.standing.problems.length > 0 && (
            <ul className="timeline__problems" role="alert">
              {data.standing.problems.map((p) => <li key={`${p.date}-${p.seq}`}>{p.message}</li>)}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
