import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let admin: Client;
beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url, 'admin', DEMO_PASSWORDS.admin!);
});
afterAll(() => server?.close());

const q = <T>(sql: string, params: unknown[] = []) => server.db.query<T>(sql, params);
type Row = {
  year: number; unitId: number | null;
  digested: { taskMu: number | null; doneMu: number; rate: number | null };
  idle: { taskMu: number | null; doneMu: number; rate: number | null };
  supply: { approvalYears: { from: number; to: number }; batches: number; approvedMu: number; suppliedMu: number; rate: number | null };
};
const byUnit = <T extends { unitId: number }>(rows: T[]) => new Map(rows.map((r) => [r.unitId, r]));

// The independent answers, in SQL over the ledger records (every demo disposal is in 2021 and no demo parcel changes
// category, so a disposal's task type is its parcel's category).
const doneSql = (categories: string) => `
  SELECT s.unit_id AS "unitId", sum(d.mu * s.share)::float8 AS mu
  FROM disposal_records d JOIN parcels p ON p.id = d.parcel_id AND p.deleted_at IS NULL AND p.ledger_unit_id = (SELECT id FROM units WHERE code = '411700')
  JOIN parcel_unit_shares s ON s.parcel_id = p.id
  WHERE p.category IN (${categories}) AND d.date BETWEEN $1 AND $2 GROUP BY s.unit_id`;
const BEFORE_SUPPLY = `'approved_not_expropriated', 'expropriated_not_supplied', 'used_before_supply'`;
// Per unit, the approvals of the window as they stood on the year's end: approved less withdrawn, and the land still
// unsupplied — a 批而未供 parcel less its supply disposals, or supplied land not yet supplied then (its supply date later).
const supplySql = `
  WITH x AS (
    SELECT p.*, (SELECT COALESCE(sum(mu), 0) FROM disposal_records d WHERE d.parcel_id = p.id AND d.date <= $3 AND d.method = '撤销批文') AS withdrawn,
           (SELECT COALESCE(sum(mu), 0) FROM disposal_records d WHERE d.parcel_id = p.id AND d.date <= $3 AND d.method IN ('供应（出让）', '供应（划拨）', '完善手续')) AS supplied
    FROM parcels p WHERE p.ledger_unit_id = (SELECT id FROM units WHERE code = '411700') AND p.deleted_at IS NULL
      AND extract(year FROM p.approval_date) BETWEEN $1 AND $2)
  SELECT s.unit_id AS "unitId", count(*)::int AS batches,
    sum((x.approved_mu - CASE WHEN x.category IN (${BEFORE_SUPPLY}) THEN x.withdrawn ELSE 0 END) * s.share)::float8 AS approved,
    sum(CASE WHEN x.category IN (${BEFORE_SUPPLY}) THEN greatest(0, x.ledger_mu - x.withdrawn - x.supplied)
             WHEN x.supply_date > $3 THEN x.ledger_mu ELSE 0 END * s.share)::float8 AS unsupplied
  FROM x JOIN parcel_unit_shares s ON s.parcel_id = x.id GROUP BY s.unit_id`;

describe('历年 figures of the Zhumadian ledger', () => {
  let rows: Row[];
  let units: Array<{ id: number; code: string; name: string }>;
  beforeAll(async () => {
    const r = await server.get('/api/ledger/across-years?unit=411700');
    expect(r.status).toBe(200);
    rows = r.body.rows;
    units = r.body.units;
    expect(r.body.years).toEqual({ from: 2018, to: 2022 });
    expect(r.body.campaigns.map((c: { year: number }) => c.year)).toEqual([2021, 2022]);
  });
  const at = (year: number) => byUnit(rows.filter((r): r is Row & { unitId: number } => r.year === year && r.unitId !== null));
  const total = (year: number) => rows.find((r) => r.year === year && r.unitId === null)!;

  it('the ledger’s 13 units in the document’s order, then the total, year by year', async () => {
    expect(units.map((u) => u.name)).toEqual(['驿城区', '开发区', '示范区', '高新区', '西平县', '上蔡县', '平舆县', '正阳县', '确山县', '泌阳县', '汝南县', '遂平县', '新蔡县']);
    expect(rows).toHaveLength(5 * 14);
  });

  it('2021: 批而未供 digested and idle land disposed per unit equal the disposal records by share, against 附件4’s tasks', async () => {
    const digested = await q<{ unitId: number; mu: number }>(doneSql(BEFORE_SUPPLY), ['2021-01-01', '2021-12-31']);
    const idle = await q<{ unitId: number; mu: number }>(doneSql(`'idle'`), ['2021-01-01', '2021-12-31']);
    const tasks = await q<{ unitId: number; taskType: string; taskMu: number }>(`SELECT unit_id AS "unitId", task_type AS "taskType", task_mu AS "taskMu" FROM tasks WHERE campaign_id = 1 AND unit_id IS NOT NULL`);
    const figures = at(2021);
    for (const u of units) {
      const f = figures.get(u.id)!;
      expect(f.digested.doneMu).toBeCloseTo(digested.find((d) => d.unitId === u.id)?.mu ?? 0, 6);
      expect(f.idle.doneMu).toBeCloseTo(idle.find((d) => d.unitId === u.id)?.mu ?? 0, 6);
      expect(f.digested.taskMu).toBe(tasks.find((t) => t.unitId === u.id && t.taskType === 'approved_not_supplied')!.taskMu);
      expect(f.idle.taskMu).toBe(tasks.find((t) => t.unitId === u.id && t.taskType === 'idle')!.taskMu);
      expect(f.digested.rate).toBeCloseTo(f.digested.doneMu / f.digested.taskMu!, 9);
    }
    // 附件4's totals, as the seed prints them.
    expect(total(2021).digested.taskMu).toBe(39814);
    expect(total(2021).idle.taskMu).toBe(9214);
    expect(total(2021).digested.doneMu).toBeGreaterThan(1000);
    // No disposal before 2021 in the demo: nothing digested, no task.
    expect(total(2020).digested).toEqual({ taskMu: null, doneMu: 0, rate: null });
  });

  it('2022: the tasks of the campaign proposed from 2021 (新建年度行动), nothing disposed yet', async () => {
    const [c] = await q<{ id: number }>(`SELECT id FROM campaigns WHERE key = 'zhumadian-2022'`);
    const [t] = await q<{ mu: number }>(`SELECT sum(task_mu)::float8 AS mu FROM tasks WHERE campaign_id = $1 AND task_type = 'approved_not_supplied'`, [c!.id]);
    expect(total(2022).digested.taskMu).toBeCloseTo(t!.mu, 6);
    expect(total(2022).digested.doneMu).toBe(0);
  });

  it('the supply rate of the five years’ approvals at each year’s end equals the ledger records’ (SQL)', async () => {
    for (const year of [2018, 2021, 2022]) {
      const oracle = await q<{ unitId: number; batches: number; approved: number; unsupplied: number }>(supplySql, [year - 5, year - 1, `${year}-12-31`]);
      const figures = at(year);
      for (const u of units) {
        const f = figures.get(u.id)!.supply;
        const o = oracle.find((x) => x.unitId === u.id);
        expect(f.approvalYears).toEqual({ from: year - 5, to: year - 1 });
        expect(f.batches).toBe(o?.batches ?? 0);
        expect(f.approvedMu).toBeCloseTo(o?.approved ?? 0, 6);
        expect(f.suppliedMu).toBeCloseTo((o?.approved ?? 0) - (o?.unsupplied ?? 0), 6);
      }
      const sums = oracle.reduce((s, o) => ({ a: s.a + o.approved, u: s.u + o.unsupplied }), { a: 0, u: 0 });
      expect(total(year).supply.rate).toBeCloseTo((sums.a - sums.u) / sums.a, 9);
    }
    // Something was supplied by the end of 2021 that was not at the end of 2020 among the same years' approvals.
    expect(total(2021).supply.suppliedMu).toBeGreaterThan(0);
  });

  it('a disposal entered for 2022 shows in 2022 for its unit by its share, and in the total', async () => {
    const [p] = await q<{ id: number; unitId: number; share: number; left: number }>(
      `SELECT p.id, s.unit_id AS "unitId", s.share, p.ledger_mu - COALESCE((SELECT sum(mu) FROM disposal_records d WHERE d.parcel_id = p.id), 0) AS left
       FROM parcels p JOIN parcel_unit_shares s ON s.parcel_id = p.id
       WHERE p.category = 'expropriated_not_supplied' AND p.status IN ('registered', 'planned') AND p.deleted_at IS NULL AND s.share = 1 ORDER BY p.id LIMIT 1`);
    const before = (await server.get('/api/ledger/across-years?unit=411700')).body.rows as Row[];
    const r = await admin.request('POST', `/api/parcels/${p!.id}/disposals`, { date: '2022-03-01', mu: 1.25, method: '供应（出让）', note: '历年测试' });
    expect(r.status).toBe(201);
    const after = (await server.get('/api/ledger/across-years?unit=411700')).body.rows as Row[];
    const pick = (rs: Row[], year: number, unitId: number | null) => rs.find((x) => x.year === year && x.unitId === unitId)!;
    expect(pick(after, 2022, p!.unitId).digested.doneMu - pick(before, 2022, p!.unitId).digested.doneMu).toBeCloseTo(1.25, 9);
    expect(pick(after, 2022, null).digested.doneMu - pick(before, 2022, null).digested.doneMu).toBeCloseTo(1.25, 9);
    expect(pick(after, 2021, null).digested.doneMu).toBeCloseTo(pick(before, 2021, null).digested.doneMu, 9);
  });

  it('one unit by its code: that unit only, the same figures', async () => {
    const all = (await server.get('/api/ledger/across-years?unit=411700&from=2021&to=2021')).body;
    const one = (await server.get('/api/ledger/across-years?unit=411702&from=2021&to=2021')).body;
    expect(one.units.map((u: { code: string }) => u.code)).toEqual(['411702']);
    const yicheng = all.rows.find((r: Row) => r.unitId === one.units[0].id);
    expect(one.rows[0]).toEqual(yicheng);
    expect(one.rows[1].digested).toEqual(yicheng.digested);
  });

  it('bad input: a clear 4xx in Chinese naming the parameter', async () => {
    const cases: Array<[string, number, string]> = [
      ['', 400, 'unit'],
      ['unit=999999', 404, '999999'],
      ['unit=411700&from=2023&to=2021', 400, 'from'],
      ['unit=411700&from=1990&to=2030', 400, '30'],
      ['unit=411700&from=abc', 400, 'from'],
      ['unit=411700&to=3000', 400, '2100'],
    ];
    for (const [query, status, mention] of cases) {
      const r = await server.get(`/api/ledger/across-years?${query}`);
      expect(r.status, query).toBe(status);
      expect(r.body.error.message, query).toContain(mention);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('the sheet opens in exceljs: title, two-row header, every figure as the JSON gives it, borders, A4 landscape', async () => {
    const json = (await server.get('/api/ledger/across-years?unit=411700&from=2020&to=2022')).body;
    const response = await fetch(`${server.url}/api/ledger/across-years/sheet?unit=411700&from=2020&to=2022`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('历年考核指标'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('历年')!;
    expect(sheet.getCell('A1').value).toBe('驻马店市批而未用土地历年考核指标（2020—2022年）');
    expect(String(sheet.getCell('A2').value)).toContain('面积单位：亩');
    expect(sheet.getCell('C3').value).toBe('批而未供土地消化');
    expect(sheet.getCell('L4').value).toBe('供地率');
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1 });
    // Year 2021's total row: the 14th row of its year (13 units, then 合计).
    const rowsOf2021 = [];
    for (let r = 5; r <= sheet.rowCount; r++) if (sheet.getCell(r, 1).value === 2021 || sheet.getCell(r, 1).master.value === 2021) rowsOf2021.push(r);
    expect(rowsOf2021).toHaveLength(14);
    const totalRow = rowsOf2021[13]!;
    const t = json.rows.find((r: Row) => r.year === 2021 && r.unitId === null);
    expect(sheet.getCell(totalRow, 2).value).toBe('合计');
    expect(sheet.getCell(totalRow, 3).value).toBe(t.digested.taskMu);
    expect(sheet.getCell(totalRow, 4).value).toBeCloseTo(t.digested.doneMu, 2);
    expect(sheet.getCell(totalRow, 12).value).toBeCloseTo(t.supply.rate, 9);
    expect(sheet.getCell(totalRow, 9).value).toBe('2016—2020');
    for (const [r, c] of [[3, 1], [4, 12], [totalRow, 7], [sheet.rowCount - 1, 12]] as const) {
      expect(sheet.getCell(r, c).border?.left?.style, `${r},${c}`).toBe('thin');
    }
  });
});
