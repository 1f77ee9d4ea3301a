import iconv from 'iconv-lite';

/**
 * Text of a DXF or CSV: UTF-8 (a BOM is dropped) when the bytes are valid UTF-8, else GBK, what Chinese Windows
 * software writes. A stand-in, kept tiny on purpose: the shared decodeText (text-encoding.ts) replaces it.
 */
export function decodeLocal(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gbk' } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(body), 'gbk'), encoding: 'gbk' };
  }
}
