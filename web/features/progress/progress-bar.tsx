/** Completion against the expected line: the bar is what is disposed, the mark is where the unit should be by now. */
import { pct } from '../../format.ts';
import type { Pace } from '../../../core/progress.ts';

export function ProgressBar(props: { rate: number; expectedPct: number; pace: Pace; label: string }) {
  const width = Math.max(0, Math.min(100, props.rate * 100));
  const expected = Math.max(0, Math.min(100, props.expectedPct));
  return (
    <div
      className="progress-bar"
      role="meter"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(props.rate * 1000) / 10}
      aria-valuetext={`完成 ${pct(props.rate)}，时序目标 ${props.expectedPct.toFixed(1)}%`}
    >
      <div className={`progress-bar__fill pace-bg-${props.pace}`} style={{ width: `${width}%` }} />
      <div className="progress-bar__expected" style={{ left: `${expected}%` }} title={`时序目标 ${props.expectedPct.toFixed(1)}%`} />
    </div>
  );
}
