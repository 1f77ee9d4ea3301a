/** Search results and nearby parcels as a list of large rows, each with its distance when the position is known. */
import { CATEGORY_LABELS } from '../../../core/categories.ts';
import { formatDistance } from '../../../core/format.ts';
import type { LonLat } from '../../../core/geodesy.ts';
import { CATEGORY_COLORS } from '../map/palette.ts';
import { distanceTo } from './parcel-source.ts';
import type { FieldParcel } from './types.ts';

export type Results =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; parcels: FieldParcel[]; offline: boolean }
  | { state: 'error'; message: string };

export function SearchResults(props: { title: string; results: Results; near: LonLat | null; onChoose: (parcel: FieldParcel) => void; onClose: () => void }) {
  const { results } = props;
  return (
    <section className="field-results" aria-label={props.title}>
      <header className="field-results__head">
        <h2>{props.title}</h2>
        {results.state === 'ready' && results.offline && <span className="badge">离线数据</span>}
        <button type="button" className="field-icon-button" aria-label="关闭列表" onClick={props.onClose}>
          ×
        </button>
      </header>
      {results.state === 'loading' && <p className="field-results__status">正在查找…</p>}
      {results.state === 'error' && (
        <p className="field-results__status error-text" role="alert">
          {results.message}
        </p>
      )}
      {results.state === 'ready' && results.parcels.length === 0 && (
        <p className="field-results__status">{results.offline ? '已保存的离线数据中没有找到相关地块' : '没有找到相关地块，可尝试输入监管号或编号的一部分'}</p>
      )}
      {results.state === 'ready' && results.parcels.length > 0 && (
        <ul className="field-results__list" role="list">
          {results.parcels.map((parcel) => {
            const p = parcel.properties;
            const metres = props.near ? (p.distanceM ?? distanceTo(props.near, parcel)) : null;
            return (
              <li key={p.id}>
                <button type="button" className="field-result" onClick={() => props.onChoose(parcel)}>
                  <span className="field-result__main">
                    <span className="field-result__code">
                      <span className="swatch" style={{ background: CATEGORY_COLORS[p.category] }} aria-hidden="true" />
                      {p.code}
                    </span>
                    <span className="field-result__name">{p.projectName || '（无项目名称）'}</span>
                    <span className="field-result__meta">
                      {p.unitName} · {CATEGORY_LABELS[p.category]} · {p.ledgerMu.toFixed(2)} 亩
                      {p.supervisionNumber ? ` · 监管号 ${p.supervisionNumber}` : ''}
                      {p.landUser ? ` · ${p.landUser}` : ''}
                    </span>
                  </span>
                  {metres !== null && metres !== undefined && (
                    <span className="field-result__distance" data-testid="result-distance">
                      {metres === 0 ? '所在地块' : formatDistance(metres)}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
