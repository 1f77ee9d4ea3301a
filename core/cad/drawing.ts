/**
 * A surveyor's CAD drawing as parcels: closed shapes in Gauss–Krüger metres (no CRS in the file) placed in their
 * zone, each with the code written as a text inside it. Pure: the DXF is parsed by the server's reader.
 */
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Position } from 'geojson';
import { planeProjection } from '../coordfile/projection.ts';
import { nestRings, twiceSignedArea, type XY } from '../coordfile/topology.ts';
import {
  chosenZone, looksSwapped, prefixFinding, prefixZone, stripPrefix, zoneFromArea, zoneLabel,
  type EastNorth, type GaussKrugerZone, type ZoneFinding,
} from '../coordfile/zone-inference.ts';

/** A closed shape as drawn: one ring (a polyline) or several (a hatch's boundary paths), open, drawing x/y. */
export interface CadShape {
  layer: string;
  entity: string;
  rings: EastNorth[][];
  /** Some segment was an arc (bulge), read as its chord. */
  arcs: boolean;
}

export interface CadText {
  layer: string;
  text: string;
  at: EastNorth;
}

export interface CadParcel {
  /** 1-based order of the shape among the drawing's closed shapes. */
  index: number;
  shape: CadShape;
  /** The text inside the shape (the smallest shape holding it), taken as 地块编号. */
  code: string | null;
  geometry: MultiPolygon | null;
  zone: GaussKrugerZone;
  errors: string[];
  warnings: string[];
}

export type PlacedDrawing =
  | { ok: true; parcels: CadParcel[]; zone: ZoneFinding & { swapped: boolean }; warnings: string[] }
  | { ok: false; error: string };

export interface PlaceOptions {
  /** The person's zone: used for every shape, prefix or not. */
  chosen: GaussKrugerZone | null;
  /** The campaign's unit boundaries (lon/lat), to infer the zone of eastings without prefix. */
  area: MultiPolygon[];
}

const isGaussKruger = ([e, n]: EastNorth) => ((e >= 1e5 && e < 1e6) || prefixZone(e) !== null) && n >= 1e6 && n < 1e7;

/**
 * Places a drawing's shapes on CGCS2000 lon/lat. CAD draws x east and y north; a drawing whose x holds 7-digit
 * northings is read swapped, and says so. Refused when the coordinates are not Gauss–Krüger metres at all (a local
 * drawing grid), or when no zone can be found.
 */
export function placeDrawing(drawn: CadShape[], drawnTexts: CadText[], options: PlaceOptions): PlacedDrawing {
  const all = drawn.flatMap((s) => s.rings.flat());
  if (!all.length) return { ok: false, error: '图中没有闭合的多段线（LWPOLYLINE/POLYLINE）或填充（HATCH）边界，无法得到地块' };
  const swapped = looksSwapped(all);
  const flip = (p: EastNorth): EastNorth => (swapped ? [p[1], p[0]] : p);
  const shapes = drawn.map((s) => ({ ...s, rings: s.rings.map((r) => r.map(flip)) }));
  const texts = drawnTexts.map((t) => ({ ...t, at: flip(t.at) }));
  const points = swapped ? all.map(flip) : all;
  const plausible = points.filter(isGaussKruger).length;
  if (plausible < points.length / 2) {
    const [x, y] = all[0]!;
    return { ok: false, error: `图形坐标不是高斯克吕格坐标（米）：如 X=${x.toFixed(3)}，Y=${y.toFixed(3)}；东坐标应为 6 位（或带带号 8 位）、北坐标应为 7 位，请提供 CGCS2000 高斯投影坐标的图` };
  }

  const unprefixed = points.filter(([e]) => prefixZone(e) === null).map(([e, n]): EastNorth => [e, n]);
  let areaFinding: ZoneFinding | null = null;
  if (!options.chosen && unprefixed.length) {
    areaFinding = zoneFromArea(unprefixed, options.area);
    if (!areaFinding) return { ok: false, error: '坐标不带带号，本专项行动也没有单位边界可供推定投影带：请选择带号（表单字段 zone、zoneWidth）' };
  }
  const prefixZones: GaussKrugerZone[] = [];
  const parcels = shapes.map((shape, i): CadParcel => {
    const errors: string[] = [];
    const warnings: string[] = [];
    const zones = new Set(shape.rings.flat().map(([e]) => prefixZone(e)?.zone ?? null));
    const first = prefixZone(shape.rings[0]![0]![0]);
    if (zones.size > 1) errors.push('同一图形的坐标有的带带号前缀、有的不带或带号不同：同一地块须在同一投影带');
    const zone = options.chosen ?? first ?? areaFinding!;
    if (!options.chosen && first) prefixZones.push(first);
    if (shape.arcs) warnings.push('边界含圆弧段（凸度），已按弦线（直线）读取：面积会略有偏差，请核对');
    return { index: i + 1, shape, code: null, geometry: errors.length ? null : toLonLat(shape.rings, zone), zone: { zone: zone.zone, width: zone.width }, errors, warnings };
  });
  const warnings = assignCodes(parcels, texts);

  const finding = options.chosen ? chosenZone(options.chosen)
    : areaFinding && prefixZones.length ? { ...areaFinding, note: `${areaFinding.note}；带带号前缀的图形按前缀（${[...new Set(prefixZones.map(zoneLabel))].join('、')}）` }
    : areaFinding ?? prefixFinding(prefixZones);
  if (swapped) warnings.push('图中 X 为北坐标（7 位）、Y 为东坐标：X 与 Y 对调了，已按对调后读取，请核对');
  return { ok: true, parcels, zone: { ...finding, swapped }, warnings };
}

/** Shells counter-clockwise and holes clockwise (RFC 7946), decided by containment; rings closed. */
function toLonLat(rings: EastNorth[][], zone: GaussKrugerZone): MultiPolygon {
  const projection = planeProjection('CGCS2000', zone.zone, zone.width);
  const plane = rings.map((r) => r.map(([e, n]): XY => [stripPrefix(e), n]));
  const oriented = (i: number, counterClockwise: boolean): Position[] => {
    const ring = plane[i]!;
    const ordered = twiceSignedArea(ring) > 0 === counterClockwise ? ring : [ring[0]!, ...ring.slice(1).reverse()];
    const lonLat = ordered.map(([e, n]) => projection.toLonLat(e, n));
    return [...lonLat, lonLat[0]!];
  };
  return {
    type: 'MultiPolygon',
    coordinates: nestRings(plane).map(({ shell, holes }) => [oriented(shell, true), ...holes.map((h) => oriented(h, false))]),
  };
}

/** Each text goes to the smallest shape it lies in; a shape's first text is its code. Returns file-level warnings. */
function assignCodes(parcels: CadParcel[], texts: CadText[]): string[] {
  const polygons = parcels.map((p) => nestRings(p.shape.rings).map(({ shell, holes }) => [shell, ...holes].map((i) => {
    const ring = p.shape.rings[i]!;
    return [...ring, ring[0]!];
  })));
  const areas = parcels.map((p) => Math.abs(twiceSignedArea(p.shape.rings[0]!)));
  const inside = new Map<number, string[]>();
  let outside = 0;
  for (const t of texts) {
    let best = -1;
    polygons.forEach((polygon, i) => {
      if (polygon.some((rings) => booleanPointInPolygon(t.at, { type: 'Polygon', coordinates: rings })) && (best < 0 || areas[i]! < areas[best]!)) best = i;
    });
    if (best < 0) outside++;
    else inside.set(best, [...(inside.get(best) ?? []), t.text]);
  }
  for (const [i, found] of inside) {
    const parcel = parcels[i]!;
    parcel.code = found[0]!;
    if (found.length > 1) parcel.warnings.push(`图形内有 ${found.length} 个文字（${found.map((t) => `“${t}”`).join('、')}），取第一个“${found[0]}”为地块编号`);
  }
  for (const p of parcels) if (p.code === null) p.warnings.push('图形内没有文字，未得到地块编号');
  return outside ? [`${outside} 个文字不在任何闭合图形内，未使用`] : [];
}
