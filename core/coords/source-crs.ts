/**
 * The coordinate systems a longitude/latitude file may be in: CGCS2000 (≈ WGS84 to centimetres, what GPS and
 * official data use) or a consumer map's shifted system (GCJ-02: AMap, Tencent; BD-09: Baidu), and the exact
 * conversion of each to CGCS2000.
 */
import { bd09ToWgs84 } from './bd09.ts';
import { gcj02ToWgs84 } from './gcj02.ts';

export const SOURCE_CRSES = ['cgcs2000', 'gcj02', 'bd09'] as const;
export type SourceCrs = (typeof SOURCE_CRSES)[number];

export const SOURCE_CRS_LABELS: Record<SourceCrs, string> = {
  cgcs2000: 'CGCS2000 / WGS84（GPS、天地图、测绘成果）',
  gcj02: 'GCJ-02（高德、腾讯地图）',
  bd09: 'BD-09（百度地图）',
};

/** The conversion of one [lon, lat] to CGCS2000; null for CGCS2000 itself. */
export function toCgcs2000(crs: SourceCrs): ((lon: number, lat: number) => [number, number]) | null {
  return crs === 'gcj02' ? gcj02ToWgs84 : crs === 'bd09' ? bd09ToWgs84 : null;
}

/** Words by which a file names the app it came from, and that app's system. Order matters: Baidu's first. */
const ORIGINS: Array<{ pattern: RegExp; crs: SourceCrs; app: string }> = [
  { pattern: /百度|baidu|bd-?09|(^|[^a-z])bd[_-]?(lng|lon|lat)/i, crs: 'bd09', app: '百度地图' },
  { pattern: /高德|amap|autonavi|gaode/i, crs: 'gcj02', app: '高德地图' },
  { pattern: /腾讯|tencent|qq\s*地图|map\.qq\.com/i, crs: 'gcj02', app: '腾讯地图' },
  { pattern: /gcj-?02|(^|[^a-z])gcj[_-]?(lng|lon|lat)|火星坐标/i, crs: 'gcj02', app: 'GCJ-02' },
];

/** The system a piece of a file's own description (name, author, column header) points to, with the reason. */
export function originOf(text: string, where: string): { suggested: SourceCrs; reason: string } | null {
  for (const { pattern, crs, app } of ORIGINS) {
    const match = pattern.exec(text);
    if (match) return { suggested: crs, reason: `${where}提到“${match[0].replace(/^[^a-z\u4e00-\u9fff]/i, '')}”（${app}）` };
  }
  return null;
}
