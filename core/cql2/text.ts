/** CQL2 text encoding → the tree of ast.ts. A recursive-descent parser over a small tokenizer; errors name what was not understood. */
import { Cql2Error, MAX_DEPTH, type Comparison, type Expr, type Parsed, type Scalar, type Spatial } from './ast.ts';
import { readWkt, WKT_TYPES, type WktType } from './wkt.ts';

type Token =
  | { t: 'word'; v: string; at: number } // keywords and identifiers; `v` as written
  | { t: 'quoted'; v: string; at: number } // "identifier"
  | { t: 'string'; v: string; at: number }
  | { t: 'number'; v: number; at: number }
  | { t: 'punct'; v: string; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    const at = i;
    if (ch === "'") {
      let v = '';
      for (i++; ; i++) {
        if (i >= text.length) throw new Cql2Error(`第 ${at + 1} 个字符开始的文本没有结束的单引号`);
        if (text[i] === "'") {
          if (text[i + 1] === "'") { v += "'"; i++; continue; }
          i++;
          break;
        }
        v += text[i];
      }
      tokens.push({ t: 'string', v, at });
    } else if (ch === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new Cql2Error(`第 ${at + 1} 个字符开始的属性名没有结束的双引号`);
      tokens.push({ t: 'quoted', v: text.slice(i + 1, end), at });
      i = end + 1;
    } else if (/[0-9.]/.test(ch) || (ch === '-' && /[0-9.]/.test(text[i + 1] ?? '') && !endsOperand(tokens))) {
      const m = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m) throw new Cql2Error(`第 ${at + 1} 个字符处的数字无法识别`);
      tokens.push({ t: 'number', v: Number(m[0]), at });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.:]*/.exec(text.slice(i))!;
      tokens.push({ t: 'word', v: m[0], at });
      i += m[0].length;
    } else {
      const two = text.slice(i, i + 2);
      const op = ['<>', '<=', '>=', '!='].includes(two) ? two : '=<>(),'.includes(ch) ? ch : null;
      if (!op) throw new Cql2Error(`第 ${at + 1} 个字符“${ch}”无法识别`);
      tokens.push({ t: 'punct', v: op === '!=' ? '<>' : op, at });
      i += op.length;
    }
  }
  return tokens;
}

/** A minus after a value or a `)` would be subtraction (not in the subset); elsewhere it is a negative number's sign. */
const endsOperand = (tokens: Token[]) => {
  const last = tokens[tokens.length - 1];
  return !!last && (last.t === 'number' || last.t === 'string' || last.t === 'quoted' || (last.t === 'punct' && last.v === ')'));
};

const COMPARISONS = new Set(['=', '<>', '<', '<=', '>', '>=']);
const RESERVED = new Set(['AND', 'OR', 'NOT', 'LIKE', 'IN', 'BETWEEN', 'IS', 'NULL']);

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(k = 0) { return this.tokens[this.i + k]; }
  private word(k = 0) { const t = this.peek(k); return t?.t === 'word' ? t.v.toUpperCase() : null; }
  private where() { const t = this.peek(); return t ? `第 ${t.at + 1} 个字符处` : '末尾'; }
  private shown() { const t = this.peek(); return t ? `“${String(t.v).slice(0, 30)}”` : '结束'; }
  private isPunct(v: string, k = 0) { const t = this.peek(k); return t?.t === 'punct' && t.v === v; }
  private expect(v: string) {
    if (!this.isPunct(v)) throw new Cql2Error(`${this.where()}应为“${v}”，收到${this.shown()}`);
    this.i++;
  }
  private keyword(v: string) {
    if (this.word() !== v) return false;
    this.i++;
    return true;
  }

  parse(): Expr {
    const e = this.or();
    if (this.peek()) throw new Cql2Error(`${this.where()}多出了${this.shown()}（条件之间应以 AND 或 OR 连接）`);
    return e;
  }

  private nest<T>(f: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new Cql2Error(`条件嵌套超过 ${MAX_DEPTH} 层`);
    try { return f(); } finally { this.depth--; }
  }

  private or(): Expr {
    const args = [this.and()];
    while (this.keyword('OR')) args.push(this.and());
    return args.length === 1 ? args[0]! : { op: 'or', args };
  }
  private and(): Expr {
    const args = [this.not()];
    while (this.keyword('AND')) args.push(this.not());
    return args.length === 1 ? args[0]! : { op: 'and', args };
  }
  private not(): Expr {
    if (this.keyword('NOT')) return this.nest(() => ({ op: 'not', arg: this.not() }));
    return this.primary();
  }
  private primary(): Expr {
    if (this.isPunct('(')) {
      this.i++;
      const e = this.nest(() => this.or());
      this.expect(')');
      return e;
    }
    const w = this.word();
    if (w && /^S_[A-Z]+$/.test(w) || w && /^(T_|A_)[A-Z]+$/.test(w)) {
      if (w !== 'S_INTERSECTS') throw new Cql2Error(`${this.where()}的函数 ${w} 不受支持（空间条件只支持 S_INTERSECTS）`);
      this.i++;
      this.expect('(');
      const left = this.spatial();
      this.expect(',');
      const right = this.spatial();
      this.expect(')');
      return { op: 's_intersects', left, right };
    }
    if ((w === 'TRUE' || w === 'FALSE') && !this.continuesPredicate(1)) {
      this.i++;
      return { op: 'literal', value: w === 'TRUE' };
    }
    return this.predicate();
  }
  private continuesPredicate(k: number) {
    const t = this.peek(k);
    return !!t && ((t.t === 'punct' && COMPARISONS.has(t.v)) || (t.t === 'word' && ['LIKE', 'IN', 'BETWEEN', 'IS', 'NOT'].includes(t.v.toUpperCase())));
  }

  private predicate(): Expr {
    const value = this.scalar();
    const t = this.peek();
    if (t?.t === 'punct' && COMPARISONS.has(t.v)) {
      this.i++;
      return { op: 'compare', operator: t.v as Comparison, left: value, right: this.scalar() };
    }
    if (this.keyword('IS')) {
      const negate = this.keyword('NOT');
      if (!this.keyword('NULL')) throw new Cql2Error(`${this.where()}：IS 之后应为 NULL 或 NOT NULL，收到${this.shown()}`);
      const e: Expr = { op: 'isNull', value };
      return negate ? { op: 'not', arg: e } : e;
    }
    const negate = this.keyword('NOT');
    let e: Expr;
    if (this.keyword('LIKE')) e = { op: 'like', value, pattern: this.scalar() };
    else if (this.keyword('BETWEEN')) {
      const low = this.scalar();
      if (!this.keyword('AND')) throw new Cql2Error(`${this.where()}：BETWEEN 的两个值之间应为 AND，收到${this.shown()}`);
      e = { op: 'between', value, low, high: this.scalar() };
    } else if (this.keyword('IN')) {
      this.expect('(');
      const list = [this.scalar()];
      while (this.isPunct(',')) { this.i++; list.push(this.scalar()); }
      this.expect(')');
      e = { op: 'in', value, list };
    } else throw new Cql2Error(`${this.where()}应为比较运算符（= <> < <= > >=）、LIKE、BETWEEN、IN 或 IS NULL，收到${this.shown()}`);
    return negate ? { op: 'not', arg: e } : e;
  }

  private scalar(): Scalar {
    const t = this.peek();
    if (!t) throw new Cql2Error('条件在末尾不完整，缺少一个值或属性名');
    if (t.t === 'string') { this.i++; return { kind: 'string', value: t.v }; }
    if (t.t === 'number') { this.i++; return { kind: 'number', value: t.v }; }
    if (t.t === 'quoted') { this.i++; return { kind: 'property', name: t.v }; }
    if (t.t === 'word') {
      const w = t.v.toUpperCase();
      if (w === 'TRUE' || w === 'FALSE') { this.i++; return { kind: 'boolean', value: w === 'TRUE' }; }
      if ((w === 'DATE' || w === 'TIMESTAMP') && this.isPunct('(', 1)) {
        this.i += 2;
        const s = this.peek();
        if (s?.t !== 'string') throw new Cql2Error(`${this.where()}：${w}( ) 里应为带单引号的文本，如 ${w}('2026-05-01${w === 'TIMESTAMP' ? 'T00:00:00Z' : ''}')`);
        this.i++;
        this.expect(')');
        return { kind: w === 'DATE' ? 'date' : 'timestamp', value: s.v };
      }
      if (this.isPunct('(', 1)) throw new Cql2Error(`${this.where()}的函数 ${t.v} 不受支持`);
      if (RESERVED.has(w)) throw new Cql2Error(`${this.where()}应为一个值或属性名，收到关键字 ${t.v}`);
      this.i++;
      return { kind: 'property', name: t.v };
    }
    throw new Cql2Error(`${this.where()}应为一个值或属性名，收到${this.shown()}`);
  }

  private spatial(): Spatial {
    const t = this.peek();
    if (t?.t === 'quoted') { this.i++; return { kind: 'property', name: t.v }; }
    const w = this.word();
    if (w === 'BBOX') {
      this.i++;
      this.expect('(');
      const bbox: number[] = [];
      for (;;) {
        const n = this.peek();
        if (n?.t !== 'number') throw new Cql2Error(`${this.where()}：BBOX( ) 里应为 4 个数字`);
        bbox.push(n.v);
        this.i++;
        if (this.isPunct(')')) break;
        this.expect(',');
      }
      this.i++;
      if (bbox.length !== 4 && bbox.length !== 6) throw new Cql2Error(`BBOX 应有 4 个（或 6 个）数字，收到 ${bbox.length} 个`);
      return { kind: 'bbox', bbox };
    }
    if (w && (WKT_TYPES as readonly string[]).includes(w)) {
      this.i++;
      const tokens = { peek: () => this.coordinateToken(0), next: () => { const v = this.coordinateToken(0); this.i++; return v; } };
      return { kind: 'geometry', geometry: readWkt(w as WktType, tokens) };
    }
    if (w && t?.t === 'word' && !this.isPunct('(', 1)) { this.i++; return { kind: 'property', name: t.v }; }
    throw new Cql2Error(`${this.where()}应为几何属性名、BBOX(…) 或 WKT 几何（POINT、POLYGON…），收到${this.shown()}`);
  }
  private coordinateToken(k: number): string | number | undefined {
    const t = this.peek(k);
    return t?.t === 'number' ? t.v : t?.t === 'punct' ? t.v : t ? `“${String(t.v)}”` : undefined;
  }
}

/** Parses a CQL2 text filter; the reason of a refusal says where and what was not understood. */
export function parseCql2Text(text: string): Parsed {
  try {
    if (!text.trim()) return { ok: false, reason: '过滤条件为空' };
    return { ok: true, expr: new Parser(tokenize(text)).parse() };
  } catch (e) {
    if (e instanceof Cql2Error) return { ok: false, reason: e.message };
    throw e;
  }
}
