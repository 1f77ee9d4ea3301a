import { BAD_ENCODING, EMPTY_FILE, NOT_TEXT, type Issue } from './issues.ts';
import { issue } from './issue-list.ts';
import type { TextEncodingName } from './types.ts';

export type DecodeResult = { ok: true; text: string; encoding: TextEncodingName } | { ok: false; error: Issue };

/**
 * Bytes → text. A BOM decides (UTF-8, UTF-16); otherwise strict UTF-8, then GBK (the usual encoding of these
 * files, written by Windows tools in China). Both TextDecoders exist in Node and browsers.
 */
export function decodeBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return { ok: false, error: issue(EMPTY_FILE, null, '文件是空的（0 字节）') };
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decodeWith(bytes.subarray(3), 'utf-8');
  if (startsWith(bytes, [0xff, 0xfe])) return decodeWith(bytes.subarray(2), 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return decodeWith(bytes.subarray(2), 'utf-16be');
  // A NUL byte never occurs in UTF-8 or GBK text: this is a binary file (a zip, an image, a .dwg …).
  if (bytes.includes(0)) return { ok: false, error: notText() };
  const utf8 = decodeWith(bytes, 'utf-8');
  if (utf8.ok) return utf8;
  const bad = firstInvalidGbkByte(bytes);
  if (bad !== null) {
    const line = lineOfByte(bytes, bad);
    return {
      ok: false,
      error: issue(
        BAD_ENCODING,
        line,
        `文件既不是 UTF-8 也不是 GBK 编码（第 ${bad + 1} 个字节 0x${bytes[bad]!.toString(16).toUpperCase()} 无法识别），请用记事本另存为 UTF-8 或 ANSI（GBK）后重新导入`,
      ),
    };
  }
  return decodeWith(bytes, 'gbk');
}

/** Text that contains control characters other than tab and line breaks is not a coordinate file. */
export function checkText(text: string): Issue | null {
  if (text.trim() === '') return issue(EMPTY_FILE, null, '文件没有内容');
  return /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text) ? notText() : null;
}

function decodeWith(bytes: Uint8Array, encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gbk'): DecodeResult {
  try {
    const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
    const problem = checkText(text);
    return problem ? { ok: false, error: problem } : { ok: true, text, encoding };
  } catch {
    return { ok: false, error: issue(BAD_ENCODING, null, `文件声明为 ${encoding.toUpperCase()} 编码，但内容无法按此编码读取`) };
  }
}

function notText(): Issue {
  return issue(NOT_TEXT, null, '这不是文本文件（可能是压缩包、图片或其他二进制文件）；请导入界址点坐标文本文件（.txt）');
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * Index of the first byte sequence that is not GBK (GB18030 two- and four-byte forms), or null.
 * Why by hand: in fatal mode some TextDecoder builds (Node's ICU) silently drop a lone 0xFF instead of throwing.
 */
function firstInvalidGbkByte(bytes: Uint8Array): number | null {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b <= 0x80) { i++; continue; } // ASCII, and 0x80 is the euro sign in GBK
    if (b === 0xff) return i;
    const b2 = bytes[i + 1];
    if (b2 !== undefined && b2 >= 0x40 && b2 <= 0xfe && b2 !== 0x7f) { i += 2; continue; }
    const b3 = bytes[i + 2];
    const b4 = bytes[i + 3];
    const fourByte = b2 !== undefined && b2 >= 0x30 && b2 <= 0x39 && b3 !== undefined && b3 >= 0x81 && b3 <= 0xfe
      && b4 !== undefined && b4 >= 0x30 && b4 <= 0x39;
    if (fourByte) { i += 4; continue; }
    return i;
  }
  return null;
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
