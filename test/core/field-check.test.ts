import exifr from 'exifr';
import { describe, expect, it } from 'vitest';
import {
  exifPosition, exifTakenAt, FIELD_STATE_LABELS, FIELD_STATES, parseFieldCheckInput, photoPositionCheck, sniffPhotoType, versionConflictNote,
} from '../../core/field-check.ts';
import { jpegWithExif, jpegWithoutExif } from '../support/photo.ts';

const NOW = new Date('2026-05-20T02:00:00Z');
const valid = {
  clientId: '3F2504E0-4F89-41D3-9A0C-0305E82C3301',
  state: 'started',
  notes: '  已平整场地，塔吊 2 台  ',
  observedAt: '2026-05-20T09:30:00+08:00',
};

const problemsOf = (raw: Record<string, unknown>) => {
  const parsed = parseFieldCheckInput(raw, NOW);
  if (parsed.ok) throw new Error('expected problems');
  return parsed.problems;
};

describe('parseFieldCheckInput', () => {
  it('parses form text into typed values: lower-case UUID, trimmed notes, UTC time, numbers', () => {
    const parsed = parseFieldCheckInput({ ...valid, lon: '114.0213', lat: '32.9801', accuracy: '12.5', parcelVersion: '3' }, NOW);
    expect(parsed).toEqual({
      ok: true,
      value: {
        clientId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
        state: 'started',
        notes: '已平整场地，塔吊 2 台',
        observedAt: '2026-05-20T01:30:00.000Z',
        position: { lon: 114.0213, lat: 32.9801, accuracyM: 12.5 },
        parcelVersion: 3,
      },
    });
  });

  it('accepts JSON numbers, empty notes and no position', () => {
    const parsed = parseFieldCheckInput({ ...valid, notes: '', lon: 114, lat: 33, parcelVersion: 1 }, NOW);
    expect(parsed.ok && parsed.value.notes).toBe('');
    expect(parsed.ok && parsed.value.position).toEqual({ lon: 114, lat: 33, accuracyM: null });
    const bare = parseFieldCheckInput(valid, NOW);
    expect(bare.ok && bare.value.position).toBeNull();
    expect(bare.ok && bare.value.parcelVersion).toBeNull();
  });

  it('knows every state and its Chinese label', () => {
    expect(FIELD_STATES.map((s) => FIELD_STATE_LABELS[s])).toEqual(['未动工', '已动工', '部分建成', '建成投产', '其他']);
    for (const state of FIELD_STATES) expect(parseFieldCheckInput({ ...valid, state }, NOW).ok).toBe(true);
  });

  it('says in Chinese what is wrong with each field', () => {
    const problems = problemsOf({ clientId: 'abc', state: 'built', notes: 'x'.repeat(2001), observedAt: '2026-05-20 09:30', lon: '114', parcelVersion: '0' });
    expect(problems.map((p) => p.field)).toEqual(['clientId', 'state', 'notes', 'observedAt', 'position', 'parcelVersion']);
    expect(problems[0]!.message).toContain('UUID');
    expect(problems[1]!.message).toBe('现场状态应为 未动工、已动工、部分建成、建成投产、其他 之一，收到“built”');
    expect(problems[2]!.message).toContain('2000 个字');
    expect(problems[3]!.message).toContain('带时区');
    expect(problems[4]!.message).toContain('同时给出经度');
    expect(problems[5]!.message).toContain('正整数');
  });

  it('requires clientId, state and observedAt', () => {
    const problems = problemsOf({});
    expect(problems.map((p) => p.field)).toEqual(['clientId', 'state', 'observedAt']);
    expect(problems[1]!.message).toContain('未填写');
  });

  it('counts notes in characters, not UTF-16 units: 2000 Chinese characters (and emoji) are allowed', () => {
    expect(parseFieldCheckInput({ ...valid, notes: '地'.repeat(1999) + '🏗' }, NOW).ok).toBe(true);
    expect(problemsOf({ ...valid, notes: '地'.repeat(2001) })[0]!.message).toContain('现为 2001 个字');
  });

  it('tolerates a phone clock up to 5 minutes fast, no more', () => {
    expect(parseFieldCheckInput({ ...valid, observedAt: '2026-05-20T02:04:59Z' }, NOW).ok).toBe(true);
    expect(problemsOf({ ...valid, observedAt: '2026-05-20T02:05:01Z' })[0]!.message).toContain('晚于当前时间');
    expect(problemsOf({ ...valid, observedAt: '1999-12-31T23:00:00Z' })[0]!.message).toContain('早于 2000 年');
    expect(problemsOf({ ...valid, observedAt: '2026-02-30T09:00:00Z' })[0]!.field).toBe('observedAt');
  });

  it('checks the position range (longitude first) and the accuracy', () => {
    expect(problemsOf({ ...valid, lon: '33', lat: '114' })[0]!.message).toContain('注意经度在前');
    expect(problemsOf({ ...valid, lon: 'east', lat: '33' })[0]!.message).toContain('应为数字');
    expect(problemsOf({ ...valid, lon: '114', lat: '33', accuracy: '-1' })[0]!.field).toBe('accuracy');
    expect(problemsOf({ ...valid, accuracy: '10' })[0]!.message).toContain('同时给出经纬度');
  });
});

describe('photoPositionCheck', () => {
  it('is inside when the parcel covers the point, whatever the rounding of the distance', () => {
    expect(photoPositionCheck(0, true)).toBe('inside');
    expect(photoPositionCheck(0.04, true)).toBe('inside');
    expect(photoPositionCheck(0, null)).toBe('inside');
  });
  it('is near up to 50 m outside the boundary, far beyond', () => {
    expect(photoPositionCheck(0.1, false)).toBe('near');
    expect(photoPositionCheck(50, false)).toBe('near');
    expect(photoPositionCheck(50.1, false)).toBe('far');
    expect(photoPositionCheck(12_000, false)).toBe('far');
  });
  it('is unknown without a position (or with a parcel without a boundary)', () => {
    expect(photoPositionCheck(null, null)).toBe('unknown');
    expect(photoPositionCheck(null, false)).toBe('unknown');
  });
});

describe('EXIF time and position', () => {
  it('uses OffsetTimeOriginal when the camera wrote it', () => {
    expect(exifTakenAt({ DateTimeOriginal: '2026:05:20 09:30:15', OffsetTimeOriginal: '+08:00' })).toBe('2026-05-20T01:30:15.000Z');
    expect(exifTakenAt({ DateTimeOriginal: '2026:05:20 09:30:15', OffsetTimeOriginal: '-03:30' })).toBe('2026-05-20T13:00:15.000Z');
  });
  it('falls back to the GPS time (UTC), then to China Standard Time', () => {
    expect(exifTakenAt({ DateTimeOriginal: '2026:05:20 09:30:15', GPSDateStamp: '2026:05:20', GPSTimeStamp: [1, 30, 16] })).toBe('2026-05-20T01:30:16.000Z');
    expect(exifTakenAt({ DateTimeOriginal: '2026:05:20 09:30:15' })).toBe('2026-05-20T01:30:15.000Z');
  });
  it('ignores an unset camera clock', () => {
    expect(exifTakenAt({ DateTimeOriginal: '0000:00:00 00:00:00' })).toBeNull();
    expect(exifTakenAt({})).toBeNull();
  });
  it('ignores missing and no-fix GPS positions', () => {
    expect(exifPosition(32.98, 114.02)).toEqual({ lon: 114.02, lat: 32.98 });
    expect(exifPosition(0, 0)).toBeNull();
    expect(exifPosition(undefined, 114)).toBeNull();
    expect(exifPosition(95, 114)).toBeNull();
  });
});

describe('test photos (test/support/photo.ts)', () => {
  it('carry EXIF that exifr reads back: time with its zone and the GPS position to a millionth of a second of arc', async () => {
    const takenAt = new Date('2026-05-19T23:59:58Z');
    for (const [lon, lat] of [[114.0213456, 32.9801234], [-70.5, -33.25]] as const) {
      const jpeg = jpegWithExif({ lon, lat, takenAt });
      const tags = await exifr.parse(jpeg, { reviveValues: false });
      expect(exifTakenAt(tags)).toBe(takenAt.toISOString());
      // The camera's local clock: +08:00 by default.
      expect(tags.DateTimeOriginal).toBe('2026:05:20 07:59:58');
      expect(tags.latitude).toBeCloseTo(lat, 9);
      expect(tags.longitude).toBeCloseTo(lon, 9);
    }
  });
  it('are JPEGs by their bytes, and the plain one has no EXIF', async () => {
    expect(sniffPhotoType(jpegWithExif({ lon: 114, lat: 33, takenAt: new Date() }))).toBe('image/jpeg');
    expect(sniffPhotoType(jpegWithoutExif())).toBe('image/jpeg');
    expect(await exifr.parse(jpegWithoutExif())).toBeUndefined();
  });
});

describe('sniffPhotoType and versionConflictNote', () => {
  it('tells images by their magic bytes', () => {
    expect(sniffPhotoType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffPhotoType(new Uint8Array([...Buffer.from('RIFF'), 1, 2, 3, 4, ...Buffer.from('WEBPVP8 ')]))).toBe('image/webp');
    expect(sniffPhotoType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffPhotoType(new Uint8Array([0xff, 0xd8]))).toBeNull();
  });
  it('notes a changed parcel version, and nothing otherwise', () => {
    expect(versionConflictNote(3, 4)).toBe('核查期间地块已被修改（版本 3 → 4），请核对');
    expect(versionConflictNote(4, 4)).toBeNull();
    expect(versionConflictNote(null, 4)).toBeNull();
  });
});
