import { parseCoordinateFile } from '../../../core/coordfile/index.ts';
import { unzipSync } from 'fflate';
import { fail, type ImportCandidate, type ReadResult } from './types.ts';

/**
 * The Ministry's coordinate text file (界址点坐标): each parcel with its stated area, the reader's own errors and
 * warnings (which name their line) passed on, so the preview shows them parcel by parcel.
 */
export function readCoordinateFile(bytes: Uint8Array): ReadResult {
  const parsed = parseCoordinateFile(bytes);
  if (!parsed.ok) return fail(...parsed.errors.map((e) => e.message));
  return {
    ok: true,
    format: `界址点坐标文件（${parsed.header.coordinateSystem}，${parsed.encoding.toUpperCase()}）`,
    warnings: parsed.warnings.map((w) => w.message),
    candidates: parsed.parcels.map((p) => ({
      index: p.index + 1,
      source: `第 ${p.firstLine} 行起的地块`,
      // The parcel header's fields by their names in the format; the field registry's aliases map them to the ledger.
      attributes: { 地块编号: p.code || undefined, 地块名称: p.name || undefined, 地块用途: p.landUse || undefined, 地类编码: p.landClassCode || undefined },
      geometry: p.geometry,
      statedAreaMu: p.statedAreaMu,
      errors: p.errors.map((e) => e.message),
      warnings: p.warnings.map((w) => w.message),
    })),
  };
}

/** Uncompressed coordinate files in one zip, at most: the single-file limit of the coordinate-file parser. */
const MAX_ZIP_TEXT_BYTES = 50 * 1024 * 1024;

type ZipEntries = { files: Array<{ name: string; bytes: Uint8Array }> } | { error: string };

/**
 * The coordinate files of a zip without a shapefile in it (our own export writes one file per zone in a zip), or
 * null when the zip is something else. Why fflate here: its filter sees each entry's stated size before inflating.
 */
export function coordinateFilesInZip(zip: Uint8Array): ZipEntries | null {
  const names: string[] = [];
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        names.push(file.name);
        if (!/\.txt$/i.test(file.name)) return false;
        total += file.originalSize;
        return total <= MAX_ZIP_TEXT_BYTES;
      },
    });
  } catch {
    return null;
  }
  if (names.some((n) => /\.shp$/i.test(n)) || !names.some((n) => /\.txt$/i.test(n))) return null;
  if (total > MAX_ZIP_TEXT_BYTES) return { error: `压缩包内的坐标文件解压后共 ${(total / 1048576).toFixed(1)} MB，超过 50 MB 的上限；请拆分后分别导入` };
  return { files: Object.entries(files).sort(([a], [b]) => a.localeCompare(b)).map(([name, bytes]) => ({ name, bytes })) };
}

/** Several coordinate files (a zip of one file per zone) read as one import, each parcel saying its file. */
export function readCoordinateFiles(entries: ZipEntries): ReadResult {
  if ('error' in entries) return fail(entries.error);
  const candidates: ImportCandidate[] = [];
  const warnings: string[] = [];
  const formats = new Set<string>();
  for (const file of entries.files) {
    const read = readCoordinateFile(file.bytes);
    if (!read.ok) return fail(...read.errors.map((e) => `${file.name}：${e}`));
    formats.add(read.format);
    warnings.push(...read.warnings.map((w) => `${file.name}：${w}`));
    for (const c of read.candidates) candidates.push({ ...c, index: candidates.length + 1, source: `${file.name} ${c.source}` });
  }
  return { ok: true, format: `${entries.files.length} 个界址点坐标文件（zip）：${[...formats].join('、')}`, candidates, warnings };
}
