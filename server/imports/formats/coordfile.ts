import { parseCoordinateFile } from '../../../core/coordfile/index.ts';
import { fail, type ReadResult } from './types.ts';

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
