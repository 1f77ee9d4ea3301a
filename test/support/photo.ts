/**
 * Tiny real photos for tests: a decodable grey baseline JPEG, with or without an EXIF segment carrying the time taken
 * (DateTimeOriginal + OffsetTimeOriginal, as phones write it) and a GPS position, built byte by byte so the test
 * controls exactly what a camera would have written.
 */

export interface PhotoOptions {
  lon: number;
  lat: number;
  takenAt: Date;
  width?: number;
  height?: number;
  /** The zone the camera's clock was in, in minutes east of UTC; China's +08:00 by default. */
  offsetMinutes?: number;
}

const BYTE = 1;
const ASCII = 2;
const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;
const TYPE_SIZE: Record<number, number> = { [BYTE]: 1, [ASCII]: 1, [SHORT]: 2, [LONG]: 4, [RATIONAL]: 8 };

interface Entry {
  tag: number;
  type: number;
  count: number;
  value: Buffer;
}

const ascii = (tag: number, text: string): Entry => {
  const value = Buffer.from(`${text}\0`, 'latin1');
  return { tag, type: ASCII, count: value.length, value };
};
const long = (tag: number, n: number): Entry => {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(n);
  return { tag, type: LONG, count: 1, value };
};
const rationals = (tag: number, pairs: [number, number][]): Entry => {
  const value = Buffer.alloc(8 * pairs.length);
  pairs.forEach(([num, den], i) => {
    value.writeUInt32BE(num, i * 8);
    value.writeUInt32BE(den, i * 8 + 4);
  });
  return { tag, type: RATIONAL, count: pairs.length, value };
};

/** One IFD (big-endian) placed at `offset` from the TIFF header: entries, no next IFD, then values over 4 bytes. */
function ifd(entries: Entry[], offset: number): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const tableSize = 2 + 12 * sorted.length + 4;
  const table = Buffer.alloc(tableSize);
  const data: Buffer[] = [];
  let dataOffset = offset + tableSize;
  table.writeUInt16BE(sorted.length, 0);
  sorted.forEach((e, i) => {
    const at = 2 + 12 * i;
    table.writeUInt16BE(e.tag, at);
    table.writeUInt16BE(e.type, at + 2);
    table.writeUInt32BE(e.count, at + 4);
    if (e.count * TYPE_SIZE[e.type]! <= 4) e.value.copy(table, at + 8);
    else {
      table.writeUInt32BE(dataOffset, at + 8);
      // Values start on word boundaries, as the TIFF specification asks.
      const padded = e.value.length % 2 ? Buffer.concat([e.value, Buffer.alloc(1)]) : e.value;
      data.push(padded);
      dataOffset += padded.length;
    }
  });
  table.writeUInt32BE(0, tableSize - 4);
  return Buffer.concat([table, ...data]);
}

/** Degrees as EXIF writes them: degrees, minutes, seconds as rationals (seconds to a millionth). */
function dms(degrees: number): [number, number][] {
  const abs = Math.abs(degrees);
  const d = Math.floor(abs);
  const minutes = (abs - d) * 60;
  const m = Math.floor(minutes);
  const micro = Math.round((minutes - m) * 60 * 1e6);
  return [[d, 1], [m, 1], [micro, 1e6]];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function exifSegment({ lon, lat, takenAt, offsetMinutes = 480 }: PhotoOptions): Buffer {
  const local = new Date(takenAt.getTime() + offsetMinutes * 60_000);
  const localText = `${local.getUTCFullYear()}:${pad(local.getUTCMonth() + 1)}:${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offsetText = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;

  const header = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08]); // "MM", 42, IFD0 at 8
  const ifd0Size = 2 + 12 * 2 + 4;
  const exifOffset = 8 + ifd0Size;
  const exif = ifd([ascii(0x9003, localText), ascii(0x9011, offsetText)], exifOffset);
  const gpsOffset = exifOffset + exif.length;
  const gps = ifd(
    [
      { tag: 0x0000, type: BYTE, count: 4, value: Buffer.from([2, 3, 0, 0]) },
      ascii(0x0001, lat < 0 ? 'S' : 'N'),
      rationals(0x0002, dms(lat)),
      ascii(0x0003, lon < 0 ? 'W' : 'E'),
      rationals(0x0004, dms(lon)),
      rationals(0x0007, [[takenAt.getUTCHours(), 1], [takenAt.getUTCMinutes(), 1], [takenAt.getUTCSeconds(), 1]]),
      ascii(0x001d, `${takenAt.getUTCFullYear()}:${pad(takenAt.getUTCMonth() + 1)}:${pad(takenAt.getUTCDate())}`),
    ],
    gpsOffset,
  );
  const ifd0 = ifd([long(0x8769, exifOffset), long(0x8825, gpsOffset)], 8);
  const tiff = Buffer.concat([header, ifd0, exif, gps]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  return segment(0xe1, body);
}

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/**
 * A grey baseline JPEG (one component). Every 8×8 block has DC difference 0 and an immediate end-of-block; with
 * one-code Huffman tables both are the single bit 0, so the scan is all zero bits.
 */
function greyJpeg(width: number, height: number, app: Buffer[]): Buffer {
  const jfif = segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  const dqt = segment(0xdb, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)]));
  const sof = Buffer.alloc(9);
  sof.writeUInt8(8, 0);
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  sof.set([1, 1, 0x11, 0], 5);
  const oneCode = (tableClass: number, symbol: number) => Buffer.concat([Buffer.from([tableClass << 4]), Buffer.from([1, ...Array(15).fill(0)]), Buffer.from([symbol])]);
  const dht = segment(0xc4, Buffer.concat([oneCode(0, 0x00), oneCode(1, 0x00)]));
  const sos = segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0]));
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const scan = Buffer.alloc(Math.ceil((blocks * 2) / 8), 0);
  const usedBits = (blocks * 2) % 8;
  // The last byte's unused bits are padding, which JPEG fills with ones.
  if (usedBits) scan[scan.length - 1] = (1 << (8 - usedBits)) - 1;
  return Buffer.concat([Buffer.from([0xff, 0xd8]), ...app, jfif, dqt, segment(0xc0, sof), dht, sos, scan, Buffer.from([0xff, 0xd9])]);
}

/** A small valid JPEG whose EXIF says when (DateTimeOriginal with its zone, GPS date/time in UTC) and where it was taken. */
export function jpegWithExif(options: PhotoOptions): Buffer {
  return greyJpeg(options.width ?? 64, options.height ?? 48, [exifSegment(options)]);
}

/** The same kind of JPEG with no EXIF at all (as a screenshot or an edited image would be). */
export function jpegWithoutExif(width = 64, height = 48): Buffer {
  return greyJpeg(width, height, []);
}
