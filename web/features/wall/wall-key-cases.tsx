import { daysLeftText } from '../../../core/rhythm/key-cases.ts';
import type { KeyCase } from '../reports/types.ts';

/** How many cases the wall lists; the rest are counted in the title. Three rows fit beside the rank table at 28 px. */
const LISTED = 3;

/** The units a case's parcels lie in, as one name (most cases hold one unit's parcels). */
const unitsOf = (c: KeyCase) => [...new Set(c.parcels.map((p) => p.unit).filter((u): u is string => !!u))].join('、') || '—';

/** A title that starts with its unit's name says it once: the unit stands in its own column. */
const titleWithoutUnit = (title: string, unit: string) => (title.startsWith(unit) && title.length > unit.length ? title.slice(unit.length) : title);

/**
 * 重点案件挂牌督办 on the wall: the cases still under supervision by the wall's date, overdue first (the API's order),
 * each with its unit and days overdue or left — overdue in red. Closed cases are the reports' business, not the wall's.
 */
export function WallKeyCases(props: { cases: KeyCase[] }) {
  const open = props.cases.filter((c) => c.status !== 'closed');
  if (!open.length) return null;
  const overdue = open.filter((c) => c.status === 'overdue').length;
  const listed = open.slice(0, LISTED);
  return (
    <section className="wall-card wall-cases" aria-label="重点案件挂牌督办" data-testid="wall-key-cases">
      <h2 className="wall-card__title">
        重点案件 · 督办 <span className="num">{open.length}</span> 件{overdue > 0 && <span className="wall-cases__overdue">，逾期 <span className="num">{overdue}</span> 件</span>}
        {open.length > listed.length && `（列出 ${listed.length} 件）`}
      </h2>
      <ul className="wall-cases__list">
        {listed.map((c) => (
          <li key={c.id} className={`wall-case wall-case--${c.status}`} data-case={c.id}>
            <span className="wall-case__unit">{unitsOf(c)}</span>
            <span className="wall-case__title" title={c.title}>
              {titleWithoutUnit(c.title, unitsOf(c))}
            </span>
            <span className="wall-case__days num">{daysLeftText(c.daysLeft)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
