import { PACES, PACE_LABELS } from '../../../core/progress.ts';
import { monthDayZh } from '../../format.ts';
import { PACE_COLORS_ON_DARK } from '../../../core/palette/pace.ts';
import { WEEK_HIGHLIGHT } from './palette.ts';

/** What the map's colours and points mean; read from across the room, so few words and big keys. */
export function WallLegend(props: { weekStart: string; unitsWithoutBoundary: number }) {
  return (
    <aside className="wall-legend" aria-label="图例" data-testid="wall-legend">
      <ul>
        {PACES.map((p) => (
          <li key={p} data-pace={p}>
            <span className="swatch" style={{ background: PACE_COLORS_ON_DARK[p] }} />
            {PACE_LABELS[p]}
          </li>
        ))}
        <li>
          <span className="swatch swatch--dot" style={{ background: WEEK_HIGHLIGHT }} />
          本周处置（{monthDayZh(props.weekStart)}起）
        </li>
      </ul>
      {props.unitsWithoutBoundary > 0 && <p className="wall-legend__note">另有 {props.unitsWithoutBoundary} 个单位无边界，仅列入排名</p>}
    </aside>
  );
}
