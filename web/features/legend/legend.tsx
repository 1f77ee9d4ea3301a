/** What every colour and line on the map means; drawn from the same palette as the map layers. */
import { CATEGORIES, CATEGORY_LABELS, STATUSES, STATUS_LABELS } from '../../../core/categories.ts';
import { CATEGORY_COLORS, MISMATCH_COLOR, SELECTED_COLOR, STATUS_OUTLINES, UNIT_DENSITY_STEPS, UNIT_FILL_COLOR, UNIT_OUTLINE_COLOR } from '../map/palette.ts';
import { LEGIBLE_ZOOM, POINT_BELOW_PX, UNITS_MAX_ZOOM } from '../../../core/tiles/generalisation.ts';
import './legend.css';

/** A small parcel-shaped sample: a filled square with the given outline. */
function Sample(props: { fill: string; fillOpacity?: number; stroke: string; strokeWidth: number; dash?: [number, number] | null; ring?: string }) {
  return (
    <svg className="legend__sample" width="28" height="18" viewBox="0 0 28 18" aria-hidden="true">
      {props.ring && <rect x="1.5" y="1.5" width="25" height="15" rx="2" fill="none" stroke={props.ring} strokeWidth="2" />}
      <rect
        x="5"
        y="4.5"
        width="18"
        height="9"
        fill={props.fill}
        fillOpacity={props.fillOpacity ?? 0.75}
        stroke={props.stroke}
        strokeWidth={props.strokeWidth}
        strokeDasharray={props.dash ? props.dash.map((d) => d * props.strokeWidth).join(' ') : undefined}
      />
    </svg>
  );
}

const NEUTRAL_FILL = '#c9ced6';

export function Legend() {
  return (
    <section className="panel-section legend" aria-labelledby="legend-title">
      <header className="panel-section__header">
        <h2 id="legend-title">图例</h2>
      </header>
      <h3 className="legend__heading">地块类别（填充色）</h3>
      <ul className="legend__list legend__list--columns">
        {CATEGORIES.map((category) => (
          <li key={category}>
            <Sample fill={CATEGORY_COLORS[category]} stroke={CATEGORY_COLORS[category]} strokeWidth={1} />
            {CATEGORY_LABELS[category]}
          </li>
        ))}
      </ul>
      <h3 className="legend__heading">处置状态（边线；已处置、已销号填充变淡）</h3>
      <ul className="legend__list legend__list--columns">
        {STATUSES.map((status) => {
          const outline = STATUS_OUTLINES[status];
          return (
            <li key={status}>
              <Sample fill={NEUTRAL_FILL} fillOpacity={outline.fillOpacity} stroke={outline.color} strokeWidth={outline.width} dash={outline.dash} />
              {STATUS_LABELS[status]}
            </li>
          );
        })}
      </ul>
      <h3 className="legend__heading">核查与选中</h3>
      <ul className="legend__list">
        <li>
          <Sample fill={NEUTRAL_FILL} stroke="#3d4654" strokeWidth={1} ring={MISMATCH_COLOR} />
          <span>
            面积不符<span className="legend__note">（台账面积与椭球面积之差超出容差）</span>
          </span>
        </li>
        <li>
          <Sample fill={NEUTRAL_FILL} stroke={SELECTED_COLOR} strokeWidth={2.5} />
          当前选中地块
        </li>
      </ul>
      <h3 className="legend__heading">单位</h3>
      <ul className="legend__list">
        <li>
          <Sample fill={UNIT_FILL_COLOR} stroke={UNIT_OUTLINE_COLOR} strokeWidth={1.4} />
          县区边界
        </li>
        <li>
          <Sample fill={UNIT_FILL_COLOR} stroke={UNIT_OUTLINE_COLOR} strokeWidth={1.4} dash={[3, 2]} />
          <span>
            示意边界<span className="legend__note">（功能区，按相对位置绘制）</span>
          </span>
        </li>
        <li>
          <span className="legend__label-sample" aria-hidden="true">
            驿城区 <b>88.4%</b>
          </span>
          单位名称与完成率
        </li>
      </ul>
      <h3 className="legend__heading">全市尺度（{UNITS_MAX_ZOOM} 级及以下）：单位按台账亩/平方公里着色</h3>
      <ul className="legend__list legend__list--columns">
        {UNIT_DENSITY_STEPS.map((step) => (
          <li key={step.from}>
            <Sample fill={step.color} fillOpacity={0.85} stroke={UNIT_OUTLINE_COLOR} strokeWidth={1} />
            {step.label}
          </li>
        ))}
      </ul>
      <p className="hint">
        {LEGIBLE_ZOOM} 级起显示每宗地块的完整边线；{UNITS_MAX_ZOOM + 1}–{LEGIBLE_ZOOM - 1} 级边线按像素简化，不足 {POINT_BELOW_PX} 像素的地块显示为色点（每处一点）；再缩小则只显示单位。面积单位均为亩。
      </p>
    </section>
  );
}
