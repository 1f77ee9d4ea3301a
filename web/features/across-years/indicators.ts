/** The three yearly figures as the 历年 view shows them: what is the base, what is done, the rate, and their names. */
import type { AcrossYearsRow } from '../../../core/across-years/figures.ts';

export type Indicator = 'digested' | 'idle' | 'supply';

export interface IndicatorSpec {
  key: Indicator;
  label: string;
  /** The bar behind: the task, or the approved area. */
  baseLabel: string;
  /** The bar in front: what was digested, disposed or supplied. */
  doneLabel: string;
  rateLabel: string;
}

export const INDICATORS: readonly IndicatorSpec[] = [
  { key: 'digested', label: '批而未供消化', baseLabel: '任务', doneLabel: '消化', rateLabel: '完成率' },
  { key: 'idle', label: '闲置土地处置', baseLabel: '任务', doneLabel: '处置', rateLabel: '完成率' },
  { key: 'supply', label: '近五年供地率', baseLabel: '批准面积', doneLabel: '供应面积', rateLabel: '供地率' },
];

export interface Point {
  base: number | null;
  done: number;
  rate: number | null;
}

/** One row's figures for an indicator, in mu. */
export function pointOf(row: AcrossYearsRow, indicator: Indicator): Point {
  if (indicator === 'supply') return { base: row.supply.batches ? row.supply.approvedMu : null, done: row.supply.suppliedMu, rate: row.supply.rate };
  const f = row[indicator];
  return { base: f.taskMu, done: f.doneMu, rate: f.rate };
}

/** Whether a row says anything for the indicator (a task, something done, or an approval weighed). */
export const hasFigures = (p: Point) => p.base != null || Math.abs(p.done) > 0.005;
