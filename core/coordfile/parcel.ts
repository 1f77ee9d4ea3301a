import type { MultiPolygon, Position } from 'geojson';
import { ellipsoidalAreaMu } from '../area/ellipsoidal.ts';
import { muFromHa, muFromM2 } from '../measure.ts';
import {
  AREA_MISMATCH, BAD_PARCEL_HEADER, EASTING_OUTSIDE_ZONE, MISSING_AT, MIXED_ZONE_PREFIX, NOT_POLYGON,
  POINT_COUNT_MISMATCH, RINGS_INTERSECT, SELF_INTERSECTION, ZONE_MISSING, ZONE_WIDTH_MISMATCH,
} from './issues.ts';
import { clip, issue } from './issue-list.ts';
import { parseDecimal, readPoints, type ZonedPoint } from './points.ts';
import { ZONES_IN_CHINA, centralMeridian, isZoneInChina, planeProjection } from './projection.ts';
import type { RawParcel } from './records.ts';
import { assembleRings, type Ring } from './rings.ts';
import { findContact, nestRings, twiceSignedArea, type XY } from './topology.ts';
import type { CoordHeader, ParsedParcel, StatedAreaCheck } from './types.ts';

/** A parcel as parsed, with what the file-level checks need to know about its zone prefix. */
export interface BuiltParcel {
  parcel: ParsedParcel;
  /** The zone prefix shared by all its eastings, if any. */
  prefix: number | null;
  /** Some easting carried a prefix (even if the parcel failed for other reasons). */
  sawPrefix: boolean;
}

/** How far a parcel may reach beyond its zone's half-width before its easting is taken as wrong (degrees). */
const ZONE_OVERREACH_DEGREES = 1;

/** Stated area tolerance, relative: generous for rounding, tight enough to catch a wrong or missing point. */
const STATED_AREA_RELATIVE_TOLERANCE = 0.001;

const HEADER_FIELDS = '界址点数,地块面积,地块编号,地块名称,图形属性,图幅号,地块用途,地类编码';

/** Builds one parcel: header fields, points, zone, rings, geometry, areas. Problems go to the parcel's lists. */
export function buildParcel(raw: RawParcel, index: number, header: CoordHeader): BuiltParcel {
  const { errors, warnings } = raw;
  const f = raw.fields;
  const field = (i: number) => f[i] ?? '';
  const line = raw.headerLine;
  if (!raw.hasAt) errors.add(issue(MISSING_AT, line, `地块信息行没有以“@”结尾；格式应为 ${HEADER_FIELDS},@`));
  if (f.length < 8) errors.add(issue(BAD_PARCEL_HEADER, line, `地块信息行在“@”前只有 ${f.length} 项，应有 8 项：${HEADER_FIELDS}`));
  const statedPointCount = /^\d+$/.test(field(0)) ? Number(field(0)) : null;
  if (statedPointCount === null) errors.add(issue(BAD_PARCEL_HEADER, line, `界址点数“${clip(field(0))}”不是整数`));
  const statedAreaHa = parseDecimal(field(1));
  if (statedAreaHa === null && field(1) !== '') {
    errors.add(issue(BAD_PARCEL_HEADER, line, `地块面积“${clip(field(1))}”不是数字（单位为公顷）`));
  }
  if (field(4) !== '' && field(4) !== '面') {
    errors.add(issue(NOT_POLYGON, line, `图形属性为“${clip(field(4))}”，只能导入面状地块（图形属性=面）`));
  }

  const points = readPoints(raw.points, errors);
  const prefixes = new Set(points?.map((p) => p.prefix));
  const sawPrefix = raw.points.some((r) => /^\d{8}(\.|$)/.test(r.y));
  const zone = points ? zoneOf(points, raw, header) : null;
  // A point line that could not be split into four fields is a vertex missing from its ring: no shape then.
  const complete = raw.points.length === raw.pointLines;
  const rings = points && complete ? assembleRings(points, errors, warnings) : null;
  const shape = rings && zone !== null ? shapeOf(rings, raw, header, zone) : null;

  const pointCount = raw.pointLines;
  if (statedPointCount !== null && statedPointCount !== pointCount) {
    errors.add(issue(POINT_COUNT_MISMATCH, line,
      `界址点数写为 ${statedPointCount}，实际有 ${pointCount} 个界址点行（应包括各圈末尾重复的闭合点）`));
  }
  const areaCheck = shape && statedAreaHa !== null ? checkStatedArea(field(1), statedAreaHa, shape.planeMu) : null;
  if (areaCheck && !areaCheck.ok) {
    warnings.add(issue(AREA_MISMATCH, line,
      `地块面积写为 ${field(1)} 公顷（${fmt(areaCheck.statedMu)} 亩），按坐标计算的平面面积为 ${fmt(areaCheck.computedMu)} 亩，` +
        `文件所写面积${areaCheck.diffMu > 0 ? '多' : '少'} ${fmt(Math.abs(areaCheck.diffMu))} 亩，超出允许的 ${fmt(areaCheck.toleranceMu)} 亩`));
  }
  const errorList = errors.toArray();
  return {
    prefix: prefixes.size === 1 ? [...prefixes][0]! : null,
    sawPrefix,
    parcel: {
      index,
      statedPointCount,
      statedAreaHa,
      statedAreaMu: statedAreaHa === null ? null : muFromHa(statedAreaHa),
      code: field(2),
      name: field(3),
      shapeType: field(4),
      sheetNumber: field(5),
      landUse: field(6),
      landClassCode: field(7),
      extraFields: f.slice(8),
      pointCount,
      zone,
      geometry: shape?.geometry ?? null,
      areaMu: shape ? { ellipsoidal: ellipsoidalAreaMu(shape.geometry), plane: shape.planeMu } : null,
      areaCheck,
      valid: errorList.length === 0,
      errors: errorList,
      warnings: warnings.toArray(),
      firstLine: raw.headerLine,
      lastLine: raw.lastLine,
    },
  };
}

/**
 * The zone of a parcel: its eastings' prefix when they carry one (it travels with every point), else 带号.
 * A disagreement between the two is reported once per file by the caller.
 */
function zoneOf(points: ZonedPoint[], raw: RawParcel, header: CoordHeader): number | null {
  const first = points[0];
  if (!first) return null;
  const other = points.find((p) => p.prefix !== first.prefix);
  if (other) {
    const describe = (p: ZonedPoint) => (p.prefix === null ? '不带带号' : `带号前缀 ${p.prefix}`);
    raw.errors.add(issue(MIXED_ZONE_PREFIX, other.line,
      `本地块的 Y 坐标有的${describe(first)}（第 ${first.line} 行），此处${describe(other)}；同一地块的坐标须在同一投影带`));
    return null;
  }
  if (first.prefix === null) {
    if (header.zone === null) {
      raw.errors.add(issue(ZONE_MISSING, first.line, 'Y 坐标不带带号，属性描述中也没有“带号”，无法确定投影带'));
    }
    return header.zone;
  }
  if (!isZoneInChina(first.prefix, header.zoneWidth)) {
    const { min, max } = ZONES_IN_CHINA[header.zoneWidth];
    raw.errors.add(issue(ZONE_WIDTH_MISMATCH, first.line,
      `Y 坐标的带号前缀 ${first.prefix} 不是中国境内 ${header.zoneWidth} 度带的带号（${min}–${max}）；请核对“几度分带”和 Y 坐标`));
    return null;
  }
  return first.prefix;
}

interface Shape {
  geometry: MultiPolygon;
  planeMu: number;
}

/** Topology checks, then the MultiPolygon in lon/lat with RFC 7946 winding and the plane area. */
function shapeOf(rings: Ring[], raw: RawParcel, header: CoordHeader, zone: number): Shape | null {
  const origin = rings[0]!.points[0]!;
  const mm: XY[][] = rings.map((r) => r.points.map((p) => [
    Math.round((p.easting - origin.easting) * 1000),
    Math.round((p.northing - origin.northing) * 1000),
  ]));
  const contact = findContact(mm);
  if (contact) {
    const name = (ring: number, index: number) => {
      const points = rings[ring]!.points;
      const a = points[index]!;
      return `${a.name}–${points[(index + 1) % points.length]!.name}（第 ${a.line} 行）`;
    };
    const a = name(contact.a.ring, contact.a.index);
    const b = name(contact.b.ring, contact.b.index);
    const line = rings[contact.b.ring]!.points[contact.b.index]!.line;
    if (contact.kind === 'self') {
      raw.errors.add(issue(SELF_INTERSECTION, line, `第 ${rings[contact.a.ring]!.number} 圈自相交：界址线 ${a}与 ${b}相交或重叠`));
    } else {
      raw.errors.add(issue(RINGS_INTERSECT, line,
        `第 ${rings[contact.a.ring]!.number} 圈与第 ${rings[contact.b.ring]!.number} 圈的界线相交：${a}与 ${b}；内圈（洞）须完全位于外圈之内，各部分之间不得交叠`));
    }
    return null;
  }

  const projection = planeProjection(header.datum, zone, header.zoneWidth);
  const meridian = centralMeridian(zone, header.zoneWidth);
  const lonLat = rings.map((r) => r.points.map((p) => projection.toLonLat(p.easting, p.northing)));
  checkInsideZone(rings, lonLat, meridian, zone, header, raw);

  const polygons: Position[][][] = [];
  let planeM2 = 0;
  for (const { shell, holes } of nestRings(mm)) {
    const shellArea = twiceSignedArea(mm[shell]!) / 2e6;
    planeM2 += Math.abs(shellArea);
    const polygon = [closed(lonLat[shell]!, shellArea > 0)];
    for (const hole of holes) {
      const holeArea = twiceSignedArea(mm[hole]!) / 2e6;
      planeM2 -= Math.abs(holeArea);
      polygon.push(closed(lonLat[hole]!, holeArea < 0));
    }
    polygons.push(polygon);
  }
  return { geometry: { type: 'MultiPolygon', coordinates: polygons }, planeMu: muFromM2(planeM2) };
}

/**
 * A ring in the wanted winding (RFC 7946: shells counter-clockwise, holes clockwise), first point repeated last.
 * Reversing keeps the file's first point first, so vertex i of a ring is still findable by its point name.
 */
function closed(ring: [number, number][], keepOrder: boolean): Position[] {
  const ordered = keepOrder ? ring : [ring[0]!, ...ring.slice(1).reverse()];
  return [...ordered, ordered[0]!];
}

function checkInsideZone(rings: Ring[], lonLat: [number, number][][], meridian: number, zone: number, header: CoordHeader, raw: RawParcel): void {
  let worst = { offset: 0, ring: 0, index: 0 };
  lonLat.forEach((ring, r) => ring.forEach(([lon], index) => {
    const offset = Math.abs(lon - meridian);
    if (offset > worst.offset) worst = { offset, ring: r, index };
  }));
  const halfWidth = header.zoneWidth / 2;
  if (worst.offset <= halfWidth + ZONE_OVERREACH_DEGREES) return;
  const p = rings[worst.ring]!.points[worst.index]!;
  const lon = lonLat[worst.ring]![worst.index]![0];
  raw.errors.add(issue(EASTING_OUTSIDE_ZONE, p.line,
    `界址点 ${p.name} 的 Y 坐标换算为东经 ${lon.toFixed(2)}°，距第 ${zone} 带中央经线 ${meridian}° 达 ${worst.offset.toFixed(2)}°，` +
      `超出该带范围（±${halfWidth}°）；请核对带号和 Y 坐标`));
}

function checkStatedArea(text: string, statedHa: number, computedMu: number): StatedAreaCheck {
  const statedMu = muFromHa(statedHa);
  const decimals = text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
  // The stated figure is rounded to its last decimal: half a unit of it is always within tolerance.
  const roundingMu = muFromHa(0.5 * 10 ** -decimals);
  const toleranceMu = Math.max(roundingMu, statedMu * STATED_AREA_RELATIVE_TOLERANCE);
  const diffMu = statedMu - computedMu;
  return { ok: Math.abs(diffMu) <= toleranceMu, statedMu, computedMu, diffMu, toleranceMu, basis: 'plane' };
}

function fmt(mu: number): string {
  return mu.toFixed(mu !== 0 && Math.abs(mu) < 0.1 ? 4 : 2);
}
