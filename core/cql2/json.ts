/** CQL2 JSON encoding → the tree of ast.ts. */
import type { Geometry } from 'geojson';
import { Cql2Error, MAX_DEPTH, type Comparison, type Expr, type Parsed, type Scalar, type Spatial } from './ast.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown) => JSON.stringify(v)?.slice(0, 60) ?? String(v);
const COMPARISONS: Record<string, Comparison> = { '=': '=', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const GEOMETRY_TYPES = new Set(['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon']);

function scalar(v: unknown): Scalar {
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'number' && Number.isFinite(v)) return { kind: 'number', value: v };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (isRecord(v)) {
    if (typeof v.property === 'string') return { kind: 'property', name: v.property };
    if (typeof v.date === 'string') return { kind: 'date', value: v.date };
    if (typeof v.timestamp === 'string') return { kind: 'timestamp', value: v.timestamp };
    if (typeof v.op === 'string') throw new Cql2Error(`运算“${v.op}”不能用作一个值`);
  }
  throw new Cql2Error(`应为一个值、{"property": …}、{"date": …} 或 {"timestamp": …}，收到 ${shown(v)}`);
}

function spatial(v: unknown): Spatial {
  if (isRecord(v)) {
    if (typeof v.property === 'string') return { kind: 'property', name: v.property };
    if (Array.isArray(v.bbox)) {
      if (!(v.bbox.length === 4 || v.bbox.length === 6) || !v.bbox.every((n) => typeof n === 'number' && Number.isFinite(n))) throw new Cql2Error(`bbox 应为 4 个（或 6 个）数字，收到 ${shown(v.bbox)}`);
      return { kind: 'bbox', bbox: v.bbox as number[] };
    }
    // The coordinates are checked where they are used (PostGIS reads the GeoJSON and refuses what is not one).
    if (typeof v.type === 'string' && GEOMETRY_TYPES.has(v.type) && Array.isArray(v.coordinates)) return { kind: 'geometry', geometry: v as unknown as Geometry };
  }
  throw new Cql2Error(`应为几何属性 {"property": …}、{"bbox": […]} 或 GeoJSON 几何，收到 ${shown(v)}`);
}

function expr(v: unknown, depth: number): Expr {
  if (depth > MAX_DEPTH) throw new Cql2Error(`条件嵌套超过 ${MAX_DEPTH} 层`);
  if (typeof v === 'boolean') return { op: 'literal', value: v };
  if (!isRecord(v) || typeof v.op !== 'string') throw new Cql2Error(`应为 {"op": …, "args": […]}，收到 ${shown(v)}`);
  const op = v.op;
  const args = v.args;
  if (!Array.isArray(args)) throw new Cql2Error(`运算“${op}”缺少 args 列表`);
  const arity = (n: number) => {
    if (args.length !== n) throw new Cql2Error(`运算“${op}”应有 ${n} 个参数，收到 ${args.length} 个`);
  };
  const lower = op.toLowerCase();
  if (lower === 'and' || lower === 'or') {
    if (args.length < 2) throw new Cql2Error(`运算“${op}”至少需要 2 个参数`);
    return { op: lower, args: args.map((a) => expr(a, depth + 1)) };
  }
  if (lower === 'not') { arity(1); return { op: 'not', arg: expr(args[0], depth + 1) }; }
  const comparison = COMPARISONS[op];
  if (comparison) { arity(2); return { op: 'compare', operator: comparison, left: scalar(args[0]), right: scalar(args[1]) }; }
  if (lower === 'like') { arity(2); return { op: 'like', value: scalar(args[0]), pattern: scalar(args[1]) }; }
  if (lower === 'between') { arity(3); return { op: 'between', value: scalar(args[0]), low: scalar(args[1]), high: scalar(args[2]) }; }
  if (lower === 'in') {
    arity(2);
    if (!Array.isArray(args[1]) || !args[1].length) throw new Cql2Error('运算“in”的第 2 个参数应为非空的值列表');
    return { op: 'in', value: scalar(args[0]), list: args[1].map(scalar) };
  }
  if (lower === 'isnull') { arity(1); return { op: 'isNull', value: scalar(args[0]) }; }
  if (lower === 's_intersects') { arity(2); return { op: 's_intersects', left: spatial(args[0]), right: spatial(args[1]) }; }
  throw new Cql2Error(`运算“${op}”不受支持（支持：and、or、not、= <> < <= > >=、like、between、in、isNull、s_intersects）`);
}

/** Parses a CQL2 JSON filter (given as text or already parsed). */
export function parseCql2Json(input: unknown): Parsed {
  try {
    let value = input;
    if (typeof input === 'string') {
      try {
        value = JSON.parse(input);
      } catch {
        return { ok: false, reason: '过滤条件不是有效的 JSON' };
      }
    }
    return { ok: true, expr: expr(value, 0) };
  } catch (e) {
    if (e instanceof Cql2Error) return { ok: false, reason: e.message };
    throw e;
  }
}
