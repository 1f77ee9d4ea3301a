import type { TaskKey } from '../../api/types.ts';
import { muWhole } from '../../format.ts';
import { TASK_KEY_LABELS } from '../progress/task-keys.ts';
import type { Trend } from './use-wall-data.ts';

const W = 900;
const H = 260;
const PAD = { left: 80, right: 56, top: 16, bottom: 34 };
const BAR_SHARE = 0.6;

/** The campaign's weekly disposals (bars, mu) with its cumulative completion against the expected % (lines). */
export function TrendChart(props: { trend: Trend; task: TaskKey }) {
  const { trend, task } = props;
  const series = task === 'overall' ? Object.values(trend.totals) : [trend.totals[task]].filter((s) => s != null);
  const weekly = trend.weeks.map((_, i) => series.reduce((sum, s) => sum + (s.weekly[i] ?? 0), 0));
  const taskMu = series.reduce((sum, s) => sum + (s.taskMu ?? 0), 0);
  const cumulative = weekly.reduce<number[]>((out, x) => [...out, (out.at(-1) ?? 0) + x], []);
  const n = trend.weeks.length;
  if (n === 0) return <p className="wall-empty">行动尚未开始，暂无周数据</p>;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const band = plotW / n;
  const maxWeek = Math.max(1, ...weekly);
  const x = (i: number) => PAD.left + band * (i + 0.5);
  const yPct = (p: number) => PAD.top + plotH * (1 - Math.min(1.05, p));
  const line = (values: number[]) => values.map((v, i) => `${x(i).toFixed(1)},${yPct(v).toFixed(1)}`).join(' ');
  const rates = taskMu ? cumulative.map((c) => c / taskMu) : [];
  const expected = trend.expectedPct.map((p) => p / 100);
  const labelEvery = Math.ceil(n / 8);
  return (
    <figure className="wall-card wall-trend">
      <figcaption className="wall-card__title">
        周进度 · <span className="wall-accent">{TASK_KEY_LABELS[task]}</span>
        <span className="wall-trend__legend">
          <span className="key key--bar" />每周盘活（亩） <span className="key key--rate" />累计完成率 <span className="key key--expected" />时序目标
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${TASK_KEY_LABELS[task]}每周盘活面积与累计完成率`} data-testid="wall-trend">
        {[0, 0.5, 1].map((p) => (
          <g key={p}>
            <line x1={PAD.left} x2={W - PAD.right} y1={yPct(p)} y2={yPct(p)} className="grid" />
            <text x={W - PAD.right + 8} y={yPct(p) + 6} className="axis">
              {p * 100}%
            </text>
          </g>
        ))}
        {/* Bars use the lower 60% of the plot, so the rate lines above stay clear of them. */}
        {weekly.some((v) => v > 0) && (
          <text x={PAD.left - 8} y={PAD.top + plotH * (1 - BAR_SHARE) + 5} className="axis" textAnchor="end">
            {muWhole(maxWeek)} 亩
          </text>
        )}
        {weekly.map((v, i) => {
          const h = (v / maxWeek) * plotH * BAR_SHARE;
          return <rect key={trend.weeks[i]} x={x(i) - band * 0.32} width={band * 0.64} y={PAD.top + plotH - h} height={h} className="bar" />;
        })}
        <polyline points={line(expected)} className="expected" />
        {rates.length > 0 && <polyline points={line(rates)} className="rate" />}
        {trend.weeks.map((w, i) =>
          i % labelEvery === 0 || i === n - 1 ? (
            <text key={w} x={x(i)} y={H - 8} className="axis" textAnchor="middle">
              {Number(w.slice(5, 7))}/{Number(w.slice(8))}
            </text>
          ) : null,
        )}
      </svg>
    </figure>
  );
}
