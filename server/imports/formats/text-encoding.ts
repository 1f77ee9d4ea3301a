/**
 * Text encodings of the files bureaus hand over: UTF-8, or the Chinese code pages (GBK / GB18030) that ArcGIS,
 * survey software and older Windows tools write, spelled in many ways. Decoding is Node's TextDecoder (WHATWG,
 * full ICU); iconv-lite only re-encodes, to test a decoded text against another reading of the same bytes.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { TEXT_ENCODINGS as ENCODINGS, type TextEncoding as Encoding } from '../../../core/text-encodings.ts';

export { TEXT_ENCODINGS as ENCODINGS, type TextEncoding as Encoding } from '../../../core/text-encodings.ts';

const isEncoding = (label: string): label is Encoding => Object.hasOwn(ENCODINGS, label);

/**
 * An encoding from any of its spellings in `.cpg` files, XML declarations and form fields: `936`, `CP936`,
 * `ANSI 936`, `GBK`, `GB2312`, `GB18030`, `UTF-8`, `65001`, `ISO-8859-1`, `1252`… Node's TextDecoder knows the
 * names but not ArcGIS's code-page numbers, which are mapped here. Null when it is none we read.
 */
export function normalizeEncoding(label: string | null | undefined): Encoding | null {
  if (!label) return null;
  const spelled = label.trim().toUpperCase().replace(/^ANSI[\s_-]*/, '').replace(/^(CP|MS|WINDOWS-?)(?=\d)/, '');
  const byCodePage: Record<string, Encoding> = {
    '936': 'gbk', '20936': 'gbk', '54936': 'gb18030', '65001': 'utf-8', '950': 'big5', '1252': 'windows-1252',
    '28591': 'windows-1252', '88591': 'windows-1252',
  };
  if (byCodePage[spelled]) return byCodePage[spelled];
  try {
    // WHATWG labels: gb2312, euc-cn and x-gbk are GBK; iso-8859-1 and latin1 are windows-1252; utf8 is UTF-8.
    const encoding = new TextDecoder(spelled.toLowerCase()).encoding;
    return isEncoding(encoding) ? encoding : null;
  } catch {
    return null;
  }
}

export interface Decoded {
  text: string;
  encoding: Encoding;
  /** How the encoding was chosen, in words for the preview: "由 .cpg 文件确定：GBK", "自动识别：UTF-8". */
  how: string;
  /** Some bytes could not be decoded (they became U+FFFD). */
  lossy: boolean;
}

const strictly = (bytes: Uint8Array, encoding: Encoding): string | null => {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
};

const isAscii = (bytes: Uint8Array) => bytes.every((b) => b < 0x80);

/**
 * The encoding of bytes that declare none: UTF-8 if they are valid UTF-8 (Chinese text in GBK almost never is),
 * otherwise GBK if they decode as GB18030 without loss, otherwise the first of chardet's guesses that we read and
 * that decodes them without loss, otherwise GBK (lossy, which the caller reports).
 */
export function detectEncoding(bytes: Uint8Array): { encoding: Encoding; why: string } {
  if (isAscii(bytes)) return { encoding: 'utf-8', why: '纯 ASCII 文本' };
  if (strictly(bytes, 'utf-8') !== null) return { encoding: 'utf-8', why: '是有效的 UTF-8' };
  // Bureau files that are not UTF-8 are GBK/GB18030 far more often than anything else, and chardet's statistics
  // on a few short names are unreliable (it takes GBK names for Big5): GB18030 first, chardet where it does not fit.
  if (strictly(bytes, 'gb18030') !== null) return { encoding: 'gbk', why: '不是有效的 UTF-8，按 GBK 可完整解码' };
  for (const match of chardet.analyse(bytes)) {
    const encoding = normalizeEncoding(match.name);
    if (encoding && encoding !== 'utf-8' && strictly(bytes, encoding) !== null) return { encoding, why: `不是有效的 UTF-8，按字符分布判断为 ${ENCODINGS[encoding]}` };
  }
  return { encoding: 'gbk', why: '不是有效的 UTF-8，也无法确定编码，按 GBK 读取' };
}

/**
 * Bytes as text. `declared` is what the file or the person says (a `.cpg`, an XML declaration, the preview's
 * choice) and where it was said ("`.cpg 文件`"); an unknown or absent declaration falls back to a byte-order mark,
 * then to detection. `lossy` says some bytes did not decode: text from such a decoding must not be stored.
 */
/** The person's choice of encoding as decodeText takes it, or null to let the file say. */
export const chosenEncoding = (label: string | null) => (label ? { label, by: '您的选择' } : null);

export function decodeText(bytes: Uint8Array, declared?: { label: string | null; by: string } | null): Decoded {
  let encoding: Encoding;
  let how: string;
  const named = normalizeEncoding(declared?.label);
  if (declared && named) {
    encoding = named;
    how = `由${declared.by}确定：${ENCODINGS[named]}`;
  } else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8';
    how = '由字节顺序标记（BOM）确定：UTF-8';
  } else {
    const detected = detectEncoding(bytes);
    encoding = detected.encoding;
    const unknown = declared?.label ? `${declared.by}所写“${declared.label.trim().slice(0, 40)}”无法识别，` : '';
    how = `自动识别：${ENCODINGS[encoding]}（${unknown}${detected.why}）`;
  }
  const text = new TextDecoder(encoding).decode(bytes);
  return { text, encoding, how, lossy: text.includes('\uFFFD') };
}

const CJK = /[\u3400-\u9fff]/;

/**
 * Why a text decoded as `encoding` should not be stored, or null: it holds undecodable bytes (U+FFFD), or it is
 * mojibake — its bytes read as Chinese under another encoding (UTF-8 text decoded as GBK gives plausible-looking
 * but wrong characters, GBK decoded as Windows-1252 gives accented Latin letters). Tested by re-encoding the text,
 * which gives back the file's own bytes for any lossless decoding.
 */
export function textProblem(text: string, encoding: Encoding): string | null {
  if (text.includes('\uFFFD')) return `含有按 ${ENCODINGS[encoding]} 无法解码的字节（显示为 �），请选择正确的编码`;
  if (!/[^\x00-\x7f]/.test(text)) return null;
  // Only towards UTF-8 from a legacy code page, and towards GB18030 from a Latin one: UTF-8 Chinese is often also
  // valid GBK byte pairs, so the reverse test would call correct UTF-8 text mojibake.
  const others = encoding === 'utf-8' ? [] : encoding === 'windows-1252' ? (['utf-8', 'gb18030'] as const) : (['utf-8'] as const);
  if (!others.length) return null;
  const bytes = iconv.encode(text, encoding === 'gbk' ? 'gb18030' : encoding);
  for (const other of others) {
    const reread = strictly(bytes, other);
    if (reread !== null && reread !== text && CJK.test(reread)) {
      return `按 ${ENCODINGS[encoding]} 解码疑似乱码（按 ${ENCODINGS[other]} 读作“${reread.slice(0, 30)}”），请选择正确的编码`;
    }
  }
  return null;
}

/**
 * Why an item's attribute names and text values should not be stored as decoded: one error naming the first such
 * text and how many there are (a wrong encoding garbles every Chinese field of a record at once), or none.
 */
export function attributeTextProblems(properties: Record<string, unknown>, encoding: Encoding): string[] {
  const texts = Object.entries(properties).flatMap(([name, value]) => (typeof value === 'string' ? [name, value] : [name]));
  const problems = texts.flatMap((text) => {
    const problem = textProblem(text, encoding);
    return problem ? [`“${text.length > 24 ? `${text.slice(0, 24)}…` : text}”${problem}`] : [];
  });
  if (!problems.length) return [];
  return [problems.length > 1 ? `${problems[0]}（本条共 ${problems.length} 处文字如此）` : problems[0]!];
}
