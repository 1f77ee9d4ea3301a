import type { Feature, Geometry, MultiPolygon, Position } from 'geojson';
import proj4 from 'proj4';
import { gaussKrugerProj } from '../../../core/area/plane.ts';
import { originOf } from '../../../core/coords/source-crs.ts';
import { FileRefusal } from '../../files/limits.ts';
import { attributeTextProblems, decodeText, ENCODINGS } from './text-encoding.ts';
import { fail, type ImportCandidate, type OriginHint, type ReadResult } from './types.ts';

/** Geographic CRS names meaning CGCS2000 or WGS84 lon/lat, which agree to centimetres here. */
const GEOGRAPHIC = /^(urn:ogc:def:crs:OGC:1\.3:CRS84|(urn:ogc:def:crs:)?EPSG:+(4326|4490))$/i;

/** A projection from a legacy `crs` member to lon/lat, or a reason it cannot be read. */
function projectionOf(crs: unknown): { forward: ((p: Position) => Position) | null } | { error: string } {
  if (crs === undefined) return { forward: null };
  const name = (crs as { properties?: { name?: unknown } })?.properties?.name;
  if (typeof name !== 'string') return { error: '文件的 crs 成员格式不对，无法判断坐标系' };
  if (GEOGRAPHIC.test(name)) return { forward: null };
  const epsg = Number(/EPSG:+(\d+)$/i.exec(name)?.[1]);
  // CGCS2000 3° Gauss–Krüger: 4513–4533 with the zone number before the easting, 4534–4554 without.
  if (epsg >= 4513 && epsg <= 4554) {
    const prefixed = epsg <= 4533;
    const zone = prefixed ? epsg - 4488 : epsg - 4509;
    const converter = proj4(gaussKrugerProj(zone * 3), 'EPSG:4326');
    return { forward: ([x, y]) => converter.forward([prefixed ? x! - zone * 1e6 : x!, y!]) };
  }
  if (epsg === 3857) return { forward: (p) => proj4('EPSG:3857', 'EPSG:4326', [p[0]!, p[1]!]) };
  return { error: `不支持的坐标系“${name}”：请使用 CGCS2000 经纬度（EPSG:4490）或 CGCS2000 三度带高斯投影（EPSG:4513–4554）` };
}

const isPosition = (p: unknown): p is Position => Array.isArray(p) && p.length >= 2 && p.length <= 4 && p.every((v) => typeof v === 'number' && Number.isFinite(v));
const isRings = (rings: unknown): rings is Position[][] => Array.isArray(rings) && rings.every((ring) => Array.isArray(ring) && ring.every(isPosition));

function toMultiPolygon(geometry: Geometry | null, forward: ((p: Position) => Position) | null): MultiPolygon | string {
  if (!geometry) return '没有图形';
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return `图形是 ${String(geometry.type)}，地块须为面`;
  const polygons: unknown = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  // Checked to the exact depth before use: coordinates nested thousands deep, or holding other than numbers, are a
  // malformed file, not something to recurse into.
  if (!Array.isArray(polygons) || !polygons.every(isRings)) return `${geometry.type} 的坐标格式不对：应为经纬度数对组成的环`;
  const map = (p: Position) => (forward ? forward(p) : p);
  return { type: 'MultiPolygon', coordinates: polygons.map((rings) => rings.map((ring) => ring.map(map))) };
}

/** Features of a GeoJSON object (RFC 7946, or a legacy file with a `crs` member), as import candidates. */
export function readGeoJsonObject(json: unknown, format = 'GeoJSON'): ReadResult {
  const object = json as { type?: unknown; features?: unknown };
  if (typeof json !== 'object' || json === null || typeof object.type !== 'string') return fail('不是 GeoJSON：缺少 type');
  const features: Array<Feature | null> =
    object.type === 'FeatureCollection' ? (Array.isArray(object.features) ? (object.features as Array<Feature | null>) : [])
    : object.type === 'Feature' ? [json as Feature]
    : [{ type: 'Feature', properties: {}, geometry: json as Geometry }];
  if (object.type === 'FeatureCollection' && !Array.isArray(object.features)) return fail('FeatureCollection 缺少 features 数组');
  const projection = projectionOf((json as { crs?: unknown }).crs);
  if ('error' in projection) return fail(projection.error);
  const candidates = features.map((feature, i): ImportCandidate => {
    const source = `第 ${i + 1} 个要素`;
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
      return { index: i + 1, source, attributes: {}, geometry: null, statedAreaMu: null, errors: ['不是 GeoJSON Feature'], warnings: [] };
    }
    const geometry = toMultiPolygon(feature.geometry ?? null, projection.forward);
    const attributes = feature.properties && typeof feature.properties === 'object' ? feature.properties : {};
    return typeof geometry === 'string'
      ? { index: i + 1, source, attributes, geometry: null, statedAreaMu: null, errors: [geometry], warnings: [] }
      : { index: i + 1, source, attributes, geometry, statedAreaMu: null, errors: [], warnings: [] };
  });
  if (!candidates.length) return fail('文件中没有要素');
  return projection.forward
    ? { ok: true, format, candidates, warnings: ['坐标已由文件声明的投影坐标系转换为 CGCS2000 经纬度'] }
    : { ok: true, format, candidates, warnings: [], lonLat: { hint: originHintOf(json) } };
}

/** A GeoJSON file's own word on its origin: a top-level name, description, generator or source member. */
function originHintOf(json: unknown): OriginHint | null {
  const object = json as Record<string, unknown>;
  for (const key of ['name', 'description', 'generator', 'source', 'crs']) {
    const value = object[key];
    if (value === undefined) continue;
    const hint = originOf(typeof value === 'string' ? value : JSON.stringify(value), `文件的 ${key} 成员`);
    if (hint) return hint;
  }
  return null;
}

/** Deeper than any GeoJSON needs (a MultiPolygon's coordinates are 4 arrays deep inside 4 objects and arrays). */
const MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects in a JSON text, scanned without parsing (strings skipped). */
function nestingOver(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * A GeoJSON file. RFC 7946 says UTF-8, but files saved by Chinese Windows tools are sometimes GBK: detected and said
 * so, or decoded as the person chose. Texts that decode with loss or as mojibake are errors on their feature.
 */
export function readGeoJson(bytes: Uint8Array, chosenEncoding: string | null = null): ReadResult {
  const decoded = decodeText(bytes, chosenEncoding ? { label: chosenEncoding, by: '您的选择' } : null);
  if (nestingOver(decoded.text, MAX_JSON_DEPTH)) throw new FileRefusal(422, 'too_deep', `GeoJSON 嵌套超过 ${MAX_JSON_DEPTH} 层上限，不是有效的地块文件`);
  let json: unknown;
  try {
    json = JSON.parse(decoded.text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(`不是有效的 JSON：${(error as Error).message}`);
  }
  const result = readGeoJsonObject(json);
  if (!result.ok) return result;
  for (const c of result.candidates) c.errors.push(...attributeTextProblems(c.attributes, decoded.encoding));
  if (!chosenEncoding && decoded.encoding !== 'utf-8') result.warnings.push(`GeoJSON 应为 UTF-8 编码（RFC 7946），此文件不是，已按 ${ENCODINGS[decoded.encoding]} 读取，请核对名称`);
  return { ...result, encoding: { name: ENCODINGS[decoded.encoding], how: decoded.how } };
}
