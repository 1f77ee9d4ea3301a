import { describe, expect, it } from 'vitest';
import { parseCql2Json } from '../../core/cql2/json.ts';
import { toSql, type Queryable } from '../../core/cql2/sql.ts';
import { parseCql2Text } from '../../core/cql2/text.ts';
import { crsOf, DEFAULT_CRS } from '../../core/ogc/crs.ts';
import { parseDatetime } from '../../core/ogc/datetime.ts';

const QUERYABLES = new Map<string, Queryable>([
  ['code', { name: 'code', type: 'string', sql: 't.code' }],
  ['ledgerMu', { name: 'ledgerMu', type: 'number', sql: 't.ledger_mu' }],
  ['approvalDate', { name: 'approvalDate', type: 'date', sql: 't.approval_date' }],
  ['updatedAt', { name: 'updatedAt', type: 'timestamp', sql: 't.updated_at' }],
  ['geometry', { name: 'geometry', type: 'geometry', sql: 't.geom' }],
  ['campaign', { name: 'campaign', type: 'membership', sql: '', memberOf: (ids) => `member(${ids})` }],
]);

/** Translates with a binder that records the values, to show none of them reaches the SQL text. */
function translate(expr: ReturnType<typeof parseCql2Text>) {
  if (!expr.ok) throw new Error(expr.reason);
  const values: unknown[] = [];
  const result = toSql(expr.expr, QUERYABLES, { value: (v) => `$${values.push(v)}`, geometry: (g) => `G($${values.push(JSON.stringify(g))})` });
  return { result, values };
}

describe('CQL2 text and JSON give the same tree', () => {
  const pairs: Array<[string, unknown]> = [
    ["code = 'A-1'", { op: '=', args: [{ property: 'code' }, 'A-1'] }],
    ['ledgerMu >= 10.5 AND NOT ledgerMu > 100', { op: 'and', args: [{ op: '>=', args: [{ property: 'ledgerMu' }, 10.5] }, { op: 'not', args: [{ op: '>', args: [{ property: 'ledgerMu' }, 100] }] }] }],
    ["code LIKE 'ZMD%' OR code IN ('a', 'b')", { op: 'or', args: [{ op: 'like', args: [{ property: 'code' }, 'ZMD%'] }, { op: 'in', args: [{ property: 'code' }, ['a', 'b']] }] }],
    ['ledgerMu BETWEEN 1 AND 2', { op: 'between', args: [{ property: 'ledgerMu' }, 1, 2] }],
    ['approvalDate IS NULL', { op: 'isNull', args: [{ property: 'approvalDate' }] }],
    ["approvalDate < DATE('2020-01-01')", { op: '<', args: [{ property: 'approvalDate' }, { date: '2020-01-01' }] }],
    ['S_INTERSECTS(geometry, BBOX(114, 32.9, 114.2, 33))', { op: 's_intersects', args: [{ property: 'geometry' }, { bbox: [114, 32.9, 114.2, 33] }] }],
    ['S_INTERSECTS(geometry, POLYGON((114 33, 115 33, 115 34, 114 33)))', { op: 's_intersects', args: [{ property: 'geometry' }, { type: 'Polygon', coordinates: [[[114, 33], [115, 33], [115, 34], [114, 33]]] }] }],
  ];
  it.each(pairs)('%s', (text, json) => {
    const a = parseCql2Text(text);
    const b = parseCql2Json(JSON.stringify(json));
    expect(a).toEqual(b);
    expect(a.ok).toBe(true);
  });

  it('reads NOT LIKE, NOT IN, NOT BETWEEN, IS NOT NULL, "quoted" names, negative numbers and doubled quotes', () => {
    const parsed = parseCql2Text(`"code" NOT LIKE 'x''y%' AND ledgerMu NOT IN (-1, 2) AND ledgerMu NOT BETWEEN -5 AND 5 AND approvalDate IS NOT NULL`);
    expect(parsed.ok).toBe(true);
    const { result, values } = translate(parsed);
    expect(values).toEqual(["x'y%", -1, 2, -5, 5]);
    expect(result.ok && result.sql).toBe('((NOT (t.code LIKE $1::text)) AND (NOT (t.ledger_mu IN ($2::float8, $3::float8))) AND (NOT (t.ledger_mu BETWEEN $4::float8 AND $5::float8)) AND (NOT (t.approval_date IS NULL)))');
  });
});

describe('translation binds every value and refuses what it cannot evaluate', () => {
  it('never puts a value into the SQL text', () => {
    const { result, values } = translate(parseCql2Text("code = 'x''); DROP TABLE parcels; --' OR campaign IN (1, 2)"));
    expect(result.ok).toBe(true);
    expect(result.ok && result.sql).not.toContain('DROP');
    expect(values).toEqual(["x'); DROP TABLE parcels; --", [1, 2]]);
    expect(result.ok && result.sql).toBe('((t.code = $1::text) OR member($2::int[]))');
  });

  const refusals: Array<[string, RegExp]> = [
    ['owner = 1', /没有可查询的属性“owner”/],
    ["ledgerMu = 'ten'", /“ledgerMu”是数值/],
    ["approvalDate > 'yesterday'", /DATE\('YYYY-MM-DD'\)/],
    // Dates that do not exist are refused here, by name, before the database could refuse them without one.
    ["approvalDate > DATE('2020-13-45')", /存在的日期.*2020-13-45/],
    ["DATE('2021-02-29') = approvalDate", /存在的日期.*2021-02-29/],
    ["updatedAt < TIMESTAMP('2020-01-01T24:00:00Z')", /存在的时刻.*2020-01-01T24:00:00Z/],
    ['S_WITHIN(geometry, BBOX(1,2,3,4))', /S_WITHIN 不受支持/],
    ['code = ', /末尾不完整/],
    ["code = 'a' code = 'b'", /多出了/],
    ['campaign > 1', /只能用 = 或 IN/],
    ["ledgerMu LIKE '1%'", /LIKE 只能用于文本属性/],
    ["code = 'unterminated", /没有结束的单引号/],
    ['S_INTERSECTS(code, BBOX(1,2,3,4))', /不是几何属性/],
  ];
  it.each(refusals)('%s', (text, reason) => {
    const parsed = parseCql2Text(text);
    const answer = parsed.ok ? toSql(parsed.expr, QUERYABLES, { value: () => '$1', geometry: () => 'G' }) : parsed;
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.reason).toMatch(reason);
  });

  it('refuses unknown JSON operators by name, and nesting beyond the limit', () => {
    expect(parseCql2Json('{"op":"t_after","args":[{"property":"x"},"y"]}')).toMatchObject({ ok: false, reason: expect.stringContaining('t_after') });
    const deep = Array.from({ length: 100 }).reduce<unknown>((inner) => ({ op: 'not', args: [inner] }), true);
    expect(parseCql2Json(deep)).toMatchObject({ ok: false, reason: expect.stringContaining('嵌套') });
    expect(parseCql2Text(`${'NOT '.repeat(100)}code = 'a'`)).toMatchObject({ ok: false });
  });
});

describe('CRS names and datetime', () => {
  it('knows the CGCS2000 CRSs by URI and by short name, with their axis order', () => {
    expect(crsOf('http://www.opengis.net/def/crs/OGC/1.3/CRS84')).toBe(DEFAULT_CRS);
    expect(crsOf('EPSG:4490')).toMatchObject({ srid: 4490, swapped: true });
    expect(crsOf('[EPSG:3857]')).toMatchObject({ srid: 3857, swapped: false });
    expect(crsOf('http://www.opengis.net/def/crs/EPSG/0/4547')).toMatchObject({ srid: 4547, swapped: true });
    for (const srid of [4491, 4501, 4513, 4533, 4534, 4554]) expect(crsOf(`EPSG:${srid}`)?.srid).toBe(srid);
    for (const srid of [4502, 4512, 4555, 2000]) expect(crsOf(`EPSG:${srid}`)).toBeNull();
  });

  it('reads instants, dates and open intervals', () => {
    expect(parseDatetime('2026-05-01')).toEqual({ ok: true, range: { from: '2026-05-01T00:00:00.000Z', before: '2026-05-02T00:00:00.000Z' } });
    expect(parseDatetime('../2026-05-01T08:00:00+08:00')).toEqual({ ok: true, range: { from: null, before: '2026-05-01T00:00:00.001Z' } });
    expect(parseDatetime('2026-05-01T00:00:00Z/')).toMatchObject({ ok: true, range: { before: null } });
    expect(parseDatetime('2026-02-30')).toMatchObject({ ok: false });
    expect(parseDatetime('../..')).toMatchObject({ ok: false });
    expect(parseDatetime('2026-05-02/2026-05-01')).toMatchObject({ ok: false });
  });
});
