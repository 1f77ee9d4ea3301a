import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import { readGeoJsonObject } from './geojson.ts';
import { fail, type ReadResult } from './types.ts';

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
  for (const c of result.candidates) {
    // KML's <name> is usually the parcel's code or name: offer it as both, the ledger columns win if present.
    const name = c.attributes.name;
    if (typeof name === 'string') c.attributes = { code: name, projectName: name, ...c.attributes };
    c.source = `第 ${c.index} 个地标`;
  }
  return result;
}
