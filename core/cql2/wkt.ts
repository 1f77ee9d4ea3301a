/** The WKT geometries a CQL2 text filter may carry (2D; a Z value is read and dropped), as GeoJSON. */
import type { Geometry, Position } from 'geojson';
import { Cql2Error } from './ast.ts';

export const WKT_TYPES = ['POINT', 'LINESTRING', 'POLYGON', 'MULTIPOINT', 'MULTILINESTRING', 'MULTIPOLYGON'] as const;
export type WktType = (typeof WKT_TYPES)[number];

/** Nested lists of positions, as WKT's parentheses nest them. */
type Nested = Position | Nested[];

/** A reader over the tokens that follow the type word: `(`, `)`, `,` and numbers. */
export interface CoordinateTokens {
  peek(): string | number | undefined;
  next(): string | number | undefined;
}

function list(t: CoordinateTokens, depth: number): Nested[] {
  if (t.next() !== '(') throw new Cql2Error('WKT 坐标应以“(”开始');
  const items: Nested[] = [];
  for (;;) {
    if (t.peek() === '(') {
      if (depth > 3) throw new Cql2Error('WKT 嵌套过深');
      items.push(list(t, depth + 1));
    } else {
      const position: number[] = [];
      while (typeof t.peek() === 'number') position.push(t.next() as number);
      if (position.length < 2 || position.length > 3) throw new Cql2Error('WKT 的每个坐标应为 2 个（或 3 个）数字，以空格分隔');
      items.push(position.slice(0, 2));
    }
    const sep = t.next();
    if (sep === ')') return items;
    if (sep !== ',') throw new Cql2Error('WKT 坐标之间应以“,”分隔，以“)”结束');
  }
}

const isPosition = (n: Nested): n is Position => typeof n[0] === 'number';
const positions = (n: Nested[]): Position[] => {
  if (!n.every(isPosition)) throw new Cql2Error('WKT 坐标的括号层数不对');
  return n as Position[];
};
const rings = (n: Nested[]): Position[][] => n.map((r) => (isPosition(r) ? badNesting() : positions(r)));
const badNesting = (): never => {
  throw new Cql2Error('WKT 坐标的括号层数不对');
};

export function readWkt(type: WktType, t: CoordinateTokens): Geometry {
  const items = list(t, 1);
  switch (type) {
    case 'POINT': {
      const [p] = positions(items);
      if (items.length !== 1) throw new Cql2Error('POINT 只有一个坐标');
      return { type: 'Point', coordinates: p! };
    }
    case 'LINESTRING': return { type: 'LineString', coordinates: positions(items) };
    case 'POLYGON': return { type: 'Polygon', coordinates: rings(items) };
    // MULTIPOINT((1 2), (3 4)) and MULTIPOINT(1 2, 3 4) are both in use.
    case 'MULTIPOINT': return { type: 'MultiPoint', coordinates: items.map((p) => (isPosition(p) ? p : positions(p)[0] ?? badNesting())) };
    case 'MULTILINESTRING': return { type: 'MultiLineString', coordinates: rings(items) };
    case 'MULTIPOLYGON': return { type: 'MultiPolygon', coordinates: items.map((p) => (isPosition(p) ? badNesting() : rings(p))) };
  }
}
