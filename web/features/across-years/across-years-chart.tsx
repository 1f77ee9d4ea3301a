/**
 * 历年 as a chart: per year, the base (task or approved area) as a pale bar, what was done in front of it, and the
 * rate written above; mu on the left axis. Plain SVG: a dozen bars need no chart library.
 */
import { muWhole, pct } from '../../format.ts';
import type { IndicatorSpec, Point } from './indicators.ts';

const W = 720;
const H = 260;
const PAD = { left: 64, right: 16, top: 28, bottom: 36 };

/** A round step for the axis: 1, 2 or 5 times a power of ten, giving about four gridlines. */
function niceStep(max: number): number {
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
}

export function AcrossYearsChart(props: { spec: IndicatorSpec; subject: string; points: Array<{ year: number; point: Point }> }) {
  const { spec, points } = props;
  const max = Math.max(1, ...points.flatMap(({ point }) => [point.base ?? 0, point.done]));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (mu: number) => PAD.top + plotH - (Math.max(0, mu) / top) * plotH;
  const slot = plotW / Math.max(1, points.length);
  const barW = Math.min(56, slot * 0.5);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  return (
    <figure className="years-chart">
      <figcaption>
        <strong>{props.subject}</strong> · {spec.label}
        <span className="years-chart__legend">
          <span><i className="years-swatch years-swatch--base" aria-hidden="true" />{spec.baseLabel}（亩）</span>
          <span><i className="years-swatch years-swatch--done" aria-hidden="true" />{spec.doneLabel}（亩）</span>
          <span><b>％</b> {spec.rateLabel}</span>
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.subject}${spec.label}历年图`}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="years-chart__grid" />
            <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end" className="years-chart__tick">{muWhole(t)}</text>
          </g>
        ))}
        <text x={14} y={PAD.top + plotH / 2} transform={`rotate(-90 14 ${PAD.top + plotH / 2})`} textAnchor="middle" className="years-chart__tick">
          亩（台账面积）
        </text>
        {points.map(({ year, point }, i) => {
          const cx = PAD.left + slot * i + slot / 2;
          return (
            <g key={year} data-year={year}>
              {point.base != null && (
                <rect x={cx - barW / 2 - 6} width={barW + 12} y={y(point.base)} height={PAD.top + plotH - y(point.base)} className="years-chart__base">
                  <title>{`${year}年 ${spec.baseLabel} ${muWhole(point.base)} 亩`}</title>
                </rect>
              )}
              <rect x={cx - barW / 2} width={barW} y={y(point.done)} height={Math.max(0, PAD.top + plotH - y(point.done))} className="years-chart__done">
                <title>{`${year}年 ${spec.doneLabel} ${muWhole(point.done)} 亩`}</title>
              </rect>
              <text x={cx} y={y(Math.max(point.base ?? 0, point.done)) - 8} textAnchor="middle" className="years-chart__rate">
                {point.rate == null ? '—' : pct(point.rate)}
              </text>
              <text x={cx} y={H - PAD.bottom + 20} textAnchor="middle" className="years-chart__year">{year}年</text>
            </g>
          );
        })}
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} className="years-chart__axis" />
      </svg>
    </figure>
  );
}
