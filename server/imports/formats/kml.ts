import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import { originOf } from '../../../core/coords/source-crs.ts';
import { readGeoJsonObject } from './geojson.ts';
import { fail, type OriginHint, type ReadResult } from './types.ts';

/**
 * Why every KML is warned about: consumer map apps (AMap, Tencent) export KML in GCJ-02, 100–700 m off CGCS2000,
 * and most say nothing about it; the coordinates alone cannot tell.
 */
export const KML_GCJ02_WARNING = 'KML 文件常由高德、腾讯等互联网地图导出，坐标可能是 GCJ-02（与 CGCS2000 相差 100–700 米）：请确认坐标系，必要时在预览中改选';

/** Elements by which a KML describes itself (not its placemarks): where an app names itself. */
const SELF_DESCRIPTION = ['name', 'description', 'Snippet', 'atom:author', 'atom:name', 'author'];

/** KML placemarks (lon/lat, WGS84 ≈ CGCS2000) as import candidates; names and extended data become attributes. */
export function readKml(text: string): ReadResult {
  const errors: string[] = [];
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message)) }).parseFromString(text, 'text/xml');
  } catch (error) {
    // xmldom throws on fatal errors (e.g. unclosed tags) after reporting them.
    return fail(`不是有效的 KML：${errors[0] ?? (error as Error).message}`);
  }
  if (errors.length || !doc.documentElement || doc.getElementsByTagName('kml').length === 0) {
    return fail(`不是有效的 KML：${errors[0] ?? '缺少 <kml> 根元素'}`);
  }
  const collection = kml(doc as unknown as Document);
  const result = readGeoJsonObject(collection, 'KML');
  if (!result.ok) return result;
  result.warnings.push(KML_GCJ02_WARNING);
  result.lonLat = { hint: originHint(doc) };
  for (const c of result.candidates) {
    // KML's <name> is usually the parcel's code or name: offer it as both, the ledger columns win if present.
    const name = c.attributes.name;
    if (typeof name === 'string') c.attributes = { code: name, projectName: name, ...c.attributes };
    c.source = `第 ${c.index} 个地标`;
  }
  return result;
}

/** The consumer map app a KML names in its document-level name, description or author, or in a leading comment. */
function originHint(doc: ReturnType<DOMParser['parseFromString']>): OriginHint | null {
  const root = doc.documentElement!;
  const documents = [root, ...Array.from(root.getElementsByTagName('Document')).slice(0, 1)];
  for (const container of documents) {
    for (const child of Array.from(container.childNodes)) {
      if (child.nodeType === 8) {
        const hint = originOf(child.nodeValue ?? '', 'KML 文件的注释');
        if (hint) return hint;
      }
      if (child.nodeType !== 1 || !SELF_DESCRIPTION.includes(child.nodeName)) continue;
      const hint = originOf(child.textContent ?? '', `KML 文件的 <${child.nodeName}>`);
      if (hint) return hint;
    }
  }
  for (const node of Array.from(doc.childNodes)) {
    if (node.nodeType === 8) {
      const hint = originOf(node.nodeValue ?? '', 'KML 文件的注释');
      if (hint) return hint;
    }
  }
  return null;
}
