import { CATEGORIES, CATEGORY_LABELS } from '../../../core/categories.ts';
import { PACES, PACE_LABELS } from '../../../core/progress.ts';
import { dateZh } from '../../format.ts';
import { CATEGORY_COLORS } from '../map/palette.ts';
import { WALL_PACE_COLORS, WEEK_HIGHLIGHT } from './palette.ts';

/** What the wall map's colours, columns and points mean; read from across the room, so few words and big keys. */
export function WallLegend(props: { weekStart: string; unitsWithoutBoundary: number }) {
  return (
    <aside className="wall-legend" aria-label="图例">
      <p className="wall-legend__title">单位进度（对照时序目标）</p>
      <ul>
        {PACES.map((p) => (
          <li key={p}>
            <span className="swatch" style={{ background: WALL_PACE_COLORS[p] }} />
            {PACE_LABELS[p]}
          </li>
        ))}
      </ul>
      <p className="wall-legend__title">柱体</p>
      <ul>
        <li>
          <span className="swatch swatch--glass" />
          任务面积
        </li>
        <li>
          <span className="swatch" style={{ background: WALL_PACE_COLORS.on_track }} />
          已盘活面积
        </li>
        <li>
          <span className="swatch swatch--dot" style={{ background: WEEK_HIGHLIGHT }} />
          本周处置（{dateZh(props.weekStart).slice(5)}起）
        </li>
      </ul>
      <p className="wall-legend__title">地块（放大后）</p>
      <ul className="wall-legend__cats">
        {CATEGORIES.map((c) => (
          <li key={c}>
            <span className="swatch" style={{ background: CATEGORY_COLORS[c] }} />
            {CATEGORY_LABELS[c]}
          </li>
        ))}
      </ul>
      {props.unitsWithoutBoundary > 0 && <p className="wall-legend__note">另有 {props.unitsWithoutBoundary} 个单位尚无边界，仅在排名表中显示</p>}
    </aside>
  );
}
