import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const preset = JSON.parse(readFileSync('data/campaigns/zhumadian-2021.json', 'utf8'));
const progress = async (date: string) => (await server.get(`/api/campaigns/1/progress?date=${date}`)).body;
const TYPES = ['approved_not_supplied', 'idle', 'inefficient'];

describe('GET /api/campaigns/:id/trend', () => {
  it('gives week-by-week disposals whose running sums equal progress on each report Friday', async () => {
    const trend = (await server.get('/api/campaigns/1/trend?until=2021-10-01')).body;
    expect(trend.weeks[0]).toBe('2021-05-07');
    expect(trend.weeks.at(-1)).toBe('2021-10-01');
    for (const friday of ['2021-07-02', '2021-10-01']) {
      const at = trend.weeks.indexOf(friday);
      const p = await progress(friday);
      for (const u of p.units) {
        const series = trend.units.find((x: any) => x.unitId === u.unitId);
        for (const t of TYPES) expect(series.tasks[t].cumulative[at]).toBeCloseTo(u.tasks[t].disposedMu, 6);
      }
    }
    expect(trend.expectedPct[trend.weeks.indexOf('2021-10-01')]).toBeCloseTo(70 + (30 * 1) / 61, 9);
  });
});

describe('GET /api/campaigns/:id/reports/weekly (附件4)', () => {
  it("lays out the seed's weekly report: units in its order, its tasks, and this week's disposals from the records (mu to one decimal)", async () => {
    const response = await fetch(`${server.url}/api/campaigns/1/reports/weekly?week=2021-09-29`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('2021-10-01');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('周报表')!;
    expect(sheet.getCell('A1').value).toBe('全市批而未用土地处置周报表');
    expect(sheet.getCell('B3').value).toBe('下达任务量');
    expect(sheet.getCell('E3').value).toBe('本周处置量');
    expect([2, 3, 4].map((c) => sheet.getRow(4).getCell(c).value)).toEqual(['批而未供土地', '闲置土地', '低效工业用地']);

    const [thisWeek, lastWeek] = await Promise.all([progress('2021-10-01'), progress('2021-09-24')]);
    const seedRows = preset.annex4.rows.filter((r: any) => r.unit);
    seedRows.forEach((seed: any, i: number) => {
      const row = sheet.getRow(5 + i);
      expect(row.getCell(1).value).toBe(seed.unit);
      expect([2, 3, 4].map((c) => row.getCell(c).value)).toEqual(TYPES.map((t) => seed[t]));
      const now = thisWeek.units.find((u: any) => u.name === seed.unit);
      const before = lastWeek.units.find((u: any) => u.name === seed.unit);
      TYPES.forEach((t, k) => expect(row.getCell(5 + k).value as number).toBeCloseTo(now.tasks[t].disposedMu - before.tasks[t].disposedMu, 1));
    });
    const total = sheet.getRow(5 + seedRows.length);
    expect(total.getCell(1).value).toBe('合 计');
    expect([2, 3, 4].map((c) => total.getCell(c).value)).toEqual([39814, 9214, 1722]);
  });

  it('rejects a malformed week', async () => {
    const r = await server.get('/api/campaigns/1/reports/weekly?week=2021-13-01');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('参数 week');
  });
});

describe('GET /api/campaigns/:id/reports/tasks (附件2, 附件3)', () => {
  it('fills the task tables with 盘活面积, 完成率 and 排名 as of a date', async () => {
    const response = await fetch(`${server.url}/api/campaigns/1/reports/tasks?date=2021-09-30`);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const p = await progress('2021-09-30');
    const disposed = (name: string, t: string) => p.units.find((u: any) => u.name === name).tasks[t].disposedMu;

    const annex2 = workbook.getWorksheet('附件2 批而未供')!;
    const rows = Array.from({ length: annex2.rowCount - 3 }, (_, i) => annex2.getRow(4 + i).values as unknown[]);
    const row = (label: string) => rows.find((r) => r[1] === label)!;
    expect(row('驿城区').slice(2, 7)).toEqual([38079, 27581, 10498, 0.6, 6299]);
    expect(row('驿城区')[7] as number).toBeCloseTo(disposed('驿城区', 'approved_not_supplied'), 2);
    expect(row('驿城区')[8] as number).toBeCloseTo(disposed('驿城区', 'approved_not_supplied') / 6299, 4);
    const centre = ['驿城区', '开发区', '示范区', '高新区'].reduce((s, n) => s + disposed(n, 'approved_not_supplied'), 0);
    expect(row('中心城区合计')[7] as number).toBeCloseTo(centre, 2);
    expect(row('合计')[7] as number).toBeCloseTo(p.totals.approved_not_supplied.disposedMu, 2);
    expect(row('合计')[9] ?? null).toBeNull();
    const ranks = rows.map((r) => r[9]).filter((x) => typeof x === 'number') as number[]; // the footer's merged lines are text
    expect(ranks).toHaveLength(13);
    expect(Math.min(...ranks)).toBe(1);

    const annex3 = workbook.getWorksheet('附件3 闲置低效')!;
    const headers = annex3.getRow(3).values as unknown[];
    const yicheng = Array.from({ length: annex3.rowCount - 3 }, (_, i) => annex3.getRow(4 + i).values as unknown[]).find((r) => r[1] === '驿城区')!;
    const idleRate = yicheng[headers.indexOf('闲置 完成率')] as number;
    expect(idleRate).toBeCloseTo(disposed('驿城区', 'idle') / (623 + 1040), 4);
  });
});

describe('GET /api/events', () => {
  it('sends the data version at once and again within seconds of a change', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextVersion = async (): Promise<number> => {
      for (;;) {
        const match = /event: version\ndata: (\{.*\})/.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return JSON.parse(match[1]!).dataVersion;
        }
        const { value } = await reader.read();
        buffer += decoder.decode(value);
      }
    };
    const first = await nextVersion();
    const started = Date.now();
    const [parcel] = await server.db.query<{ id: number }>('SELECT id FROM parcels LIMIT 1');
    await server.db.query(`INSERT INTO disposal_records (parcel_id, date, mu, method) VALUES ($1, '2021-10-10', 1, '供应')`, [parcel!.id]);
    const second = await nextVersion();
    expect(second).toBeGreaterThan(first);
    expect(Date.now() - started).toBeLessThan(5000);
    controller.abort();
  });
});

describe('GET /api/campaigns/:id/reconciliation', () => {
  it('lists, from the stored tables, the same 16 differences the seed document has', async () => {
    const { body } = await server.get('/api/campaigns/1/reconciliation');
    expect(body.differences).toHaveLength(16);
    expect(body.differences).toContainEqual({ table: '附件4', row: '合计', check: '低效用地下达任务量 = 各单位之和', stated: 1721, computed: 1722, diff: -1 });
    expect(body.differences).toContainEqual({ table: '附件2', row: '中心城区合计', check: '下达任务量 = 各单位之和', stated: 16847, computed: 16848, diff: -1 });
    expect((await server.get('/api/campaigns/2/reconciliation')).body.differences).toEqual([]);
  });

  it('sets each unit\'s ledger against its task base: 驿城区 批而未供 against the 10498 mu unsupplied of 附件2', async () => {
    const { body } = await server.get('/api/campaigns/1/reconciliation');
    const [ledger] = await server.db.query<{ mu: number; n: number }>(
      `SELECT sum(p.ledger_mu)::float8 AS mu, count(*)::int AS n FROM parcels p JOIN units u ON u.id = p.unit_id
       WHERE p.campaign_id = 1 AND p.deleted_at IS NULL AND u.name = '驿城区'
         AND p.category IN ('approved_not_expropriated', 'expropriated_not_supplied', 'used_before_supply')`,
    );
    const row = body.ledger.find((d: any) => d.row === '驿城区' && d.check.startsWith('批而未供'));
    expect(row).toMatchObject({ table: '台账 / 任务基数', stated: 10498, check: `批而未供：台账 ${ledger!.n} 宗地块面积合计 = 任务基数` });
    expect(row.computed).toBeCloseTo(ledger!.mu, 2);
    expect(row.diff).toBeCloseTo(10498 - ledger!.mu, 2);
    // The demo ledger is a sample of the bases: what is listed is beyond the campaign's tolerance (0.5 mu).
    expect(body.ledger.length).toBeGreaterThan(10);
    expect(body.ledger.every((d: any) => Math.abs(d.diff) > 0.5)).toBe(true);
    // Anze states no bases: nothing to set its ledger against.
    expect((await server.get('/api/campaigns/2/reconciliation')).body.ledger).toEqual([]);
  });
});

describe('the task tables .xlsx, print-ready', () => {
  it('is bordered, A4 landscape, in percent and mu formats, with the document’s footer', async () => {
    const response = await fetch(`${server.url}/api/campaigns/1/reports/tasks?date=2021-09-30`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const annex2 = workbook.getWorksheet('附件2 批而未供')!;
    expect(annex2.getCell('A1').value).toBe('2021 年全市批而未供土地处置任务分解表（盘活面积统计至 2021-09-30）');
    expect(annex2.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9 });
    expect(annex2.getCell('J4').border?.right?.style).toBe('thin');
    expect(annex2.getColumn(8).numFmt).toBe('0.0%');
    expect(annex2.getColumn(7).numFmt).toBe('0.0');
    const lines: string[] = [];
    annex2.eachRow((row) => typeof row.getCell(1).value === 'string' && lines.push(row.getCell(1).value as string));
    expect(lines).toContain('主办：市自然资源和规划局');
  });
});
