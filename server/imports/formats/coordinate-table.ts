import type { MultiPolygon, Position } from 'geojson';
import { IssueList } from '../../../core/coordfile/issue-list.ts';
import { buildParcel } from '../../../core/coordfile/parcel.ts';
import type { RawParcel } from '../../../core/coordfile/records.ts';
import { nestRings, twiceSignedArea } from '../../../core/coordfile/topology.ts';
import type { CoordHeader } from '../../../core/coordfile/types.ts';
import {
  chosenZone, looksSwapped, prefixFinding, prefixZone, zoneFromArea, type EastNorth, type ZoneFinding,
} from '../../../core/coordfile/zone-inference.ts';
import { originOf } from '../../../core/coords/source-crs.ts';
import { fail, type ImportCandidate, type ReadOptions, type ReadResult } from './types.ts';

/**
 * Column headers of a coordinate table (点号, X, Y per row, rows grouped into parcels by 地块编号), the other common
 * hand-over besides the coordinate file. X is the northing and Y the easting, as in surveying; a table the other way
 * round is detected by the digits.
 */
const COLUMNS = {
  point: /^(界址)?点[号名]$|^(点|point|name|J号)$/i,
  x: /^(X|X坐标|纵坐标|北坐标|北向坐标|N)(\s*[（(]?米?[)）]?)$/i,
  y: /^(Y|Y坐标|横坐标|东坐标|东向坐标|E)(\s*[（(]?米?[)）]?)$/i,
  lon: /经度|(^|[_\s])(lng|lon|long|longitude)$|^(lng|lon|longitude)$/i,
  lat: /纬度|(^|[_\s])(lat|latitude)$|^(lat|latitude)$/i,
  code: /^(地块编号|宗地号|宗地编号|地块号|编号|DKBH|ZDH|ZDBH|code)$/i,
  ring: /^(圈号|环号|ring)$/i,
  name: /^(地块名称|项目名称|宗地名称|名称)$/i,
} as const;

type Column = keyof typeof COLUMNS;

/** Which column (0-based) holds what, or null when the headers are not those of a coordinate table. */
export function coordinateColumns(headers: string[]): Partial<Record<Column, number>> | null {
  const found: Partial<Record<Column, number>> = {};
  for (const key of Object.keys(COLUMNS) as Column[]) {
    const i = headers.findIndex((h) => COLUMNS[key].test(h.trim()));
    if (i >= 0) found[key] = i;
  }
  const planar = found.x !== undefined && found.y !== undefined;
  const lonLat = found.lon !== undefined && found.lat !== undefined;
  return planar || lonLat ? found : null;
}

/** One table row as text cells, with its 1-based row number in the sheet. */
export interface TableRow {
  row: number;
  cells: string[];
}

interface Group {
  code: string | null;
  rows: TableRow[];
  attributes: Record<string, unknown>;
}

/**
 * Rows into parcels: by 地块编号, a row with the code left blank belonging to the parcel above (merged cells in
 * Excel leave it so). Other columns of a parcel's first row become its attributes (地类编码, 用途…).
 */
function groupRows(headers: string[], rows: TableRow[], columns: Partial<Record<Column, number>>): Group[] {
  const groups: Group[] = [];
  const byCode = new Map<string, Group>();
  const used = new Set(Object.values(columns));
  for (const r of rows) {
    const code = columns.code === undefined ? '' : (r.cells[columns.code] ?? '').trim();
    let group = code ? byCode.get(code) : groups.at(-1);
    if (!group) {
      const attributes: Record<string, unknown> = {};
      headers.forEach((h, i) => {
        const v = (r.cells[i] ?? '').trim();
        if (h && v && !used.has(i)) attributes[h] = v;
      });
      if (code) attributes['地块编号'] = code;
      // A table without names names a parcel by its code only: offered as the project name too, as for KML and DXF.
      const name = (columns.name === undefined ? '' : (r.cells[columns.name] ?? '').trim()) || code;
      if (name) attributes['项目名称'] = name;
      group = { code: code || null, rows: [], attributes };
      groups.push(group);
      if (code) byCode.set(code, group);
    }
    group.rows.push(r);
  }
  return groups;
}

const numberOf = (text: string | undefined) => {
  const t = (text ?? '').trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
};

/** Point rows of one ring, closed: tables often list a ring's points once, without repeating the first. */
function closedRings(rows: TableRow[], ringOf: (r: TableRow) => string): TableRow[][] {
  const rings = new Map<string, TableRow[]>();
  for (const r of rows) rings.set(ringOf(r), [...(rings.get(ringOf(r)) ?? []), r]);
  return [...rings.values()];
}

/**
 * A coordinate table (from .xlsx or .csv): Gauss–Krüger X/Y in metres, read like the coordinate file (the same
 * checks, zone from the easting prefix, the person's choice or the campaign's units), or longitude/latitude
 * columns (source system suggested by the headers, e.g. gcj_lng or bd_lat).
 */
export function readCoordinateTable(format: string, headers: string[], rows: TableRow[], options: ReadOptions): ReadResult {
  const columns = coordinateColumns(headers)!;
  const data = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (!data.length) return fail('坐标表没有数据行（第 1 行应为表头）');
  const groups = groupRows(headers, data, columns);
  const ringOf = (r: TableRow) => (columns.ring === undefined ? '1' : (r.cells[columns.ring] ?? '').trim() || '1');
  return columns.x !== undefined && columns.y !== undefined
    ? planarTable(format, groups, columns as Record<'x' | 'y', number> & Partial<Record<Column, number>>, ringOf, options)
    : lonLatTable(format, headers, groups, columns as Record<'lon' | 'lat', number> & Partial<Record<Column, number>>, ringOf);
}

function planarTable(format: string, groups: Group[], columns: Record<'x' | 'y', number> & Partial<Record<Column, number>>, ringOf: (r: TableRow) => string, options: ReadOptions): ReadResult {
  const pairs: EastNorth[] = groups.flatMap((g) => g.rows.map((r): EastNorth => [numberOf(r.cells[columns.y]), numberOf(r.cells[columns.x])]));
  const swapped = looksSwapped(pairs);
  const [xColumn, yColumn] = swapped ? [columns.y, columns.x] : [columns.x, columns.y];
  const points = swapped ? pairs.map(([a, b]): EastNorth => [b, a]) : pairs;
  const prefixes = points.map(([e]) => prefixZone(e)).filter((z) => z !== null);
  let finding: ZoneFinding | null = options.zone ? chosenZone(options.zone) : null;
  if (!finding && prefixes.length < points.length) {
    finding = zoneFromArea(points.filter(([e, n]) => prefixZone(e) === null && e > 0 && n > 0), options.area);
    if (!finding) return fail('Y 坐标不带带号，本专项行动也没有单位边界可供推定投影带：请选择带号（表单字段 zone、zoneWidth）');
  }
  finding ??= prefixFinding(prefixes);
  const header: CoordHeader = {
    formatVersion: null, producer: null, date: null, coordinateSystem: '2000国家大地坐标系', datum: 'CGCS2000', zoneWidth: finding.width,
    projection: null, unit: null, zone: finding.source === 'prefix' ? null : finding.zone, precision: null, transformParameters: null, attributes: {},
  };
  const candidates = groups.map((group, i): ImportCandidate => {
    const records = closedRings(group.rows, ringOf).flatMap((ring) => {
      const first = ring[0]!;
      const last = ring.at(-1)!;
      const open = ring.length < 2 || first.cells[xColumn] !== last.cells[xColumn] || first.cells[yColumn] !== last.cells[yColumn];
      return open ? [...ring, first] : ring;
    }).map((r, k) => ({
      line: r.row,
      name: (columns.point === undefined ? '' : (r.cells[columns.point] ?? '').trim()) || `P${k + 1}`,
      ring: ringOf(r),
      // With the zone chosen by the person, a prefix in the file gives way to it.
      x: (r.cells[xColumn] ?? '').trim(),
      y: options.zone ? String(numberOf(r.cells[yColumn]) % 1e6) : (r.cells[yColumn] ?? '').trim(),
    }));
    const raw: RawParcel = {
      headerLine: group.rows[0]!.row, fields: [String(records.length), '', group.code ?? '', '', '面', '', '', ''], hasAt: true, points: records,
      pointLines: records.length, lastLine: group.rows.at(-1)!.row, lastLineIncomplete: false, errors: new IssueList(), warnings: new IssueList(),
    };
    const { parcel } = buildParcel(raw, i, header);
    return {
      index: i + 1, source: `第 ${group.rows[0]!.row} 行起的地块`, attributes: group.attributes, geometry: parcel.geometry, statedAreaMu: null,
      errors: parcel.errors.map((e) => e.message), warnings: parcel.warnings.map((w) => w.message),
    };
  });
  const warnings = [finding.note];
  if (swapped) warnings.push('表中 X 列为东坐标、Y 列为北坐标：X 与 Y 对调了，已按对调后读取（本规范中 X 为北坐标），请核对');
  return { ok: true, format: `坐标表（${format}）`, candidates, warnings, coordinates: { zone: { ...finding, swapped } } };
}

function lonLatTable(format: string, headers: string[], groups: Group[], columns: Record<'lon' | 'lat', number> & Partial<Record<Column, number>>, ringOf: (r: TableRow) => string): ReadResult {
  const candidates = groups.map((group, i): ImportCandidate => {
    const source = `第 ${group.rows[0]!.row} 行起的地块`;
    const rings = closedRings(group.rows, ringOf).map((ring) => ring.map((r): Position => [numberOf(r.cells[columns.lon]), numberOf(r.cells[columns.lat])]));
    const bad = group.rows.find((r) => !(Math.abs(numberOf(r.cells[columns.lon])) <= 180 && Math.abs(numberOf(r.cells[columns.lat])) <= 90));
    if (bad) return { index: i + 1, source, attributes: group.attributes, geometry: null, statedAreaMu: null, errors: [`第 ${bad.row} 行：经纬度“${bad.cells[columns.lon]},${bad.cells[columns.lat]}”不是有效的度数`], warnings: [] };
    if (rings.some((r) => r.length < 3)) return { index: i + 1, source, attributes: group.attributes, geometry: null, statedAreaMu: null, errors: ['每一圈至少要有 3 个点'], warnings: [] };
    return { index: i + 1, source, attributes: group.attributes, geometry: polygonsOf(rings), statedAreaMu: null, errors: [], warnings: [] };
  });
  const hint = originOf(headers.join(' '), '坐标表的表头');
  return { ok: true, format: `坐标表（${format}，经纬度）`, candidates, warnings: [], lonLat: { hint } };
}

/** Open lon/lat rings as a MultiPolygon: shells and holes by containment, RFC 7946 winding, closed. */
function polygonsOf(rings: Position[][]): MultiPolygon {
  const open = rings.map((r) => {
    const last = r.at(-1)!;
    return r.length > 3 && last[0] === r[0]![0] && last[1] === r[0]![1] ? r.slice(0, -1) : r;
  }).map((r) => r.map(([x, y]): [number, number] => [x!, y!]));
  const oriented = (ring: [number, number][], counterClockwise: boolean): Position[] => {
    const ordered = twiceSignedArea(ring) > 0 === counterClockwise ? ring : [ring[0]!, ...ring.slice(1).reverse()];
    return [...ordered, ordered[0]!];
  };
  return { type: 'MultiPolygon', coordinates: nestRings(open).map(({ shell, holes }) => [oriented(open[shell]!, true), ...holes.map((h) => oriented(open[h]!, false))]) };
}
