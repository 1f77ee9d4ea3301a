/**
 * Recording what was seen: the state (large chips), notes and camera photos. Each photo's EXIF time and position
 * are read at once and checked against the parcel, so a wrong photo is noticed on site, not in the office.
 * Saving writes to the phone's queue first; sending follows whenever the network allows.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  FIELD_STATE_LABELS,
  FIELD_STATES,
  MAX_NOTES_CHARS,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  photoPositionCheck,
  PHOTO_TYPES,
  POSITION_CHECK_LABELS,
  type FieldState,
  type PositionCheck,
} from '../../../core/field-check.ts';
import { approach } from '../../../core/geodesy.ts';
import { formatBytes } from './offline/download.ts';
import { enqueue, syncQueue } from './offline/queue.ts';
import type { PhotoCapture } from '../../../core/photo-capture.ts';
import { readPhotoExif, type PhotoExif } from '../../../core/photo-exif.ts';
import { useCompassHeading } from './compass.ts';
import type { Fix } from './types.ts';

interface Photo {
  key: string;
  file: File;
  url: string;
  exif: PhotoExif | null;
  /** The phone's clock, position and heading when the photo was added: what stands in for missing EXIF. */
  capture: PhotoCapture;
}

export interface CheckTarget {
  id: number;
  campaignId: number;
  code: string;
  projectName: string;
  version: number | null;
  geometry: Polygon | MultiPolygon | null;
}

function checkOf(exif: PhotoExif, geometry: CheckTarget['geometry']): { check: PositionCheck; distanceM: number | null } {
  if (!exif.position || !geometry) return { check: 'unknown', distanceM: null };
  const a = approach(exif.position, geometry);
  return { check: photoPositionCheck(a.nearest.distanceM, a.inside), distanceM: a.nearest.distanceM };
}

const timeText = (iso: string) => new Date(iso).toLocaleString('zh-CN', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export function FieldCheckForm(props: { target: CheckTarget; fix: Fix | null; onDone: () => void; onCancel: () => void }) {
  const [state, setState] = useState<FieldState | null>(null);
  const [notes, setNotes] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const compass = useCompassHeading();

  // Thumbnails hold object URLs: release them with the form.
  const shown = useRef(photos);
  shown.current = photos;
  useEffect(() => () => shown.current.forEach((p) => URL.revokeObjectURL(p.url)), []);

  const addPhotos = (files: FileList | null) => {
    if (!files) return;
    const chosen = [...files];
    const refused = chosen.filter((f) => !(PHOTO_TYPES as readonly string[]).includes(f.type) || f.size > MAX_PHOTO_BYTES);
    const accepted = chosen.filter((f) => !refused.includes(f)).slice(0, Math.max(0, MAX_PHOTOS - photos.length));
    setError(
      refused.length
        ? `${refused.map((f) => f.name).join('、')} 无法添加：照片须为 JPEG、PNG 或 WebP，且不超过 ${formatBytes(MAX_PHOTO_BYTES)}`
        : chosen.length > accepted.length
          ? `每次核查最多 ${MAX_PHOTOS} 张照片`
          : null,
    );
    const fix = props.fix;
    const capture: PhotoCapture = {
      capturedAt: new Date().toISOString(),
      position: fix ? { lon: fix.lon, lat: fix.lat, accuracyM: fix.accuracyM } : null,
      headingDeg: compass.current,
    };
    const added = accepted.map((file) => ({ key: crypto.randomUUID(), file, url: URL.createObjectURL(file), exif: null, capture }));
    setPhotos((list) => [...list, ...added]);
    for (const photo of added) {
      void readPhotoExif(photo.file).then((exif) => setPhotos((list) => list.map((p) => (p.key === photo.key ? { ...p, exif } : p))));
    }
  };

  const removePhoto = (key: string) =>
    setPhotos((list) => {
      const gone = list.find((p) => p.key === key);
      if (gone) URL.revokeObjectURL(gone.url);
      return list.filter((p) => p.key !== key);
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!state) {
      setError('请选择现场状态');
      return;
    }
    if ([...notes.trim()].length > MAX_NOTES_CHARS) {
      setError(`现场情况说明不能超过 ${MAX_NOTES_CHARS} 个字`);
      return;
    }
    setSaving(true);
    setError(null);
    const exifs = await Promise.all(photos.map((p) => p.exif ?? readPhotoExif(p.file)));
    const { target, fix } = props;
    try {
      await enqueue({
        clientId: crypto.randomUUID(),
        parcelId: target.id,
        campaignId: target.campaignId,
        parcelCode: target.code,
        projectName: target.projectName,
        state,
        notes: notes.trim(),
        observedAt: new Date().toISOString(),
        position: fix ? { lon: fix.lon, lat: fix.lat, accuracyM: fix.accuracyM } : null,
        parcelVersion: target.version,
        photos: photos.map((p, i) => ({ name: p.file.name || `photo-${i + 1}.jpg`, type: p.file.type, blob: p.file, bytes: p.file.size, takenAt: exifs[i]!.takenAt, position: exifs[i]!.position, capture: p.capture })),
        status: 'queued',
        message: navigator.onLine ? null : '离线：联网后自动同步',
        attempts: 0,
        createdAt: new Date().toISOString(),
        result: null,
      });
    } catch {
      setSaving(false);
      setError('无法保存到手机：存储空间可能已满，请清理后重试');
      return;
    }
    void syncQueue();
    props.onDone();
  };

  return (
    <form className="field-form" onSubmit={submit} aria-label="外业核查记录">
      <fieldset className="field-form__states">
        <legend>现场状态</legend>
        <div className="field-chips" role="radiogroup" aria-label="现场状态">
          {FIELD_STATES.map((s) => (
            <button key={s} type="button" role="radio" aria-checked={state === s} className="field-chip" onClick={() => setState(s)}>
              {FIELD_STATE_LABELS[s]}
            </button>
          ))}
        </div>
      </fieldset>

      <label className="form-field">
        <span>现场情况说明</span>
        <textarea rows={3} value={notes} maxLength={MAX_NOTES_CHARS} placeholder="如：已平整场地，未见施工；围挡完好" onChange={(e) => setNotes(e.target.value)} />
      </label>

      <div className="field-photos">
        <span className="field-photos__title">
          现场照片 <span className="hint">最多 {MAX_PHOTOS} 张，保留拍摄时间和位置</span>
        </span>
        <ul className="field-photos__list" role="list">
          {photos.map((p, i) => {
            const check = p.exif ? checkOf(p.exif, props.target.geometry) : null;
            return (
              <li key={p.key} className="field-photo">
                <img src={p.url} alt={`照片 ${i + 1}`} />
                <span className="field-photo__meta" data-testid="photo-meta">
                  {!p.exif ? (
                    '正在读取照片信息…'
                  ) : (
                    <>
                      <span>{p.exif.takenAt ? `拍摄于 ${timeText(p.exif.takenAt)}` : <mark className="field-photo__noexif">{`无 EXIF 拍摄时间 · 记录手机时间 ${timeText(p.capture.capturedAt!)}`}</mark>}</span>
                      {check!.check === 'unknown' ? (
                        <mark className="field-photo__noexif">
                          {p.capture.position ? `无 EXIF 位置 · 记录手机位置 ±${Math.round(p.capture.position.accuracyM ?? 0)} 米` : '无 EXIF 位置，手机也未定位'}
                        </mark>
                      ) : (
                        <span className={`field-photo__check field-photo__check--${check!.check}`}>
                          {check!.check === 'inside' ? POSITION_CHECK_LABELS.inside : `${POSITION_CHECK_LABELS[check!.check]} · 距边界 ${Math.round(check!.distanceM!)} 米`}
                        </span>
                      )}
                      {p.capture.headingDeg !== null && <span>朝向 {Math.round(p.capture.headingDeg)}°</span>}
                    </>
                  )}
                </span>
                <button type="button" className="field-icon-button" aria-label={`移除照片 ${i + 1}`} onClick={() => removePhoto(p.key)}>
                  ×
                </button>
              </li>
            );
          })}
        </ul>
        {photos.length < MAX_PHOTOS && (
          <label className="button button--quiet field-photos__add">
            拍照 / 选择照片
            <input className="visually-hidden" type="file" accept="image/*" capture="environment" multiple onChange={(e) => {
              addPhotos(e.target.files);
              e.target.value = '';
            }} />
          </label>
        )}
      </div>

      <p className="hint">
        {props.fix ? `记录位置：当前位置（精度 ±${Math.round(props.fix.accuracyM)} 米）` : '未获取到当前位置：记录将不含位置'}
        {navigator.onLine ? '' : ' · 当前离线，保存后将在联网时自动同步'}
      </p>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      <div className="field-form__actions">
        <button type="button" className="button button--quiet" onClick={props.onCancel}>
          取消
        </button>
        <button type="submit" className="button" disabled={saving}>
          {saving ? '正在保存…' : '保存核查记录'}
        </button>
      </div>
    </form>
  );
}
