/**
 * The chosen parcel as a bottom sheet: a peek (what it is, how far, navigate) that expands — by tap or by dragging
 * its handle — to the ledger record, the field-check form and the parcel's checks.
 */
import { forwardRef, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { CATEGORY_LABELS, STATUS_LABELS } from '../../../core/categories.ts';
import { FIELD_LABELS, type FieldKey } from '../../../core/fields/registry.ts';
import { formText } from '../../../core/fields/text.ts';
import type { Remote } from '../../api/use-api.ts';
import { CATEGORY_COLORS } from '../map/palette.ts';
import { FieldCheckForm } from './field-check-form.tsx';
import { FieldCheckList } from './field-check-list.tsx';
import { NavigateButtons } from './navigate-buttons.tsx';
import type { QueuedCheck } from './offline/db.ts';
import type { ParcelDetail } from '../../api/types.ts';
import { fixOf, type PositionState } from './use-position.ts';
import { Where } from './where.tsx';

export type SheetSize = 'peek' | 'full';

interface ParcelSheetProps {
  parcel: Remote<ParcelDetail> & { offline?: boolean };
  position: PositionState;
  onLocate: () => void;
  queue: QueuedCheck[];
  size: SheetSize;
  onSizeChange: (size: SheetSize) => void;
  onClose: () => void;
  /** A check was saved to the phone (and maybe sent). */
  onRecorded: () => void;
  /** The person's role may not record checks (viewer) or nobody is signed in and the network is there to sign in. */
  recordBlocked: string | null;
  onSignIn: () => void;
}

/** The ledger fields a field check needs on site, after the supervision number, the land user and the unit. */
const SHEET_FIELDS: FieldKey[] = ['approvalBatch', 'landUse', 'landClassCode', 'agreedStartDate', 'disposalMethod', 'responsiblePerson'];

function Field({ label, value, testId }: { label: string; value: string | null | undefined; testId?: string }) {
  return (
    <div className="field-ledger__row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value || '—'}</dd>
    </div>
  );
}

export const ParcelSheet = forwardRef<HTMLElement, ParcelSheetProps>(function ParcelSheet(props, ref) {
  const [recording, setRecording] = useState(false);
  const drag = useRef<{ y: number; moved: boolean } | null>(null);
  const { parcel, size } = props;
  const detail = parcel.state === 'ready' ? parcel.data : parcel.state === 'loading' ? parcel.stale : null;

  const toggle = () => props.onSizeChange(size === 'peek' ? 'full' : 'peek');
  const onPointerDown = (event: ReactPointerEvent) => {
    drag.current = { y: event.clientY, moved: false };
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
  };
  const onPointerUp = (event: ReactPointerEvent) => {
    const start = drag.current;
    drag.current = null;
    if (!start) return;
    const dy = event.clientY - start.y;
    // A short movement is a tap; a drag decides by its direction.
    if (Math.abs(dy) < 12) toggle();
    else if (dy < 0) props.onSizeChange('full');
    else if (size === 'full') props.onSizeChange('peek');
    else props.onClose();
  };

  const startRecording = () => {
    setRecording(true);
    props.onSizeChange('full');
  };

  return (
    <section ref={ref} className={`field-sheet field-sheet--${size}`} aria-label="地块" data-testid="parcel-sheet">
      <button
        type="button"
        className="field-sheet__handle"
        aria-label={size === 'peek' ? '展开地块详情' : '收起地块详情'}
        aria-expanded={size === 'full'}
        onPointerDown={onPointerDown}
        onPointerUp={onPointerUp}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), toggle())}
      >
        <span aria-hidden="true" />
      </button>
      {parcel.state === 'error' ? (
        <div className="field-sheet__body">
          <p className="error-box" role="alert">
            {parcel.message}
          </p>
          <button type="button" className="button button--quiet" onClick={props.onClose}>
            关闭
          </button>
        </div>
      ) : !detail ? (
        <div className="field-sheet__body">
          <div className="skeleton" aria-label="正在加载地块" />
        </div>
      ) : (
        <div className="field-sheet__body">
          <header className="field-sheet__head">
            <div>
              <p className="field-sheet__code">
                <span className="swatch" style={{ background: CATEGORY_COLORS[detail.properties.category] }} aria-hidden="true" />
                {detail.properties.code}
                {parcel.offline && <span className="badge">离线数据</span>}
              </p>
              <h2 className="field-sheet__title">{detail.properties.projectName || '（无项目名称）'}</h2>
              <p className="field-sheet__sub">
                {CATEGORY_LABELS[detail.properties.category]} · {STATUS_LABELS[detail.properties.status]} ·{' '}
                <span data-testid="ledger-mu">{detail.properties.ledgerMu.toFixed(2)} 亩</span>
              </p>
            </div>
            <button type="button" className="field-icon-button" aria-label="关闭地块" onClick={props.onClose}>
              ×
            </button>
          </header>
          <Where geometry={detail.geometry} position={props.position} onLocate={props.onLocate} />
          <NavigateButtons geometry={detail.geometry} name={`${detail.properties.code} ${detail.properties.projectName ?? ''}`.trim()} fix={fixOf(props.position)} />

          {recording ? (
            <FieldCheckForm
              target={{
                id: detail.properties.id,
                campaignId: detail.properties.campaignId,
                code: detail.properties.code,
                projectName: detail.properties.projectName ?? '',
                version: detail.properties.version ?? null,
                geometry: detail.geometry,
              }}
              fix={fixOf(props.position)}
              onCancel={() => setRecording(false)}
              onDone={() => {
                setRecording(false);
                props.onRecorded();
              }}
            />
          ) : props.recordBlocked ? (
            <p className="field-sheet__blocked">
              {props.recordBlocked}
              {props.recordBlocked.includes('登录') && (
                <button type="button" className="button" onClick={props.onSignIn}>
                  登录
                </button>
              )}
            </p>
          ) : (
            <button type="button" className="button field-sheet__record" onClick={startRecording}>
              记录外业核查
            </button>
          )}

          <dl className="field-ledger">
            <Field label={FIELD_LABELS.supervisionNumber} value={detail.properties.supervisionNumber} testId="supervision-number" />
            <Field label={FIELD_LABELS.landUser} value={detail.properties.landUser} />
            <Field label="所在单位" value={detail.properties.unitName} />
            {SHEET_FIELDS.map((key) => (
              <Field key={key} label={FIELD_LABELS[key]} value={formText(detail.properties[key]) || null} />
            ))}
          </dl>

          <h3 className="field-sheet__section">核查记录</h3>
          <FieldCheckList local={props.queue.filter((q) => q.parcelId === detail.properties.id)} server={detail.fieldChecks ?? []} />
        </div>
      )}
    </section>
  );
});
