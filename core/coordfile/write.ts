import type { MultiPolygon, Polygon } from 'geojson';
import { polygonsOf } from '../area/rings.ts';
import { haFromMu, muFromM2 } from '../measure.ts';
import { planeProjection, zoneOfLongitude } from './projection.ts';
import { numberedBoundary } from './boundary-points.ts';
import type { ZoneWidth } from './types.ts';

export interface WritableParcel {
  code: string;
  name: string;
  landUse?: string;
  landClassCode?: string;
  /** CGCS2000 lon/lat. */
  geometry: Polygon | MultiPolygon;
}

export interface WriteOptions {
  /** Gauss–Krüger zone; default: the zone of the mean longitude of all outer rings. */
  zone?: number;
  /** 几度分带; default 3, the width the Ministry requires for 报批. */
  zoneWidth?: ZoneWidth;
  /** Write eastings with the zone number in front (38501869.123); default true. */
  prefix?: boolean;
  /** 数据产生单位. */
  producer?: string;
  /** 数据产生日期, e.g. “2021-5-20”; default today. */
  date?: string;
}

/**
 * Writes parcels as a 界址点坐标 (报盘) file on CGCS2000: coordinates in millimetres, 界址点数 counting the
 * ring-closing repeats, 地块面积 in hectares (4 decimals) as the Gauss–Krüger plane area of the written
 * coordinates. Outer rings run clockwise and holes counter-clockwise, as 界址点 are numbered in surveying;
 * points are numbered J1, J2, … through the parcel. Commas, `@` and line breaks in text fields would break the
 * format, so they become “，”, “＠” and spaces. Returns text with CRLF line ends (the files' Windows origin);
 * encode it as the receiving system expects.
 */
export function writeCoordinateFile(parcels: WritableParcel[], options: WriteOptions = {}): string {
  const width = options.zoneWidth ?? 3;
  const zone = options.zone ?? zoneOfLongitude(meanLongitude(parcels), width);
  const withPrefix = options.prefix ?? true;
  const projection = planeProjection('CGCS2000', zone, width);
  const lines = [
    '[属性描述]',
    '格式版本号=1.01版本',
    `数据产生单位=${field(options.producer ?? '')}`,
    `数据产生日期=${field(options.date ?? today())}`,
    '坐标系=2000国家大地坐标系',
    `几度分带=${width}`,
    '投影类型=高斯克吕格',
    '计量单位=米',
    `带号=${zone}`,
    '精度=0.001',
    '转换参数=,,,,,,',
    '[地块坐标]',
  ];
  for (const parcel of parcels) {
    const rings = numberedBoundary(parcel.geometry, projection.toPlane);
    const pointLines = rings.flatMap((r) => r.points.map((p) => pointLine(p.number, r.ring, p.y, p.x)));
    const planeM2 = rings.reduce((sum, r) => sum + (r.hole ? -r.areaM2 : r.areaM2), 0);
    const ha = haFromMu(muFromM2(planeM2));
    lines.push(`${pointLines.length},${ha.toFixed(4)},${field(parcel.code)},${field(parcel.name)},面,,${field(parcel.landUse ?? '')},${field(parcel.landClassCode ?? '')},@`);
    lines.push(...pointLines);
  }
  return `${lines.join('\r\n')}\r\n`;

  function pointLine(number: number, ring: number, easting: number, northing: number): string {
    const y = withPrefix ? zone * 1e6 + easting : easting;
    return `J${number},${ring},${northing.toFixed(3)},${y.toFixed(3)}`;
  }
}

function meanLongitude(parcels: WritableParcel[]): number {
  let sum = 0;
  let n = 0;
  for (const p of parcels) {
    for (const [outer] of polygonsOf(p.geometry)) {
      for (const [lon] of outer ?? []) {
        sum += lon!;
        n++;
      }
    }
  }
  if (n === 0) throw new RangeError('writeCoordinateFile: no coordinates to choose a zone from; pass options.zone');
  return sum / n;
}

function field(text: string): string {
  return text.replace(/,/g, '，').replace(/@/g, '＠').replace(/[\r\n]+/g, ' ');
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}
