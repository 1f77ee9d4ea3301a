import shp from 'shpjs';
import type { FeatureCollection } from 'geojson';
import { readGeoJsonObject } from './geojson.ts';
import { fail, type ReadResult } from './types.ts';

/**
 * A zipped shapefile: shpjs reads the .shp/.dbf and, from the .prj, reprojects to lon/lat. Without a .prj the
 * coordinates are whatever the file holds: projected metres are refused rather than guessed.
 */
export async function readShapefile(zip: Uint8Array): Promise<ReadResult> {
  let parsed: FeatureCollection | FeatureCollection[];
  try {
    parsed = await shp(zip);
  } catch (error) {
    return fail(`无法读取 Shapefile 压缩包：${(error as Error).message}（须为包含 .shp、.dbf、.prj 的 zip）`);
  }
  const collections = Array.isArray(parsed) ? parsed : [parsed];
  const features = collections.flatMap((c) => c.features);
  const projected = features.some((f) => f.geometry && 'coordinates' in f.geometry && (f.geometry.coordinates as unknown[]).flat(3).some((v) => typeof v === 'number' && Math.abs(v) > 180));
  if (projected) return fail('Shapefile 坐标不是经纬度，且无法从 .prj 判断坐标系：请附上 .prj 文件（CGCS2000 经纬度或高斯投影）');
  const result = readGeoJsonObject({ type: 'FeatureCollection', features }, 'Shapefile');
  if (result.ok) for (const c of result.candidates) c.source = `第 ${c.index} 条记录`;
  return result;
}
