import { PACE_LABELS } from '../../../core/progress.ts';
import type { UnitProgress } from '../../../server/campaigns/progress.ts';
import { monthDayZh, muWhole } from '../../format.ts';
import type { Figures } from '../../../server/campaigns/progress.ts';
import type { CalloutFigures } from './tour.ts';

/** A kiosk stop's callout beside a unit on the map: its task, what it disposed, its gap to the next milestone, days left. */
export function UnitCallout(props: { unit: UnitProgress; figures: Figures; callout: CalloutFigures; nextDate: string | null }) {
  const { unit, figures, callout } = props;
  return (
    <div className="wall-callout__body" data-testid="wall-callout">
      <p className="wall-callout__title">
        {unit.name} <span className={`wall-pace pace-${figures.pace}`}>{PACE_LABELS[figures.pace]}</span>
      </p>
      <dl>
        <dt>任务</dt>
        <dd className="num">{callout.taskMu == null ? '无任务' : `${muWhole(callout.taskMu)} 亩`}</dd>
        <dt>已处置</dt>
        <dd className="num">{muWhole(callout.disposedMu)} 亩</dd>
        {callout.gapMu != null && (
          <>
            <dt>差额</dt>
            <dd className="num">
              {muWhole(callout.gapMu)} 亩<small>（至{callout.gapTargetPct}%）</small>
            </dd>
          </>
        )}
        {callout.daysLeft != null && props.nextDate && (
          <>
            <dt>距{monthDayZh(props.nextDate)}</dt>
            <dd className="num">{callout.daysLeft} 天</dd>
          </>
        )}
      </dl>
    </div>
  );
}
