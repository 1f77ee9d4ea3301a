import { CATEGORY_LABELS } from '../../../core/categories.ts';
import { mu } from '../../format.ts';
import type { LatestDisposal } from './use-wall-data.ts';

/** 最新处置: the newest disposals; those of the current report week carry the map's highlight colour. */
export function LatestList(props: { disposals: LatestDisposal[]; weekStart: string }) {
  return (
    <section className="wall-card wall-latest" aria-labelledby="wall-latest-title">
      <h2 id="wall-latest-title" className="wall-card__title">
        最新处置 <span className="wall-muted">（<span className="key key--week" />本周）</span>
      </h2>
      {props.disposals.length === 0 ? (
        <p className="wall-empty">截至此日尚无处置记录</p>
      ) : (
        <ol className="wall-latest__list" data-testid="wall-latest">
          {props.disposals.map((d) => (
            <li key={d.id} className={d.date >= props.weekStart ? 'is-week' : undefined}>
              <span className="wall-latest__date">{Number(d.date.slice(5, 7))}月{Number(d.date.slice(8))}日</span>
              <span className="wall-latest__unit">{d.units.join('、') || '—'}</span>
              <span className="wall-latest__what" title={d.projectName}>
                {d.projectName}
                <span className="wall-muted"> · {CATEGORY_LABELS[d.category]} · {d.method}</span>
              </span>
              <span className="wall-latest__mu num">{mu(d.mu)} 亩</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
