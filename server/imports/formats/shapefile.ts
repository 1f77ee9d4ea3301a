import { combine, parseDbf, parseShp } from 'shpjs';
import type { Feature } from 'geojson';
import { unzipLimited, ZIP_FILES } from '../../files/zip.ts';
import { FileRefusal } from '../../files/limits.ts';
import { dbfEncoding, dbfHeaderProblem } from './dbf-encoding.ts';
import { readGeoJsonObject } from './geojson.ts';
import { attributeTextProblems, type Encoding } from './text-encoding.ts';
import { fail, type ReadResult } from './types.ts';

const SHAPEFILE_PART = /\.(shp|dbf|prj|cpg)$/i;

/** One layer's members by lower-case extension, found by the .shp's base name (any case, any folder). */
function layers(files: Record<string, Uint8Array>) {
  const byBase = new Map<string, Partial<Record<'shp' | 'dbf' | 'prj' | 'cpg', Uint8Array>>>();
  for (const [name, bytes] of Object.entries(files)) {
    const match = SHAPEFILE_PART.exec(name);
    if (!match) continue;
    const base = name.slice(0, -4).toLowerCase();
    const parts = byBase.get(base) ?? {};
    parts[match[1]!.toLowerCase() as 'shp'] = bytes;
    byBase.set(base, parts);
  }
  return [...byBase.entries()].filter(([, parts]) => parts.shp);
}

/**
 * A zipped shapefile, unzipped within the limits (server/files/zip.ts: shpjs's own unzip never returned on a
 * truncated zip). shpjs reads the .shp, reprojecting by the .prj, and the .dbf in the encoding we give it: the
 * person's choice, else the `.cpg`, else the DBF header's language driver, else detected (dbf-encoding.ts). A text
 * that decodes with loss or as mojibake is an error on its record. Without a .prj the coordinates are whatever
 * the file holds: projected metres are refused rather than guessed.
 */
export function readShapefile(zip: Uint8Array, chosenEncoding: string | null = null): ReadResult {
  const found = layers(unzipLimited(zip, ZIP_FILES.zip, (name) => !name.includes('__MACOSX') && SHAPEFILE_PART.test(name)));
  if (!found.length) return fail('压缩包中没有 .shp 文件（须为包含 .shp、.dbf、.prj 的 zip）');
  const features: Feature[] = [];
  const warnings: string[] = [];
  let encoding: { name: string; how: string } | undefined;
  const recordErrors: string[][] = [];
  for (const [base, parts] of found) {
    const prj = parts.prj ? new TextDecoder().decode(parts.prj) : undefined;
    let geometries;
    try {
      geometries = parseShp(parts.shp!, prj);
    } catch (error) {
      return fail(`无法读取 ${base}.shp：${(error as Error).message}`);
    }
    let records: Array<Record<string, unknown>> = [];
    let textEncoding: Encoding | null = null;
    if (parts.dbf) {
      const headerProblem = dbfHeaderProblem(parts.dbf);
      if (headerProblem) throw new FileRefusal(422, 'bad_dbf', `${base}.dbf 文件头有误：${headerProblem}`);
      const chosen = dbfEncoding(parts.dbf, parts.cpg ?? null, chosenEncoding);
      encoding ??= { name: chosen.name, how: chosen.how };
      try {
        records = parseDbf(parts.dbf, chosen.encoding);
      } catch (error) {
        throw new FileRefusal(422, 'bad_dbf', `无法读取 ${base}.dbf：${(error as Error).message}`);
      }
      textEncoding = chosen.encoding;
    } else warnings.push(`${base} 没有 .dbf 属性表，只导入图形`);
    const collection = combine([geometries, records]);
    for (const feature of collection.features) {
      features.push(feature);
      recordErrors.push(textEncoding ? attributeTextProblems(feature.properties ?? {}, textEncoding) : []);
    }
  }
  const projected = features.some((f) => f.geometry && 'coordinates' in f.geometry && (f.geometry.coordinates as unknown[]).flat(3).some((v) => typeof v === 'number' && Math.abs(v) > 180));
  if (projected) return fail('Shapefile 坐标不是经纬度，且无法从 .prj 判断坐标系：请附上 .prj 文件（CGCS2000 经纬度或高斯投影）');
  const result = readGeoJsonObject({ type: 'FeatureCollection', features }, 'Shapefile');
  if (!result.ok) return result;
  for (const c of result.candidates) {
    c.source = `第 ${c.index} 条记录`;
    c.errors.push(...(recordErrors[c.index - 1] ?? []));
  }
  result.warnings.push(...warnings);
  return encoding ? { ...result, encoding } : result;
}
