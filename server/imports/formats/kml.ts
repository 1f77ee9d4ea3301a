import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import { originOf } from '../../../core/coords/source-crs.ts';
import { FileRefusal } from '../../files/limits.ts';
import { unzipLimited, ZIP_FILES } from '../../files/zip.ts';
import { readGeoJsonObject } from './geojson.ts';
import { attributeTextProblems, decodeText, ENCODINGS } from './text-encoding.ts';
import { fail, type OriginHint, type ReadResult } from './types.ts';

/**
 * Why every KML is warned about: consumer map apps (AMap, Tencent) export KML in GCJ-02, 100–700 m off CGCS2000,
 * and most say nothing about it; the coordinates alone cannot tell.
 */
export const KML_GCJ02_WARNING = 'KML 文件常由高德、腾讯等互联网地图导出，坐标可能是 GCJ-02（与 CGCS2000 相差 100–700 米）：请确认坐标系，必要时在预览中改选';

/** Elements by which a KML describes itself (not its placemarks): where an app names itself. */
const SELF_DESCRIPTION = ['name', 'description', 'Snippet', 'atom:author', 'atom:name', 'author'];

/** The encoding an XML declaration names (`<?xml version="1.0" encoding="GBK"?>`), read as ASCII. */
function declaredEncoding(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(head.replace(/^\uFEFF|^ï»¿/, ''))?.[1] ?? null;
}

/**
 * KML placemarks (lon/lat, WGS84 ≈ CGCS2000) as import candidates; names and extended data become attributes. The
 * text is decoded as the person chose, else as the XML declaration says, else detected (XML's default is UTF-8).
 */
export function readKml(bytes: Uint8Array, chosenEncoding: string | null = null, format = 'KML'): ReadResult {
  const declared = declaredEncoding(bytes);
  const decoded = decodeText(bytes, chosenEncoding ? { label: chosenEncoding, by: '您的选择' } : declared ? { label: declared, by: ' XML 声明' } : null);
  // Entity declarations are how an XML file expands a few bytes into gigabytes ("billion laughs"); KML has no use
  // for them, so a file with any is refused before parsing.
  if (/<!ENTITY/i.test(decoded.text)) return fail(`${format} 文件含有实体声明（<!ENTITY>），出于安全考虑不予读取`);
  const errors: string[] = [];
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message)) }).parseFromString(decoded.text, 'text/xml');
  } catch (error) {
    // xmldom throws on fatal errors (e.g. unclosed tags) after reporting them.
    return fail(`不是有效的 ${format}：${errors[0] ?? (error as Error).message}`);
  }
  if (errors.length || !doc.documentElement || doc.getElementsByTagName('kml').length === 0) {
    return fail(`不是有效的 ${format}：${errors[0] ?? '缺少 <kml> 根元素'}`);
  }
  const collection = kml(doc as unknown as Document);
  const result = readGeoJsonObject(collection, format);
  if (!result.ok) return result;
  result.warnings.push(KML_GCJ02_WARNING);
  result.lonLat = { hint: originHint(doc) };
  for (const c of result.candidates) {
    c.errors.push(...attributeTextProblems(c.attributes, decoded.encoding));
    // KML's <name> is usually the parcel's code or name: offer it as both, the ledger columns win if present.
    const name = c.attributes.name;
    if (typeof name === 'string') c.attributes = { code: name, projectName: name, ...c.attributes };
    c.source = `第 ${c.index} 个地标`;
  }
  return { ...result, encoding: { name: ENCODINGS[decoded.encoding], how: decoded.how } };
}

/** A KMZ: a zip (read within the limits) whose main document is doc.kml, or else its first .kml. */
export function readKmz(bytes: Uint8Array, chosenEncoding: string | null = null): ReadResult {
  const files = unzipLimited(bytes, ZIP_FILES.kmz, (name) => /\.kml$/i.test(name));
  const names = Object.keys(files);
  const main = names.find((n) => n.toLowerCase() === 'doc.kml') ?? names.sort()[0];
  if (!main) throw new FileRefusal(422, 'no_kml', 'KMZ 压缩包中没有 .kml 文件');
  return readKml(files[main]!, chosenEncoding, 'KMZ');
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
