/**
 * A CQL2 tree → a SQL condition in which every literal is a bound parameter. The caller says which properties may be
 * queried and what SQL each stands for (its queryables), and how to bind a value and a geometry; nothing the client
 * sent is ever spliced into the SQL text — only the queryables' own expressions and placeholders are.
 */
import type { Geometry } from 'geojson';
import { parseIsoDate } from '../dates.ts';
import { Cql2Error, type Expr, type Scalar, type Spatial } from './ast.ts';

export type QueryableType = 'string' | 'number' | 'integer' | 'date' | 'timestamp' | 'geometry' | 'membership';

export interface Queryable {
  name: string;
  type: QueryableType;
  /** SQL of the value (a column expression); for `membership`, unused. */
  sql: string;
  /** For `membership` (a parcel in campaigns): SQL given a placeholder of an int[] of ids. */
  memberOf?: (idsPlaceholder: string) => string;
}

export interface Binder {
  /** Binds a value, returning its placeholder (e.g. `$3`). */
  value(v: unknown): string;
  /** SQL of a geometry literal in the filter's CRS, as a geometry in SRID 4326. */
  geometry(g: Geometry): string;
}

export type Translated = { ok: true; sql: string } | { ok: false; reason: string };

const CAST: Record<Exclude<QueryableType, 'geometry' | 'membership'>, string> = {
  string: 'text', number: 'float8', integer: 'float8', date: 'date', timestamp: 'timestamptz',
};
const TYPE_WORDS: Record<QueryableType, string> = {
  string: '文本', number: '数值', integer: '整数', date: '日期', timestamp: '时刻', geometry: '几何', membership: '编号',
};
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/i;

/** A date that exists (not 2020-13-45): checked here, so the database never meets one it cannot read. */
const isDate = (text: string) => parseIsoDate(text) !== null;
/** An RFC 3339 time that exists (hours to 23, minutes to 59, seconds to 60 for a leap second, offsets to ±15:59). */
function isTimestamp(text: string): boolean {
  const m = TIMESTAMP.exec(text);
  if (!m || !isDate(m[1]!)) return false;
  const [h, min, sec, offH, offMin] = [m[2], m[3], m[4], m[7] ?? '0', m[8] ?? '0'].map(Number) as [number, number, number, number, number];
  return h <= 23 && min <= 59 && sec <= 60 && offH <= 15 && offMin <= 59;
}

export function toSql(expr: Expr, queryables: ReadonlyMap<string, Queryable>, bind: Binder): Translated {
  const property = (name: string): Queryable => {
    const q = queryables.get(name);
    if (!q) throw new Cql2Error(`没有可查询的属性“${name}”（可查询的属性见 queryables：${[...queryables.keys()].join('、')}）`);
    return q;
  };

  /** The SQL type a scalar's side of a comparison has: a property's own type, or none for a literal. */
  const typeOf = (s: Scalar) => (s.kind === 'property' ? property(s.name).type : null);

  /** A literal bound as the type it is compared with; checked to be of that type. */
  const literal = (s: Exclude<Scalar, { kind: 'property' }>, type: QueryableType | null, against: string): string => {
    const wrong = () => new Cql2Error(`属性“${against}”是${TYPE_WORDS[type!]}，不能与 ${JSON.stringify(s.value)} 比较`);
    if (type === null) {
      if (s.kind === 'date' && !isDate(s.value)) throw new Cql2Error(`DATE 应为存在的日期 YYYY-MM-DD，收到“${s.value}”`);
      if (s.kind === 'timestamp' && !isTimestamp(s.value)) throw new Cql2Error(`TIMESTAMP 应为存在的 RFC 3339 时刻，收到“${s.value}”`);
      const cast = s.kind === 'number' ? 'float8' : s.kind === 'boolean' ? 'boolean' : s.kind === 'date' ? 'date' : s.kind === 'timestamp' ? 'timestamptz' : 'text';
      return `${bind.value(s.value)}::${cast}`;
    }
    if (type === 'geometry' || type === 'membership') throw wrong();
    if (type === 'number' || type === 'integer') {
      if (s.kind !== 'number') throw wrong();
    } else if (type === 'string') {
      if (s.kind !== 'string') throw wrong();
    } else if (type === 'date') {
      // A plain 'YYYY-MM-DD' text is taken as the date it spells (what people type), as is DATE('…').
      if (!((s.kind === 'date' || s.kind === 'string') && isDate(s.value))) throw new Cql2Error(`属性“${against}”是日期，应与存在的日期 DATE('YYYY-MM-DD') 比较，收到 ${JSON.stringify(s.value)}`);
    } else if (!((s.kind === 'timestamp' || s.kind === 'string') && isTimestamp(s.value))) {
      throw new Cql2Error(`属性“${against}”是时刻，应与存在的时刻 TIMESTAMP('2026-05-01T00:00:00Z') 比较，收到 ${JSON.stringify(s.value)}`);
    }
    return `${bind.value(s.value)}::${CAST[type]}`;
  };

  /** Both sides of a comparison, each side's literal typed by the other side's property. */
  const side = (s: Scalar, other: Scalar): string => {
    if (s.kind === 'property') {
      const q = property(s.name);
      if (q.type === 'geometry') throw new Cql2Error(`几何属性“${s.name}”只能用于 S_INTERSECTS`);
      if (q.type === 'membership') throw new Cql2Error(`属性“${s.name}”只能用 = 或 IN 查询（如 ${s.name} = 1）`);
      return q.sql;
    }
    const otherName = other.kind === 'property' ? other.name : '';
    return literal(s, typeOf(other), otherName);
  };

  /** `campaign = 3`, `campaign IN (1, 2)`: the parcel belongs to one of them. */
  const membership = (value: Scalar, list: Scalar[]): string | null => {
    if (value.kind !== 'property') return null;
    const q = property(value.name);
    if (q.type !== 'membership') return null;
    const ids = list.map((s) => {
      if (s.kind !== 'number' || !Number.isInteger(s.value) || s.value < 1 || s.value > 2 ** 31 - 1) throw new Cql2Error(`属性“${value.name}”应与正整数编号比较，收到 ${JSON.stringify('value' in s ? s.value : s.name)}`);
      return s.value;
    });
    return q.memberOf!(`${bind.value(ids)}::int[]`);
  };

  const spatial = (s: Spatial): string => {
    if (s.kind === 'property') {
      const q = property(s.name);
      if (q.type !== 'geometry') throw new Cql2Error(`属性“${s.name}”不是几何属性，不能用于 S_INTERSECTS`);
      return q.sql;
    }
    if (s.kind === 'bbox') {
      const [minX, minY, maxX, maxY] = s.bbox.length === 6 ? [s.bbox[0], s.bbox[1], s.bbox[3], s.bbox[4]] : s.bbox;
      if (minX! > maxX! || minY! > maxY!) throw new Cql2Error('BBOX 的最小值不能大于最大值');
      return bind.geometry({ type: 'Polygon', coordinates: [[[minX!, minY!], [maxX!, minY!], [maxX!, maxY!], [minX!, maxY!], [minX!, minY!]]] });
    }
    return bind.geometry(s.geometry);
  };

  const walk = (e: Expr): string => {
    switch (e.op) {
      case 'and':
      case 'or':
        return `(${e.args.map(walk).join(e.op === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        // NOT of an unknown (a NULL property) stays unknown: CQL2 and SQL agree on three-valued logic.
        return `(NOT ${walk(e.arg)})`;
      case 'literal':
        return e.value ? 'true' : 'false';
      case 'compare': {
        if (e.operator === '=') {
          const member = membership(e.left, [e.right]);
          if (member) return member;
        }
        return `(${side(e.left, e.right)} ${e.operator} ${side(e.right, e.left)})`;
      }
      case 'like': {
        const t = typeOf(e.value);
        if (t !== null && t !== 'string') throw new Cql2Error(`LIKE 只能用于文本属性，“${(e.value as { name: string }).name}”是${TYPE_WORDS[t]}`);
        if (e.pattern.kind !== 'string' && e.pattern.kind !== 'property') throw new Cql2Error('LIKE 的模式应为文本');
        // CQL2's wildcards (% and _) and escape (\) are SQL's: the pattern binds as it is.
        return `(${side(e.value, e.pattern)} LIKE ${e.pattern.kind === 'string' ? `${bind.value(e.pattern.value)}::text` : side(e.pattern, e.value)})`;
      }
      case 'between':
        return `(${side(e.value, e.low)} BETWEEN ${side(e.low, e.value)} AND ${side(e.high, e.value)})`;
      case 'in': {
        const member = membership(e.value, e.list);
        if (member) return member;
        return `(${side(e.value, e.list[0]!)} IN (${e.list.map((s) => side(s, e.value)).join(', ')}))`;
      }
      case 'isNull':
        if (e.value.kind === 'property') {
          const q = property(e.value.name);
          if (q.type === 'membership') throw new Cql2Error(`属性“${e.value.name}”只能用 = 或 IN 查询`);
          return `(${q.sql} IS NULL)`;
        }
        return `(${literal(e.value, null, '')} IS NULL)`;
      case 's_intersects':
        return `ST_Intersects(${spatial(e.left)}, ${spatial(e.right)})`;
    }
  };

  try {
    return { ok: true, sql: walk(expr) };
  } catch (err) {
    if (err instanceof Cql2Error) return { ok: false, reason: err.message };
    throw err;
  }
}
