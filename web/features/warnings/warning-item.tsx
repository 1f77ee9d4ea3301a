import { SEVERITY_LABELS, type Warning } from '../../../core/warnings/types.ts';

/** One warning: how serious, what, where (unit, parcel code and name) and the figures; a button that shows it on the map. */
export function WarningItem({ warning: w, selected, onOpen }: { warning: Warning; selected: boolean; onOpen: (w: Warning) => void }) {
  const where = [w.unitName, w.parcelCode, w.parcelName].filter(Boolean).join(' · ');
  return (
    <li>
      <button
        type="button"
        className={`warning-item warning-item--${w.severity}`}
        aria-current={selected || undefined}
        data-testid="warning-item"
        data-parcel-id={w.parcelId ?? undefined}
        onClick={() => onOpen(w)}
      >
        <span className={`severity severity--${w.severity}`}>{SEVERITY_LABELS[w.severity]}</span>
        <span className="warning-item__body">
          <strong className="warning-item__title">{w.title}</strong>
          <span className="warning-item__where">{where || '本专项行动'}</span>
          <span className="warning-item__detail">{w.detail}</span>
        </span>
      </button>
    </li>
  );
}
