import type { MultiPolygon } from 'geojson';
import { SOURCE_CRS_LABELS, toCgcs2000, type SourceCrs } from '../../core/coords/source-crs.ts';
import type { ReadSuccess } from './formats/types.ts';

/**
 * The step after reading a longitude/latitude file, whatever its format: the source system is the person's choice,
 * else what the file says it came from, else CGCS2000; GCJ-02 and BD-09 are converted exactly (iterated inverse,
 * < 1 cm) before anything is checked. Files in Gauss–Krüger metres or with a declared CRS are left alone.
 */
export function applySourceCrs(read: ReadSuccess, chosen: SourceCrs | null): ReadSuccess {
  if (!read.lonLat) return read;
  const hint = read.lonLat.hint;
  const value = chosen ?? hint?.suggested ?? 'cgcs2000';
  const convert = toCgcs2000(value);
  const warnings = [...read.warnings];
  if (convert) {
    warnings.push(`坐标按 ${SOURCE_CRS_LABELS[value]} 读取，已换算为 CGCS2000${chosen ? '' : `（${hint!.reason}；如不是，请在预览中改选坐标系）`}`);
  } else if (hint) {
    warnings.push(`${hint.reason}，文件可能是 ${SOURCE_CRS_LABELS[hint.suggested]} 坐标，但已按所选的 CGCS2000 读取，未做换算`);
  }
  const candidates = convert
    ? read.candidates.map((c) => (c.geometry ? { ...c, geometry: convertGeometry(c.geometry, convert) } : c))
    : read.candidates;
  return { ...read, candidates, warnings, coordinates: { ...read.coordinates, sourceCrs: { value, suggested: hint?.suggested ?? null, reason: hint?.reason ?? null } } };
}

function convertGeometry(geometry: MultiPolygon, convert: (lon: number, lat: number) => [number, number]): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(([lon, lat]) => convert(lon!, lat!)))) };
}
