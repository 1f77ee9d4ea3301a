/** One field check as the server keeps it: what was seen, by whom and when, where from, and its photos. */
import { FIELD_STATE_LABELS, POSITION_CHECK_LABELS, type FieldCheck } from '../../../core/field-check.ts';
import { formatDistance } from '../../../core/format.ts';
import { EXIF_MISSING_LABELS, type PhotoCapture } from '../../../core/photo-capture.ts';
import { timestampZh } from '../../format.ts';
import './field-checks.css';

/** In China time, whatever the phone's or desk's own zone: the record is the bureau's. */
export const when = timestampZh;

/** The phone's own record of a photo: its time, position and heading, as far as it had them. */
function captureText(c: PhotoCapture): string {
  return [
    c.capturedAt ? when(c.capturedAt) : null,
    c.position ? `${c.position.lon.toFixed(5)}, ${c.position.lat.toFixed(5)}${c.position.accuracyM !== null ? ` ±${Math.round(c.position.accuracyM)} 米` : ''}` : '无定位',
    c.headingDeg !== null ? `朝向 ${Math.round(c.headingDeg)}°` : null,
  ].filter(Boolean).join(' · ');
}

export function FieldCheckEntry({ check }: { check: FieldCheck }) {
  return (
    <li className="field-check" data-testid="server-check">
      <div className="field-check__head">
        <strong>{FIELD_STATE_LABELS[check.state]}</strong>
        <span className="field-check__time">
          {when(check.observedAt)} · {check.actor}
        </span>
      </div>
      {check.notes && <p className="field-check__notes">{check.notes}</p>}
      {check.conflict && <p className="field-check__message error-text">{check.conflict}</p>}
      <p className="field-check__meta">
        {check.insideParcel ? '记录时在地块内' : check.distanceM !== null ? `记录时距地块 ${formatDistance(check.distanceM)}` : '记录时无位置'}
      </p>
      {check.photos.length > 0 && (
        <ul className="field-check__photos" role="list">
          {check.photos.map((photo) => (
            <li key={photo.id}>
              <a href={photo.url} target="_blank" rel="noopener">
                <img src={photo.url} alt={`核查照片（${POSITION_CHECK_LABELS[photo.positionCheck]}）`} loading="lazy" />
              </a>
              <span className={`field-photo__check field-photo__check--${photo.positionCheck}`}>{POSITION_CHECK_LABELS[photo.positionCheck]}</span>
              {photo.exifMissing.length > 0 && (
                <mark className="field-photo__noexif" data-testid="photo-noexif">
                  {photo.exifMissing.map((m) => EXIF_MISSING_LABELS[m]).join('、')}
                  {photo.capture ? `；手机记录：${captureText(photo.capture)}` : ''}
                </mark>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

