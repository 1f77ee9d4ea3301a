/**
 * Field checks (外业核查): what a person standing at a parcel saw, when, and where they and their photos were.
 * Shared by the server (which stores them) and the phone app (which builds and queues them offline).
 */
import type { ExifMissing, PhotoCapture } from './photo-capture.ts';

export const FIELD_STATES = ['not_started', 'started', 'partly_built', 'in_production', 'other'] as const;
export type FieldState = (typeof FIELD_STATES)[number];

export const FIELD_STATE_LABELS: Record<FieldState, string> = {
  not_started: '未动工',
  started: '已动工',
  partly_built: '部分建成',
  in_production: '建成投产',
  other: '其他',
};

export const MAX_NOTES_CHARS = 2000;
export const MAX_PHOTOS = 6;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
/** Phone clocks drift; a few minutes ahead of the server is tolerated, more is a wrong date. */
export const MAX_FUTURE_MS = 5 * 60 * 1000;
/** Photos and positions within this distance of the boundary (outside it) count as "near". */
export const NEAR_PARCEL_M = 50;

export type PositionCheck = 'inside' | 'near' | 'far' | 'unknown';

export const POSITION_CHECK_LABELS: Record<PositionCheck, string> = {
  inside: '在地块内',
  near: '在地块附近（50 米内）',
  far: '距地块较远',
  unknown: '无位置信息',
};

export interface FieldCheckPhoto {
  id: number;
  /** '/api/field-checks/photos/:id' */
  url: string;
  mime: string;
  bytes: number;
  /** ISO datetime from the photo's EXIF, or null when it has none. */
  takenAt: string | null;
  /** The photo's EXIF GPS position (CGCS2000 ≈ WGS84 degrees), or null. */
  position: { lon: number; lat: number } | null;
  /** Geodesic metres from the photo's position to the parcel boundary, 0 inside. */
  distanceM: number | null;
  insideParcel: boolean | null;
  positionCheck: PositionCheck;
  /** What the photo's EXIF lacks (time, position): marked beside it. */
  exifMissing: ExifMissing[];
  /** The phone's clock, position and compass heading when the photo was added, or null (an older record). */
  capture: PhotoCapture | null;
}

export interface FieldCheck {
  id: number;
  parcelId: number;
  clientId: string;
  state: FieldState;
  notes: string;
  /** ISO datetime. */
  observedAt: string;
  /** Where the person was when recording (browser geolocation), accuracy in metres. */
  position: { lon: number; lat: number; accuracyM: number | null } | null;
  distanceM: number | null;
  insideParcel: boolean | null;
  actor: string;
  createdAt: string;
  /** The parcel version the person saw. */
  parcelVersion: number | null;
  /** A Chinese note when the parcel changed since the person saw it, else null. */
  conflict: string | null;
  photos: FieldCheckPhoto[];
}

/** Properties of a field check as a map point (GET /api/field-checks). */
export interface FieldCheckPointProperties {
  id: number;
  parcelId: number;
  state: FieldState;
  stateLabel: string;
  observedAt: string;
  actor: string;
  photoCount: number;
}

/** A field check's fields as sent (multipart form fields are text; JSON numbers are accepted too), parsed. */
export interface FieldCheckInput {
  clientId: string;
  state: FieldState;
  notes: string;
  /** ISO datetime in UTC (normalised). */
  observedAt: string;
  position: { lon: number; lat: number; accuracyM: number | null } | null;
  parcelVersion: number | null;
}

export interface FieldCheckProblem {
  field: 'clientId' | 'state' | 'notes' | 'observedAt' | 'position' | 'accuracy' | 'parcelVersion' | 'photos';
  message: string;
}

export type ParsedFieldCheck = { ok: true; value: FieldCheckInput } | { ok: false; problems: FieldCheckProblem[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A zone is required: a time without one means a different instant on the phone and on the server.
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const EARLIEST = Date.UTC(2000, 0, 1);

// Date.parse rolls 2026-02-30 over to March 2 instead of refusing it.
function realCalendarDate(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d && Number(text.slice(11, 13)) < 24 && Number(text.slice(14, 16)) < 60;
}

const given = (v: unknown) => v !== undefined && v !== null && v !== '';

function number(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || v.trim() === '') return null;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : null;
}

/**
 * Parses a field check's fields from untrusted input (a multipart form or a queued JSON record) into typed values, or
 * says in Chinese what is wrong with each. `now` is the server's clock, to refuse observations dated in the future.
 */
export function parseFieldCheckInput(raw: Record<string, unknown>, now: Date = new Date()): ParsedFieldCheck {
  const problems: FieldCheckProblem[] = [];
  const problem = (field: FieldCheckProblem['field'], message: string) => problems.push({ field, message });

  const clientId = typeof raw.clientId === 'string' ? raw.clientId.trim().toLowerCase() : '';
  if (!given(raw.clientId)) problem('clientId', '缺少记录编号（clientId），无法防止重复提交');
  else if (!UUID.test(clientId)) problem('clientId', `记录编号（clientId）应为 UUID，收到“${String(raw.clientId).slice(0, 60)}”`);

  const state = raw.state;
  if (!FIELD_STATES.includes(state as FieldState)) {
    problem('state', `现场状态应为 ${FIELD_STATES.map((s) => FIELD_STATE_LABELS[s]).join('、')} 之一${given(state) ? `，收到“${String(state).slice(0, 40)}”` : '（未填写）'}`);
  }

  let notes = '';
  if (given(raw.notes)) {
    if (typeof raw.notes !== 'string') problem('notes', '现场情况说明应为文字');
    else if ([...raw.notes.trim()].length > MAX_NOTES_CHARS) problem('notes', `现场情况说明不能超过 ${MAX_NOTES_CHARS} 个字（现为 ${[...raw.notes.trim()].length} 个字）`);
    else notes = raw.notes.trim();
  }

  let observedAt = '';
  const observedText = typeof raw.observedAt === 'string' ? raw.observedAt.trim() : '';
  const observedMs = ISO_DATETIME.test(observedText) && realCalendarDate(observedText) ? Date.parse(observedText) : NaN;
  if (!given(raw.observedAt)) problem('observedAt', '缺少核查时间（observedAt）');
  else if (!Number.isFinite(observedMs)) problem('observedAt', `核查时间应为带时区的 ISO 时间，如 2026-05-20T09:30:00+08:00，收到“${String(raw.observedAt).slice(0, 40)}”`);
  else if (observedMs > now.getTime() + MAX_FUTURE_MS) problem('observedAt', '核查时间晚于当前时间，请检查手机的日期和时间设置');
  else if (observedMs < EARLIEST) problem('observedAt', '核查时间早于 2000 年，请检查手机的日期和时间设置');
  else observedAt = new Date(observedMs).toISOString();

  let position: FieldCheckInput['position'] = null;
  const lon = number(raw.lon);
  const lat = number(raw.lat);
  if (given(raw.lon) || given(raw.lat)) {
    if (!given(raw.lon) || !given(raw.lat)) problem('position', '位置须同时给出经度（lon）和纬度（lat）');
    else if (lon === null || lat === null) problem('position', '经度（lon）和纬度（lat）应为数字');
    else if (lon < -180 || lon > 180 || lat < -90 || lat > 90) problem('position', '经度须在 -180 到 180 之间，纬度须在 -90 到 90 之间（注意经度在前）');
    else position = { lon, lat, accuracyM: null };
  }
  if (given(raw.accuracy)) {
    const accuracy = number(raw.accuracy);
    if (accuracy === null || accuracy < 0 || accuracy > 100_000) problem('accuracy', '定位精度（accuracy）应为 0 到 100000 之间的米数');
    else if (!given(raw.lon) && !given(raw.lat)) problem('accuracy', '给出定位精度时须同时给出经纬度');
    else if (position) position.accuracyM = accuracy;
  }

  let parcelVersion: number | null = null;
  if (given(raw.parcelVersion)) {
    const v = number(raw.parcelVersion);
    if (v === null || !Number.isInteger(v) || v < 1 || v > 2_147_483_647) problem('parcelVersion', `地块版本号（parcelVersion）应为正整数，收到“${String(raw.parcelVersion).slice(0, 20)}”`);
    else parcelVersion = v;
  }

  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { clientId, state: state as FieldState, notes, observedAt, position, parcelVersion } };
}

/**
 * Classifies a photo's (or person's) position against the parcel from its geodesic distance to the boundary (metres,
 * 0 inside) and whether the parcel covers it.
 *
 * "near" is outside but within 50 m of the boundary. Two reasons a genuine on-site photo lands there: a phone's GPS
 * is typically off by 5–30 m, and more beside buildings or under trees; and people often stand on the road or at
 * the fence and photograph the parcel from its edge. 50 m allows both while still telling a photo taken at the
 * neighbouring parcel or back at the office ("far") from one taken on site.
 */
export function photoPositionCheck(distanceM: number | null, inside: boolean | null): PositionCheck {
  if (inside === true) return 'inside';
  if (distanceM === null || !Number.isFinite(distanceM)) return 'unknown';
  // The parcel's boundary itself (distance 0) counts as inside even if the covers test was not made.
  if (distanceM <= 0) return 'inside';
  return distanceM <= NEAR_PARCEL_M ? 'near' : 'far';
}

/** The note stored with a field check when the parcel changed between what the person saw and now, else null. */
export function versionConflictNote(seen: number | null, current: number): string | null {
  if (seen === null || seen === current) return null;
  return `核查期间地块已被修改（版本 ${seen} → ${current}），请核对`;
}

/** The EXIF tags that say when a photo was taken, as exifr reads them with `reviveValues: false`. */
export interface ExifTimeTags {
  DateTimeOriginal?: unknown;
  OffsetTimeOriginal?: unknown;
  GPSDateStamp?: unknown;
  GPSTimeStamp?: unknown;
}

const EXIF_DATETIME = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/;
const EXIF_OFFSET = /^([+-])(\d{2}):(\d{2})$/;
const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})$/;

function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Cameras with an unset clock write "0000:00:00 00:00:00"; Date.UTC would quietly roll such values over.
  if (y < 1990 || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 60) return null;
  return ms;
}

/**
 * When a photo was taken, as an ISO datetime (UTC), from its EXIF. DateTimeOriginal is the camera's local clock
 * without a zone: with OffsetTimeOriginal (written by current phones) it is exact; otherwise the GPS date and time
 * (always UTC) are used; failing both, the local time is taken to be China Standard Time (+08:00, no daylight
 * saving), where Panhuo's photos are taken.
 */
export function exifTakenAt(tags: ExifTimeTags): string | null {
  const local = typeof tags.DateTimeOriginal === 'string' ? EXIF_DATETIME.exec(tags.DateTimeOriginal.trim()) : null;
  const localMs = local ? utcMs(...(local.slice(1, 7).map(Number) as [number, number, number, number, number, number])) : null;
  const offset = typeof tags.OffsetTimeOriginal === 'string' ? EXIF_OFFSET.exec(tags.OffsetTimeOriginal.trim()) : null;
  if (localMs !== null && offset) {
    const minutes = (Number(offset[2]) * 60 + Number(offset[3])) * (offset[1] === '-' ? -1 : 1);
    return new Date(localMs - minutes * 60_000).toISOString();
  }
  const gpsDate = typeof tags.GPSDateStamp === 'string' ? EXIF_DATE.exec(tags.GPSDateStamp.trim()) : null;
  const gpsTime = Array.isArray(tags.GPSTimeStamp) && tags.GPSTimeStamp.length === 3 && tags.GPSTimeStamp.every((n) => typeof n === 'number' && Number.isFinite(n))
    ? (tags.GPSTimeStamp as number[])
    : null;
  if (gpsDate && gpsTime) {
    const ms = utcMs(Number(gpsDate[1]), Number(gpsDate[2]), Number(gpsDate[3]), Math.floor(gpsTime[0]!), Math.floor(gpsTime[1]!), Math.floor(gpsTime[2]!));
    if (ms !== null) return new Date(ms).toISOString();
  }
  return localMs === null ? null : new Date(localMs - 8 * 3_600_000).toISOString();
}

/** A photo's EXIF GPS position, or null when it has none or an impossible one (no-fix cameras write 0, 0). */
export function exifPosition(latitude: unknown, longitude: unknown): { lon: number; lat: number } | null {
  if (typeof latitude !== 'number' || typeof longitude !== 'number' || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180 || (latitude === 0 && longitude === 0)) return null;
  return { lon: longitude, lat: latitude };
}

/** The image type of a file by its first bytes, whatever the file claims to be; null for anything else. */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
  const at = (i: number, ...values: number[]) => values.every((v, k) => bytes[i + k] === v);
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return null;
}
