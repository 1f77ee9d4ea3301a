import { useEffect } from 'react';
import type { IsoDate } from '../../../core/dates.ts';
import { dateZh } from '../../format.ts';

const PLAY_STEP_MS = 1500;

/**
 * 回放: the campaign week by week (report Fridays). Live (null) follows today; a chosen week replays the figures as
 * they stood that Friday. Arrow keys step when the slider has focus, as a meeting's presenter expects.
 */
export function TimeSlider(props: {
  weeks: IsoDate[];
  /** null: live. */
  value: IsoDate | null;
  playing: boolean;
  onChange: (week: IsoDate | null) => void;
  onPlayingChange: (playing: boolean) => void;
}) {
  const { weeks, value, playing, onChange, onPlayingChange } = props;
  const index = value === null ? weeks.length - 1 : Math.max(0, weeks.findIndex((w) => w >= value));
  useEffect(() => {
    if (!playing) return;
    const timer = window.setTimeout(() => {
      if (index >= weeks.length - 1) {
        onPlayingChange(false);
        onChange(null);
      } else onChange(weeks[index + 1]!);
    }, PLAY_STEP_MS);
    return () => window.clearTimeout(timer);
  }, [playing, index, weeks, onChange, onPlayingChange]);
  if (weeks.length === 0) return null;
  return (
    <div className="wall-slider">
      <button
        type="button"
        className="wall-button"
        onClick={() => {
          if (!playing && index >= weeks.length - 1) onChange(weeks[0]!);
          onPlayingChange(!playing);
        }}
        aria-label={playing ? '暂停回放' : '按周回放'}
      >
        {playing ? '❚❚ 暂停' : '▶ 回放'}
      </button>
      <input
        type="range"
        min={0}
        max={weeks.length - 1}
        value={index}
        aria-label="回放到某一周"
        aria-valuetext={`截至 ${dateZh(weeks[index]!)}`}
        onChange={(e) => {
          const i = Number(e.target.value);
          onChange(i === weeks.length - 1 && value === null ? null : weeks[i]!);
        }}
      />
      {value !== null && (
        <button type="button" className="wall-button" onClick={() => { onPlayingChange(false); onChange(null); }}>
          回到实时
        </button>
      )}
    </div>
  );
}
