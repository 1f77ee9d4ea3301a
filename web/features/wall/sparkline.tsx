import type { Pace } from '../../../core/progress.ts';

/** A unit's cumulative completion, week by week, from 0 to 100% (values above 100% touch the top). */
export function Sparkline(props: { values: number[]; pace: Pace }) {
  if (props.values.length < 2) return <span className="wall-muted">—</span>;
  const w = 120;
  const h = 32;
  const step = w / (props.values.length - 1);
  const points = props.values.map((v, i) => `${(i * step).toFixed(1)},${(h - Math.min(1, v) * h).toFixed(1)}`).join(' ');
  return (
    <svg className={`wall-spark wall-spark--${props.pace}`} viewBox={`0 -2 ${w} ${h + 4}`} role="img" aria-label={`累计完成率走势，最新 ${(props.values.at(-1)! * 100).toFixed(1)}%`}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="2.5" />
    </svg>
  );
}
