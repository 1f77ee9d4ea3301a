/**
 * Tile address templates: the one place that knows how a base layer's tiles are addressed. MapLibre fills `{z}`, `{x}`
 * and `{y}` of a Web-Mercator (EPSG:3857, "GoogleMapsCompatible") tile grid; WMTS names the same three TileMatrix,
 * TileCol and TileRow, so a WMTS template is the XYZ one with its placeholders renamed.
 */

export type TiandituLayer = 'vec' | 'img';

/** Each 天地图 base is a picture and a label layer drawn over it (vec + cva, img + cia). */
export const TIANDITU_PARTS: Record<TiandituLayer, readonly [string, string]> = { vec: ['vec', 'cva'], img: ['img', 'cia'] };

export const TIANDITU_NAMES: Record<TiandituLayer, string> = { vec: '天地图矢量', img: '天地图影像' };

export const TIANDITU_ATTRIBUTION = '底图 © 天地图（国家地理信息公共服务平台）';

/** Eight hosts t0–t7, the Web-Mercator tile matrix set ("w"): what MapLibre draws. */
export function tiandituTiles(part: string, key: string): string[] {
  return Array.from(
    { length: 8 },
    (_, host) =>
      `https://t${host}.tianditu.gov.cn/${part}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${part}` +
      `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  );
}

/** WMTS placeholder names (case-insensitive) and the XYZ placeholder each becomes. */
export const WMTS_PLACEHOLDERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\{tilematrix\}/gi, '{z}'],
  [/\{tilecol\}/gi, '{x}'],
  [/\{tilerow\}/gi, '{y}'],
];

/** The address MapLibre asks for: a WMTS template's {TileMatrix}/{TileCol}/{TileRow} become {z}/{x}/{y}. */
export function xyzTemplate(url: string): string {
  return WMTS_PLACEHOLDERS.reduce((text, [pattern, xyz]) => text.replace(pattern, xyz), url);
}

/** A template's address of one tile (as MapLibre would make it; used to download tiles for offline use). */
export function tileAddress(template: string, z: number, x: number, y: number): string {
  return template.replaceAll('{z}', String(z)).replaceAll('{x}', String(x)).replaceAll('{y}', String(y));
}
