import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startTestServer } from '../support/server.ts';
import { unitOverlaps } from '../../server/campaigns/preset.ts';
import { migrate } from '../../server/db/migrate.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const preset = JSON.parse(readFileSync('data/campaigns/zhumadian-2021.json', 'utf8'));

describe('GET /api/campaigns', () => {
  it('lists the two seed campaigns, and Zhumadian 2022 proposed from 2021', async () => {
    const { status, body } = await server.get('/api/campaigns');
    expect(status).toBe(200);
    expect(body.campaigns.map((c: any) => c.key)).toEqual(['zhumadian-2021', 'anze-2023', 'zhumadian-2022']);
    const [zhumadian, anze, next] = body.campaigns;
    expect(next.unitCount).toBe(13);
    expect(next.parcelCount).toBeLessThan(zhumadian.parcelCount);
    expect(next.milestones.map((m: any) => [m.date, m.targetPct])).toEqual([['2022-09-30', 70], ['2022-11-30', 100]]);
    expect(zhumadian.unitCount).toBe(13);
    expect(zhumadian.parcelCount).toBeGreaterThan(300);
    expect(zhumadian.milestones.map((m: any) => [m.date, m.targetPct])).toEqual([['2021-09-30', 70], ['2021-11-30', 100]]);
    expect(anze.unitCount).toBe(7);
    expect(anze.milestones.map((m: any) => [m.date, m.targetPct])).toEqual([['2023-05-31', 25], ['2023-06-30', 50], ['2023-09-30', 85], ['2023-11-30', 100]]);
    expect(zhumadian.phases.map((p: any) => p.endDate)).toEqual(['2021-05-14', '2021-05-21', '2021-09-30', '2021-11-30', '2021-12-20']);
  });
});

describe('GET /api/campaigns/:id', () => {
  it('gives Zhumadian its 13 units in the order of 附件4, with boundaries; the zones are illustrative', async () => {
    const { body } = await server.get('/api/campaigns/1');
    const units = body.units.features.map((f: any) => f.properties);
    expect(units.map((u: any) => u.name)).toEqual(preset.units.map((u: any) => u.name));
    expect(body.units.features.every((f: any) => f.geometry?.type === 'MultiPolygon')).toBe(true);
    expect(units.filter((u: any) => u.illustrative).map((u: any) => u.name)).toEqual(['开发区', '示范区', '高新区']);
    // 驿城区 is about 1,100 km² once the zones are carved out of it.
    const yicheng = units.find((u: any) => u.name === '驿城区');
    expect(yicheng.areaMu / 1500).toBeGreaterThan(1000);
    expect(yicheng.areaMu / 1500).toBeLessThan(1250);
  });

  it('carries every figure of 附件4 as tasks, e.g. 驿城区 批而未供 6299 mu, and the stated totals', async () => {
    const { body } = await server.get('/api/campaigns/1');
    const unitId = (name: string) => body.units.features.find((f: any) => f.properties.name === name).id;
    const task = (name: string, type: string) => body.tasks.find((t: any) => t.unitId === unitId(name) && t.taskType === type)?.taskMu;
    expect(task('驿城区', 'approved_not_supplied')).toBe(6299);
    expect(task('新蔡县', 'idle')).toBe(1384);
    expect(task('高新区', 'inefficient')).toBe(158);
    for (const row of preset.annex4.rows.filter((r: any) => r.unit)) {
      for (const type of ['approved_not_supplied', 'idle', 'inefficient']) expect(task(row.unit, type)).toBe(row[type]);
    }
    const totals = body.tasks.filter((t: any) => t.unitId === null);
    expect(totals.map((t: any) => t.taskMu)).toEqual([39814, 9214, 1721]);
  });

  it('keeps the 附件2 and 附件3 inputs row by row, totals included', async () => {
    const { body } = await server.get('/api/campaigns/1');
    const annex2 = body.taskBases.filter((b: any) => b.document === '附件2');
    expect(annex2).toHaveLength(15);
    const total = annex2.find((b: any) => b.rowLabel === '合计');
    expect([total.approvedMu, total.suppliedMu, total.unsuppliedMu, total.taskMu]).toEqual([273036, 206683, 66353, 39812]);
    expect(annex2.find((b: any) => b.rowLabel === '中心城区合计').taskMu).toBe(16847);
    const annex3 = body.taskBases.filter((b: any) => b.document === '附件3');
    const totals = annex3.filter((b: any) => b.rowLabel === '总计').map((b: any) => [b.parcelCount, b.areaMu, b.taskMu]);
    expect(totals).toEqual([[153, 6989, 4193], [198, 8186, 5021], [52, 2868, 1721]]);
    const gaoxin = annex3.filter((b: any) => b.unitId === body.units.features.find((f: any) => f.properties.name === '高新区').id);
    expect(gaoxin.find((b: any) => b.baseList === '低效工业用地').areaMu).toBe(262.6);
  });

  it('gives Anze seven units without boundaries or tasks', async () => {
    const { body } = await server.get('/api/campaigns/2');
    expect(body.units.features.map((f: any) => f.properties.name)).toEqual(['开发区', '府城镇', '唐城镇', '和川镇', '冀氏镇', '良马镇', '马壁镇']);
    expect(body.units.features.every((f: any) => f.geometry === null && f.properties.hasBoundary === false)).toBe(true);
    expect(body.tasks).toEqual([]);
  });

  it('answers 404 for an unknown campaign and 400 for a malformed id', async () => {
    const missing = await server.get('/api/campaigns/999');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const bad = await server.get('/api/campaigns/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('id');
  });
});

describe('database', () => {
  it('re-running the migrations changes nothing', async () => {
    expect(await migrate(server.db)).toEqual([]);
  });
  it('no two units of a campaign overlap', async () => {
    expect(await unitOverlaps(server.db, 1, 1)).toEqual([]);
  });
  it('answers health with the database kind', async () => {
    const { body } = await server.get('/api/health');
    expect(body.ok).toBe(true);
    expect(['pglite', 'postgres']).toContain(body.database);
  });
});
