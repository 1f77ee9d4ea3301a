/**
 * The parcel's life (生命周期) on a line: each event with its date and who recorded it, and the category in force
 * between events as a coloured band — so anyone can say on what date a parcel went from 征而未供 to 供后闲置.
 */
import { CATEGORY_LABELS } from '../../../core/categories.ts';
import type { LifePeriod } from '../../../core/parcel-life/standing.ts';
import type { RecordedEvent } from '../../../server/parcel-life/queries.ts';
import type { ParcelLifeAnswer } from '../../../server/parcel-life/routes.ts';
import { useApi } from '../../api/use-api.ts';
import { mu } from '../../format.ts';
import { CATEGORY_COLORS } from '../map/palette.ts';

const PHASE_LABELS: Record<LifePeriod['phase'], string> = { unrecorded: '未登记', unused: '', supplied: '已供应', withdrawn: '已撤销批文' };
const SOURCE_LABELS: Record<RecordedEvent['source'], string> = { person: '人工登记', import: '文件导入', monitoring: '监测监管系统', ledger: '台账推定' };

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

export function Timeline({ parcelId, version }: { parcelId: number; version: number }) {
  // The version in the URL refetches the life after every save of the parcel.
  const life = useApi<ParcelLifeAnswer>(`/api/parcels/${parcelId}/life?v=${version}`, parcelId);
  const data = life.state === 'ready' ? life.data : life.state === 'loading' ? life.stale : null;
  return (
    <section className="field-group timeline" data-testid="parcel-timeline" aria-busy={life.state === 'loading'}>
      <h3 className="field-group__title">生命周期</h3>
      {life.state === 'error' && <p className="error-box">{life.message}</p>}
      {!data && life.state === 'loading' && <div className="skeleton" aria-hidden="true" />}
      {data && (
        <>
          {data.fromLedger && <p className="hint">尚未逐项登记事项：以下由台账记录推定（批准、供应日期；现类别按本次行动登记之日）。</p>}
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
