/** 历年 as a table: a row per unit (and the total), a column per year; a row chosen is the one the chart draws. */
import type { AcrossYearsRow } from '../../../core/across-years/figures.ts';
import { muWhole, pct } from '../../format.ts';
import { hasFigures, pointOf, type IndicatorSpec } from './indicators.ts';

interface TableProps {
  spec: IndicatorSpec;
  years: number[];
  units: Array<{ id: number | null; name: string }>;
  rows: AcrossYearsRow[];
  chosen: number | null;
  onChoose: (unitId: number | null) => void;
}

export function AcrossYearsTable({ spec, years, units, rows, chosen, onChoose }: TableProps) {
  const cell = (unitId: number | null, year: number) => rows.find((r) => r.unitId === unitId && r.year === year);
  return (
    <div className="setup-table-wrap years-table-wrap">
      <table className="setup-table years-table" data-testid="years-table">
        <thead>
          <tr>
            <th>单位</th>
            {years.map((y) => (
              <th key={y} className="num">{y}年</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u.id ?? 'total'} className={`${u.id === null ? 'is-total' : ''} ${chosen === u.id ? 'is-active' : ''}`}>
              <th scope="row">
                <button type="button" className="link-button" aria-pressed={chosen === u.id} onClick={() => onChoose(u.id)} title="在图中查看">
                  {u.name}
                </button>
              </th>
              {years.map((y) => {
                const row = cell(u.id, y);
                if (!row) return <td key={y} />;
                const p = pointOf(row, spec.key);
                if (!hasFigures(p)) {
                  return (
                    <td key={y} className="num years-table__none" data-year={y} title={spec.key === 'supply' ? '前五年无批准批次' : '无任务、无处置'}>
                      —
                    </td>
                  );
                }
                return (
                  <td key={y} className="num" data-year={y}>
                    <span className="years-table__rate">{p.rate == null ? '—' : pct(p.rate)}</span>
                    <small>
                      {muWhole(p.done)} / {p.base == null ? (spec.key === 'supply' ? '无批次' : '无任务') : muWhole(p.base)}
                    </small>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
