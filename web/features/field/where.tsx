/** Distance and direction from the person to the parcel, recomputed on every new position. */
import type { MultiPolygon, Polygon } from 'geojson';
import { approach, compassLabel } from '../../../core/geodesy.ts';
import { formatDistance } from '../../../core/format.ts';
import type { PositionState } from './use-position.ts';
import { fixOf } from './use-position.ts';

export function Where(props: { geometry: Polygon | MultiPolygon | null; position: PositionState; onLocate: () => void }) {
  const fix = fixOf(props.position);
  if (!props.geometry) return <p className="field-where field-where--muted">此地块尚无边界，无法计算距离</p>;
  if (!fix) {
    return (
      <p className="field-where field-where--muted">
        {props.position.state === 'waiting' ? '正在定位…' : props.position.state === 'error' ? props.position.message : '开启定位后显示距离和方向'}
        {props.position.state === 'off' && (
          <button type="button" className="link-button" onClick={props.onLocate}>
            开启定位
          </button>
        )}
      </p>
    );
  }
  const a = approach(fix, props.geometry);
  return (
    <div className={`field-where ${a.inside ? 'field-where--inside' : ''}`} data-testid="field-where" data-distance-m={a.nearest.distanceM.toFixed(1)} aria-live="polite">
      {a.inside ? (
        <strong>您在地块内</strong>
      ) : (
        <strong>
          距地块边界 {formatDistance(a.nearest.distanceM)} · {compassLabel(a.nearest.bearingDeg)}方向
        </strong>
      )}
      <span className="field-where__detail">
        {a.inside ? `距地块中部 ${formatDistance(a.centre.distanceM)} · ${compassLabel(a.centre.bearingDeg)}` : `至地块中部 ${formatDistance(a.centre.distanceM)}`} · 定位精度 ±{Math.round(fix.accuracyM)} 米
      </span>
    </div>
  );
}
