/**
 * CQL2 (OGC API – Features Part 3, Common Query Language) as a tree: what the text and JSON encodings both parse
 * into, and what the SQL translation reads. Only the parts Panhuo evaluates: basic comparison, LIKE, BETWEEN, IN,
 * IS NULL, AND/OR/NOT and S_INTERSECTS; anything else is refused by the parsers with the part named.
 *
 * Written here rather than taken from a library: the JavaScript CQL2 parsers published so far either build SQL text
 * with the values inside it (which we never do: every literal here becomes a bound parameter) or cover only the text
 * encoding; the subset is small and its grammar fits in two short files.
 */
import type { Geometry } from 'geojson';

export type Scalar =
  | { kind: 'property'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: string }
  | { kind: 'timestamp'; value: string };

export type Spatial = { kind: 'property'; name: string } | { kind: 'geometry'; geometry: Geometry } | { kind: 'bbox'; bbox: number[] };

export type Comparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { op: 'and' | 'or'; args: Expr[] }
  | { op: 'not'; arg: Expr }
  | { op: 'compare'; operator: Comparison; left: Scalar; right: Scalar }
  | { op: 'like'; value: Scalar; pattern: Scalar }
  | { op: 'between'; value: Scalar; low: Scalar; high: Scalar }
  | { op: 'in'; value: Scalar; list: Scalar[] }
  | { op: 'isNull'; value: Scalar }
  | { op: 's_intersects'; left: Spatial; right: Spatial }
  | { op: 'literal'; value: boolean };

export type Parsed = { ok: true; expr: Expr } | { ok: false; reason: string };

/** Thrown inside a parser and turned into a `{ ok: false, reason }` at its edge. */
export class Cql2Error extends Error {}

/** Filters deeper than this are refused: nothing a person writes nests so far, and recursion must stay bounded. */
export const MAX_DEPTH = 64;
