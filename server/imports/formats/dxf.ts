import DxfParser from 'dxf-parser';
import { placeDrawing, type CadShape, type CadText } from '../../../core/cad/drawing.ts';
import type { EastNorth } from '../../../core/coordfile/zone-inference.ts';
import { chosenEncoding, decodeText, ENCODINGS } from './text-encoding.ts';
import { fail, type ImportCandidate, type ReadOptions, type ReadResult } from './types.ts';

type Group = { code: number; value: number | string | boolean };
interface Scanner { next(): Group; isEOF(): boolean }
interface HatchEntity { type: 'HATCH'; layer: string; rings: EastNorth[][]; arcs: boolean; unsupported: number }

/**
 * HATCH, which dxf-parser skips: a hatch's boundary paths are often the only outline of a parcel (ogr2ogr writes
 * polygons this way). Polyline paths and paths of line edges are read; arc, ellipse and spline edges are counted
 * and reported, not guessed.
 */
class HatchHandler {
  ForEntityName = 'HATCH';
  parseEntity(scanner: Scanner, _current: Group): HatchEntity {
    const groups: Group[] = [];
    let group = scanner.next();
    while (!scanner.isEOF() && group.code !== 0) {
      groups.push(group);
      group = scanner.next();
    }
    return { type: 'HATCH', layer: String(groups.find((g) => g.code === 8)?.value ?? '0'), ...boundaryPaths(groups) };
  }
}

/** Reads the boundary paths (group 91 onwards): each a flag 92, then a polyline (72, 73, 93, 10/20/42…) or edges. */
function boundaryPaths(groups: Group[]): { rings: EastNorth[][]; arcs: boolean; unsupported: number } {
  let i = groups.findIndex((g) => g.code === 91);
  const rings: EastNorth[][] = [];
  let arcs = false;
  let unsupported = 0;
  if (i < 0) return { rings, arcs, unsupported };
  const paths = Number(groups[i]!.value);
  const take = (code: number): number => {
    while (i < groups.length && groups[i]!.code !== code) i++;
    return Number(groups[i++]?.value ?? NaN);
  };
  for (let p = 0; p < paths && i < groups.length; p++) {
    const flags = take(92);
    const ring: EastNorth[] = [];
    if (flags & 2) {
      const hasBulge = take(72);
      take(73);
      const count = take(93);
      for (let v = 0; v < count; v++) {
        ring.push([take(10), take(20)]);
        if (hasBulge && groups[i]?.code === 42) arcs ||= Number(groups[i++]!.value) !== 0;
      }
    } else {
      const edges = take(93);
      for (let e = 0; e < edges; e++) {
        const type = take(72);
        if (type === 1) ring.push([take(10), take(20)]);
        else unsupported++;
      }
    }
    const sources = take(97);
    i += Number.isFinite(sources) ? sources : 0;
    const last = ring.at(-1);
    if (ring.length > 3 && last![0] === ring[0]![0] && last![1] === ring[0]![1]) ring.pop();
    if (ring.length >= 3) rings.push(ring);
  }
  return { rings, arcs, unsupported };
}

const parser = new DxfParser();
parser.registerEntityHandler(HatchHandler as never);

interface Vertex { x: number; y: number; bulge?: number }
interface Entity { type: string; layer?: string; vertices?: Vertex[]; shape?: boolean; text?: string; startPoint?: Vertex; position?: Vertex; rings?: EastNorth[][]; arcs?: boolean; unsupported?: number }

/** A polyline's vertices as an open ring when it is closed (the flag, or its last vertex repeating the first). */
function closedRing(entity: Entity): EastNorth[] | null {
  const ring = (entity.vertices ?? []).map((v): EastNorth => [v.x, v.y]);
  const last = ring.at(-1);
  const repeated = ring.length > 3 && last![0] === ring[0]![0] && last![1] === ring[0]![1];
  if (!entity.shape && !repeated) return null;
  const open = repeated ? ring.slice(0, -1) : ring;
  return open.length >= 3 ? open : null;
}

/** MTEXT formatting (\P paragraphs, {\f…;} fonts, \U+XXXX) removed: the text a person sees. */
function plainText(text: string): string {
  return text
    .replace(/\\U\+([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\[PpNn]/g, ' ')
    .replace(/\\[A-Za-z][^;\\{}]*;/g, '')
    .replace(/[{}]/g, '')
    .replace(/%%[cdpCDP]/g, '')
    .trim();
}

/**
 * A CAD drawing (.dxf): closed LWPOLYLINE / POLYLINE and HATCH boundaries are parcels, a TEXT / MTEXT inside one
 * is its 地块编号. Coordinates are Gauss–Krüger metres without CRS: the zone comes from the easting's prefix, the
 * person's choice or the campaign's units (core/cad/drawing.ts). The layers are listed; `options.layers` filters.
 */
export function readDxf(bytes: Uint8Array, options: ReadOptions): ReadResult {
  const { text, encoding } = decodeText(bytes, chosenEncoding(options.encoding));
  let entities: Entity[];
  try {
    entities = (parser.parseSync(text)?.entities ?? []) as unknown as Entity[];
  } catch (error) {
    return fail(`无法读取 DXF 文件：${(error as Error).message}（须为文本格式的 DXF；二进制 DXF 或 DWG 请先在 CAD 中另存为 DXF）`);
  }
  const shapes: CadShape[] = [];
  const texts: CadText[] = [];
  let unsupported = 0;
  for (const e of entities) {
    const layer = e.layer ?? '0';
    if (e.type === 'LWPOLYLINE' || e.type === 'POLYLINE') {
      const ring = closedRing(e);
      if (ring) shapes.push({ layer, entity: e.type, rings: [ring], arcs: (e.vertices ?? []).some((v) => (v.bulge ?? 0) !== 0) });
    } else if (e.type === 'HATCH') {
      unsupported += e.unsupported ?? 0;
      if (e.rings?.length) shapes.push({ layer, entity: 'HATCH', rings: e.rings, arcs: e.arcs ?? false });
    } else if ((e.type === 'TEXT' || e.type === 'MTEXT') && e.text) {
      const at = e.type === 'TEXT' ? e.startPoint : e.position;
      const words = plainText(e.text);
      if (at && words) texts.push({ layer, text: words, at: [at.x, at.y] });
    }
  }
  const layers = layerList(shapes, texts, options.layers);
  const unknown = (options.layers ?? []).filter((name) => !layers.some((l) => l.name === name));
  if (unknown.length) return fail(`图中没有图层“${unknown.join('”“')}”；有：${layers.map((l) => l.name).join('、')}`);
  const chosen = (layer: string) => !options.layers || options.layers.includes(layer);
  const { kept, duplicates } = withoutDuplicates(shapes.filter((s) => chosen(s.layer)));
  if (!kept.length) return fail(options.layers ? '所选图层中没有闭合的图形' : '图中没有闭合的多段线（LWPOLYLINE/POLYLINE）或填充（HATCH）边界，无法得到地块');
  const placed = placeDrawing(kept, texts.filter((t) => chosen(t.layer)), { chosen: options.zone, area: options.area });
  if (!placed.ok) return fail(placed.error);

  const warnings = [...placed.warnings];
  if (duplicates) warnings.push(`${duplicates} 个图形与另一图形（如填充与其边界线）完全重合，只读取一次`);
  if (unsupported) warnings.push(`${unsupported} 段填充边界是圆弧、椭圆或样条曲线，未读取；请在 CAD 中将其转为多段线`);
  const candidates = placed.parcels.map((p): ImportCandidate => ({
    index: p.index,
    source: `第 ${p.index} 个图形（${p.shape.layer} 层）`,
    // A drawing names a parcel by its code only: offered as the project name too, as for KML; the ledger's own
    // columns (an Excel ledger matched by code) can correct it later.
    attributes: p.code === null ? {} : { 地块编号: p.code, 项目名称: p.code },
    geometry: p.geometry,
    statedAreaMu: null,
    errors: p.errors,
    warnings: p.warnings,
  }));
  return {
    ok: true,
    format: `CAD 图（DXF，${ENCODINGS[encoding]}）`,
    candidates,
    warnings: [placed.zone.note, ...warnings],
    coordinates: { zone: placed.zone, layers },
  };
}

function layerList(shapes: CadShape[], texts: CadText[], selected: string[] | null) {
  const names = [...new Set([...shapes.map((s) => s.layer), ...texts.map((t) => t.layer)])].sort();
  return names.map((name) => ({
    name,
    shapes: shapes.filter((s) => s.layer === name).length,
    texts: texts.filter((t) => t.layer === name).length,
    selected: !selected || selected.includes(name),
  }));
}

/** A hatch and the polyline it was made from describe one parcel: the same rings, to the millimetre, count once. */
function withoutDuplicates(shapes: CadShape[]): { kept: CadShape[]; duplicates: number } {
  const seen = new Set<string>();
  const kept = shapes.filter((s) => {
    const key = s.rings.map((r) => r.map(([x, y]) => `${x.toFixed(3)},${y.toFixed(3)}`).sort().join(';')).sort().join('|');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { kept, duplicates: shapes.length - kept.length };
}
