/**
 * 历年: the figures a county is judged on every year — 批而未供 digested and 闲置土地 disposed against the year's tasks,
 * and the supply rate of the five years' approvals — for a ledger's units, as a chart and a table, with the sheet
 * for the reports (.xlsx) to download.
 */
import { useState } from 'react';
import type { AcrossYears } from '../../../server/across-years/queries.ts';
import { query } from '../../api/client.ts';
import { dataOf, useApi } from '../../api/use-api.ts';
import { AcrossYearsChart } from './across-years-chart.tsx';
import { AcrossYearsTable } from './across-years-table.tsx';
import { hasFigures, INDICATORS, pointOf, type Indicator } from './indicators.ts';
import { SheetDialog } from '../campaign-setup/sheet-dialog.tsx';
import './across-years.css';

const YEAR_CHOICES = Array.from({ length: 2100 - 2009 + 1 }, (_, i) => 2009 + i);

export function AcrossYearsDialog(props: { ledgerCode: string; ledgerName: string; onClose: () => void }) {
  const [indicator, setIndicator] = useState<Indicator>('digested');
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const params = { unit: props.ledgerCode, from: range?.from ?? null, to: range?.to ?? null };
  const remote = useApi<AcrossYears>(`/api/ledger/across-years${query(params)}`, props.ledgerCode);
  const data = dataOf(remote);

  const spec = INDICATORS.find((i) => i.key === indicator)!;
  const years = data ? Array.from({ length: data.years.to - data.years.from + 1 }, (_, i) => data.years.from + i) : [];
  const units = data ? [...data.units.map((u) => ({ id: u.id as number | null, name: u.name })), { id: null, name: '合计' }] : [];
  const subject = units.find((u) => u.id === chosen)?.name ?? '合计';
  const points = data ? years.map((year) => ({ year, point: pointOf(data.rows.find((r) => r.year === year && r.unitId === chosen)!, indicator) })) : [];
  const empty = data !== null && !data.rows.some((r) => hasFigures(pointOf(r, indicator)));
  const shown = range ?? data?.years ?? null;
  const setYear = (which: 'from' | 'to', year: number) => {
    if (!shown) return;
    const next = { ...shown, [which]: year };
    setRange(which === 'from' ? { from: year, to: Math.max(year, next.to) } : { from: Math.min(next.from, year), to: year });
  };

  return (
    <SheetDialog
      testId="across-years"
      title="历年考核指标"
      header={<span className="setup-dialog__name">{props.ledgerName}台账</span>}
      onClose={props.onClose}
    >
      <div className="setup-step years-step">
        <div className="years-controls">
          <div className="segmented" role="group" aria-label="指标">
            {INDICATORS.map((i) => (
              <button key={i.key} type="button" aria-pressed={indicator === i.key} onClick={() => setIndicator(i.key)}>
                {i.label}
              </button>
            ))}
          </div>
          {shown && (
            <span className="years-range">
              <select value={shown.from} onChange={(e) => setYear('from', Number(e.target.value))} aria-label="起始年份">
                {YEAR_CHOICES.filter((y) => y <= shown.to && y > shown.to - 30).map((y) => <option key={y} value={y}>{y}年</option>)}
              </select>
              至
              <select value={shown.to} onChange={(e) => setYear('to', Number(e.target.value))} aria-label="截止年份">
                {YEAR_CHOICES.filter((y) => y >= shown.from && y < shown.from + 30).map((y) => <option key={y} value={y}>{y}年</option>)}
              </select>
            </span>
          )}
          <a className="button button--small years-download" href={`/api/ledger/across-years/sheet${query(params)}`} download>
            下载 Excel
          </a>
        </div>

        {remote.state === 'error' && (
          <p className="error-box" role="alert">
            历年指标加载失败：{remote.message}
          </p>
        )}
        {!data && remote.state === 'loading' && <p className="setup-loading">正在按地块的生命周期逐年统计…</p>}
        {data && empty && (
          <p className="setup-empty" data-testid="years-empty">
            {data.years.from}—{data.years.to} 年没有{spec.label}的数据：{indicator === 'supply' ? '台账中没有这几年之前五年内批准的批次' : '这几年没有专项行动下达任务，也没有处置记录'}。
          </p>
        )}
        {data && !empty && (
          <>
            <AcrossYearsChart spec={spec} subject={subject} points={points} />
            <AcrossYearsTable spec={spec} years={years} units={units} rows={data.rows} chosen={chosen} onChoose={setChosen} />
          </>
        )}
        {data && (
          <p className="hint">
            {data.basis}。表中每格为 {spec.rateLabel}，下行为 {spec.doneLabel} / {spec.baseLabel}（亩）；点单位名在图中查看该单位。任务来源：
            {data.campaigns.length ? data.campaigns.map((c) => `${c.year}年 ${c.name}`).join('；') : '所选年份无专项行动'}。
          </p>
        )}
      </div>
    </SheetDialog>
  );
}
