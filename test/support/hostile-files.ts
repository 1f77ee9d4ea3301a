/**
 * Hostile upload files, made at test time. Nothing here is committed as a binary: the zip bomb alone would be 1 MB.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { zipSync } from 'fflate';

/** A zip's little-endian header fields, written by hand for the bomb below. */
function le(...fields: Array<[number, 2 | 4]>): Uint8Array {
  const out = new Uint8Array(fields.reduce((s, [, n]) => s + n, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [value, size] of fields) {
    if (size === 2) view.setUint16(at, value, true);
    else view.setUint32(at, value, true);
    at += size;
  }
  return out;
}

/**
 * A zip of one member, `name`, that inflates to `megabytes` MB of zeros from about 1 KB per MB. Each MB is deflated
 * once by zlib with a full flush (which byte-aligns the output and forgets the window), so the same compressed
 * bytes repeated N times are a valid deflate stream of N MB: building it takes milliseconds, where deflating 1 GB
 * here takes a minute. The CRC is the true one, so a reader that inflated all of it would accept it.
 */
export function zipBomb(name: string, megabytes: number): Uint8Array {
  const zero = new Uint8Array(1 << 20);
  const block = deflateRawSync(zero, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const data = new Uint8Array(block.byteLength * megabytes + 2);
  for (let i = 0; i < megabytes; i++) data.set(block, i * block.byteLength);
  data.set([0x03, 0x00], block.byteLength * megabytes); // the final, empty fixed-Huffman block
  let crc = 0;
  for (let i = 0; i < megabytes; i++) crc = crc32(zero, crc);
  const size = megabytes * (1 << 20);
  const fileName = new TextEncoder().encode(name);
  const common = (): Array<[number, 2 | 4]> => [[20, 2], [0, 2], [8, 2], [0, 2], [0, 2], [crc >>> 0, 4], [data.byteLength, 4], [size >>> 0, 4], [fileName.byteLength, 2], [0, 2]];
  const local = le([0x04034b50, 4], ...common());
  const central = le([0x02014b50, 4], [20, 2], ...common(), [0, 2], [0, 2], [0, 2], [0, 4], [0, 4]);
  const centralOffset = local.byteLength + fileName.byteLength + data.byteLength;
  const centralSize = central.byteLength + fileName.byteLength;
  const end = le([0x06054b50, 4], [0, 2], [0, 2], [1, 2], [1, 2], [centralSize, 4], [centralOffset, 4], [0, 2]);
  const parts = [local, fileName, data, central, fileName, end];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** A zip (fflate) of `count` tiny members. */
export function manyMembers(count: number): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < count; i++) files[`part-${i}.txt`] = new TextEncoder().encode(String(i));
  return zipSync(files, { level: 0 });
}

/** A KML whose one name expands to 10^9 "lol"s through nested entities ("billion laughs"). */
export function billionLaughsKml(): string {
  let entities = '<!ENTITY lol "lol">';
  for (let i = 1; i <= 9; i++) entities += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
  return `<?xml version="1.0"?><!DOCTYPE kml [${entities}]><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&lol9;</name></Placemark></Document></kml>`;
}

/** A GeoJSON Feature whose coordinates are nested `depth` arrays deep. */
export function deeplyNestedGeoJson(depth: number): string {
  return `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":${'['.repeat(depth)}0${']'.repeat(depth)}}}`;
}
