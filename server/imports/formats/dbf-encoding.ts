/**
 * Which encoding a DBF's texts are in, in GDAL's order: the `.cpg` beside it, then the language driver id in the
 * DBF header (byte 29), then — with neither — detection. A choice made by the person in the preview overrides all.
 */
import { detectEncoding, ENCODINGS, normalizeEncoding, type Encoding } from './text-encoding.ts';

/**
 * Language driver ids that name a code page (GDAL's ogr/ogrsf_frmts/shape, after the dBASE/ArcGIS table). 0x00
 * and 0x57 ("ANSI", ArcGIS's default) say nothing about which ANSI code page: those fall through to detection.
 */
const LANGUAGE_DRIVERS: Record<number, Encoding> = {
  0x4d: 'gbk', // 936, PRC GBK
  0x7a: 'gbk', // 936, PRC GBK
  0x4f: 'big5', // 950
  0x78: 'big5', // 950
  0x03: 'windows-1252',
};

const hex = (n: number) => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

/** Why a DBF header cannot be trusted (it would make a reader run past the file, or loop for billions of records). */
export function dbfHeaderProblem(dbf: Uint8Array): string | null {
  if (dbf.byteLength < 33) return '文件过短';
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const records = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength < 33 || headerLength > dbf.byteLength) return `文件头长度 ${headerLength} 字节不合理`;
  if (recordLength < 1) return '记录长度为 0';
  // Some writers leave out the final end-of-file byte (0x1A).
  if (headerLength + records * recordLength > dbf.byteLength + 1) return `声明 ${records} 条记录、每条 ${recordLength} 字节，超出文件大小（${dbf.byteLength} 字节）`;
  return null;
}

/** The bytes of the DBF that hold text: field names and records (numbers and dates in them are ASCII). */
function textBytes(dbf: Uint8Array): Uint8Array {
  const headerLength = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength).getUint16(8, true);
  const names: number[] = [];
  for (let offset = 32; offset + 11 <= headerLength && dbf[offset] !== 0x0d; offset += 32) {
    for (const b of dbf.subarray(offset, offset + 11)) if (b !== 0) names.push(b);
    names.push(0x20);
  }
  // Detection needs a sample, not a whole 50 MB table.
  const records = dbf.subarray(headerLength, headerLength + 4 * 1024 * 1024);
  const sample = new Uint8Array(names.length + records.byteLength);
  sample.set(names);
  sample.set(records, names.length);
  return sample;
}

export interface DbfEncoding {
  encoding: Encoding;
  name: string;
  /** In words for the preview: "由 .cpg 文件确定：GBK", "由 DBF 文件头确定：GBK（语言驱动 0x4D）", "自动识别：…". */
  how: string;
}

export function dbfEncoding(dbf: Uint8Array, cpg: Uint8Array | null, chosen: string | null): DbfEncoding {
  const of = (encoding: Encoding, how: string): DbfEncoding => ({ encoding, name: ENCODINGS[encoding], how });
  const byPerson = normalizeEncoding(chosen);
  if (byPerson) return of(byPerson, `由您选择：${ENCODINGS[byPerson]}`);
  const cpgText = cpg ? new TextDecoder().decode(cpg).trim() : '';
  const byCpg = normalizeEncoding(cpgText);
  if (byCpg) return of(byCpg, `由 .cpg 文件确定：${ENCODINGS[byCpg]}（“${cpgText}”）`);
  const driver = dbf[29] ?? 0;
  const byDriver = LANGUAGE_DRIVERS[driver];
  if (byDriver) return of(byDriver, `由 DBF 文件头确定：${ENCODINGS[byDriver]}（语言驱动 ${hex(driver)}）`);
  const detected = detectEncoding(textBytes(dbf));
  const unread = cpgText ? `.cpg 所写“${cpgText.slice(0, 40)}”无法识别；` : '';
  return of(detected.encoding, `自动识别：${ENCODINGS[detected.encoding]}（${unread}${detected.why}）`);
}
