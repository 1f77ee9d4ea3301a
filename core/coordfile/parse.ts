import { checkText, decodeBytes } from './decode.ts';
import { parseHeader } from './header.ts';
import {
  DUPLICATE_PARCEL_CODE, MISSING_COORDINATES_SECTION, NO_PARCELS, TOO_FEW_POINTS, TOO_LARGE, TRUNCATED, UNCLOSED_RING,
  ZONE_MISMATCH, ZONE_MISSING, type Issue,
} from './issues.ts';
import { issue } from './issue-list.ts';
import { buildParcel, type BuiltParcel } from './parcel.ts';
import { COORDINATES_SECTION, readParcels, type RawParcel } from './records.ts';
import type { CoordHeader, ParseResult, TextEncodingName } from './types.ts';

/** Refuse files larger than this (bytes, or UTF-16 code units for text): 50 MB. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/**
 * Reads a 界址点坐标 (报盘) file: bytes in UTF-8, GBK or UTF-16 with BOM, or text already decoded.
 * File-level problems give `ok: false`; a parcel's own problems mark that parcel invalid and leave the others.
 * Linear in the file size apart from each parcel's own geometry checks (n log n in its points).
 */
export function parseCoordinateFile(input: Uint8Array | string): ParseResult {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_FILE_BYTES) {
    return fail(issue(TOO_LARGE, null, `文件大小为 ${(size / 1024 / 1024).toFixed(1)} MB，超过 ${MAX_FILE_BYTES / 1024 / 1024} MB 的导入上限；请拆分为几个文件分别导入`));
  }
  let text: string;
  let encoding: TextEncodingName = 'text';
  if (typeof input === 'string') {
    text = input.startsWith('\uFEFF') ? input.slice(1) : input;
    const problem = checkText(text);
    if (problem) return fail(problem);
  } else {
    const decoded = decodeBytes(input);
    if (!decoded.ok) return fail(decoded.error);
    ({ text, encoding } = decoded);
  }

  const lines = text.split(/\r\n|\r|\n/);
  const section = lines.findIndex((l) => l.trim() === COORDINATES_SECTION);
  if (section < 0) {
    return fail(issue(MISSING_COORDINATES_SECTION, null, `文件中没有“${COORDINATES_SECTION}”这一行，不是界址点坐标文件，或该节标题写错了`));
  }
  const header = parseHeader(lines.slice(0, section), 1);
  if (!header.ok) return { ok: false, errors: header.errors };
  const records = readParcels(lines.slice(section + 1), section + 2);
  if (!records.ok) return { ok: false, errors: records.errors };
  if (records.parcels.length === 0) {
    return fail(issue(NO_PARCELS, section + 1, `“${COORDINATES_SECTION}”之后没有任何地块`));
  }
  for (const raw of records.parcels) {
    if (raw.pointLines === 0) raw.errors.add(issue(TOO_FEW_POINTS, raw.headerLine, '这个地块没有任何界址点行'));
  }
  const built = records.parcels.map((raw, i) => buildParcel(raw, i, header.header));

  if (header.header.zone === null && !built.some((b) => b.sawPrefix)) {
    return fail(issue(ZONE_MISSING, null, '属性描述中没有“带号”，Y 坐标也不带带号前缀，无法确定投影带；请在属性描述中填写带号'));
  }
  const truncated = truncation(records.parcels.at(-1)!, built.at(-1)!);
  if (truncated) return fail(truncated);

  flagDuplicateCodes(built);
  return {
    ok: true,
    header: header.header,
    parcels: built.map((b) => b.parcel),
    warnings: [...header.warnings, ...zoneMismatches(built, header.header)],
    encoding,
  };
}

function fail(error: Issue): ParseResult {
  return { ok: false, errors: [error] };
}

/** A file cut off mid-parcel: its last line is incomplete, or its last parcel is short of points and unclosed. */
function truncation(raw: RawParcel, last: BuiltParcel): Issue | null {
  const stated = last.parcel.statedPointCount;
  const short = stated !== null && raw.pointLines < stated;
  const openEnded = raw.pointLines === 0 || last.parcel.errors.some((e) => e.code === UNCLOSED_RING);
  if (!raw.lastLineIncomplete && !(short && openEnded)) return null;
  const expected = stated === null ? '' : `应有 ${stated} 个界址点，`;
  return issue(TRUNCATED, raw.lastLine,
    `文件在此中断：最后一个地块“${last.parcel.code}”${expected}只读到 ${raw.pointLines} 个界址点行，且未闭合；文件不完整，请重新导出或拷贝完整的文件`);
}

/** One warning per zone prefix that contradicts 带号, however many parcels carry it. */
function zoneMismatches(built: BuiltParcel[], header: CoordHeader): Issue[] {
  if (header.zone === null) return [];
  const seen = new Map<number, { line: number; count: number }>();
  for (const { prefix, parcel } of built) {
    if (prefix === null || prefix === header.zone || parcel.zone !== prefix) continue;
    const entry = seen.get(prefix) ?? { line: parcel.firstLine, count: 0 };
    entry.count++;
    seen.set(prefix, entry);
  }
  return [...seen].map(([prefix, { line, count }]) => issue(ZONE_MISMATCH, line,
    `属性描述中带号=${header.zone}，但自此行起共 ${count} 个地块的 Y 坐标带号前缀为 ${prefix}；` +
      `已按坐标前缀 ${prefix} 计算（前缀随每个坐标书写，更可靠），请核对属性描述中的带号`));
}

function flagDuplicateCodes(built: BuiltParcel[]): void {
  const firstLineOf = new Map<string, number>();
  for (const { parcel } of built) {
    if (parcel.code === '') continue;
    const first = firstLineOf.get(parcel.code);
    if (first === undefined) firstLineOf.set(parcel.code, parcel.firstLine);
    else parcel.warnings.push(issue(DUPLICATE_PARCEL_CODE, parcel.firstLine, `地块编号“${parcel.code}”与第 ${first} 行的地块重复`));
  }
}
