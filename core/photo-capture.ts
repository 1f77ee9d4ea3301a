/**
 * What the phone knew when a photo was added to a field check: its clock, its position (browser geolocation) and,
 * where the browser gives one, the compass heading. Recorded for every photo, and what stands in for the photo's own
 * EXIF time and position when it has none (a screenshot, an app that strips EXIF): such a photo is marked as lacking
 * them, never silently accepted as if located.
 */
import type { FieldCheckProblem } from './field-check.ts';

export interface PhotoCapture {
  /** ISO datetime (UTC) of the phone's clock when the photo was added. */
  capturedAt: string | null;
  position: { lon: number; lat: number; accuracyM: number | null } | null;
  /** Compass heading in degrees clockwise from north, 0 ≤ h < 360; null where the browser gives none. */
  headingDeg: number | null;
}

/** The EXIF facts a photo lacks, for the mark shown beside it. */
export type ExifMissing = 'time' | 'position';

export const EXIF_MISSING_LABELS: Record<ExifMissing, string> = { time: '无 EXIF 拍摄时间', position: '无 EXIF 位置' };

export function exifMissing(photo: { takenAt: string | null; position: unknown }): ExifMissing[] {
  return [...(photo.takenAt ? [] : (['time'] as const)), ...(photo.position ? [] : (['position'] as const))];
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const MAX_ENTRY_CHARS = 20_000;

/**
 * Reads the `photoCapture` form field: a JSON array with one entry (or null) per photo, in the photos' order. Absent,
 * every photo has none. Problems are named by the photo's number, in Chinese.
 */
export function parsePhotoCaptures(raw: unknown, photoCount: number): { ok: true; value: (PhotoCapture | null)[] } | { ok: false; problems: FieldCheckProblem[] } {
  if (raw === undefined || raw === null || raw === '') return { ok: true, value: Array.from({ length: photoCount }, () => null) };
  const fail = (message: string) => ({ ok: false as const, problems: [{ field: 'photos' as const, message }] });
  if (typeof raw !== 'string' || raw.length > MAX_ENTRY_CHARS) return fail('照片拍摄信息（photoCapture）应为 JSON 数组');
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    return fail('照片拍摄信息（photoCapture）不是有效的 JSON');
  }
  if (!Array.isArray(list)) return fail('照片拍摄信息（photoCapture）应为 JSON 数组');
  if (list.length !== photoCount) return fail(`照片拍摄信息（photoCapture）有 ${list.length} 项，照片有 ${photoCount} 张，应一一对应`);
  const problems: FieldCheckProblem[] = [];
  const value = list.map((entry, i): PhotoCapture | null => {
    if (entry === null) return null;
    const name = `第 ${i + 1} 张照片的拍摄信息`;
    if (typeof entry !== 'object') {
      problems.push({ field: 'photos', message: `${name}应为对象` });
      return null;
    }
    const e = entry as Record<string, unknown>;
    let capturedAt: string | null = null;
    if (e.capturedAt != null) {
      const ms = typeof e.capturedAt === 'string' && /(Z|[+-]\d{2}:\d{2})$/.test(e.capturedAt) ? Date.parse(e.capturedAt) : NaN;
      if (Number.isFinite(ms)) capturedAt = new Date(ms).toISOString();
      else problems.push({ field: 'photos', message: `${name}：时间（capturedAt）应为带时区的 ISO 时间` });
    }
    let position: PhotoCapture['position'] = null;
    if (e.lon != null || e.lat != null) {
      if (finite(e.lon) && finite(e.lat) && Math.abs(e.lon) <= 180 && Math.abs(e.lat) <= 90) {
        const accuracy = finite(e.accuracy) && e.accuracy >= 0 && e.accuracy <= 100_000 ? e.accuracy : null;
        position = { lon: e.lon, lat: e.lat, accuracyM: accuracy };
      } else problems.push({ field: 'photos', message: `${name}：经度须在 -180 到 180 之间，纬度须在 -90 到 90 之间` });
    }
    let headingDeg: number | null = null;
    if (e.headingDeg != null) {
      if (finite(e.headingDeg) && e.headingDeg >= 0 && e.headingDeg < 360) headingDeg = e.headingDeg;
      else problems.push({ field: 'photos', message: `${name}：方向（headingDeg）应为 0 到 360 之间的度数（正北为 0，顺时针）` });
    }
    return { capturedAt, position, headingDeg };
  });
  return problems.length ? { ok: false, problems } : { ok: true, value };
}
