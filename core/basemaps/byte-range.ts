/**
 * Shared by the server (server/basemaps/file-routes.ts) and the field app's service worker, which answers the same
 * range requests from a package saved on the phone.
 *
 * The Range header of a request for a file of `size` bytes (RFC 9110 §14): one range of bytes, as PMTiles readers send.
 * A last byte past the end is clamped (a reader asks for the first 16 KB of any archive); a range starting at or past
 * the end, a malformed header or several ranges at once (multipart answers are not offered) cannot be satisfied.
 */
export type RangeRequest =
  | { kind: 'whole' }
  | { kind: 'part'; start: number; end: number }
  | { kind: 'unsatisfiable'; why: string };

export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'whole' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) {
    const why = header.includes(',') ? '一次只能请求一个字节范围' : `无法识别的 Range：“${header.slice(0, 60)}”，应为 bytes=起-止`;
    return { kind: 'unsatisfiable', why };
  }
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '' && last === '') return { kind: 'unsatisfiable', why: 'Range 未给出字节位置' };
  if (first === '') {
    // bytes=-N: the last N bytes.
    const n = Number(last);
    if (n === 0) return { kind: 'unsatisfiable', why: '请求的末尾字节数为 0' };
    return { kind: 'part', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) return { kind: 'unsatisfiable', why: `起始字节 ${start} 超出文件长度 ${size} 字节` };
  if (last !== '' && Number(last) < start) return { kind: 'unsatisfiable', why: `结束字节 ${last} 小于起始字节 ${start}` };
  return { kind: 'part', start, end };
}
