import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestServer } from '../support/server.ts';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { kinds } from '../../server/warnings/routes.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const DATE = '2021-12-20';
const OPEN = `p.status NOT IN ('disposed', 'struck_off') AND p.deleted_at IS NULL AND p.campaign_id = 1`;
const warnings = async (query = '') => (await server.get(`/api/campaigns/1/warnings?date=${DATE}${query}`)).body;
const idsOf = (ws: any[], kind: string) => ws.filter((w) => w.kind === kind).map((w) => w.parcelId).sort((a, b) => a - b);
const sqlIds = async (where: string) => (await server.db.query<{ id: number }>(`SELECT p.id FROM parcels p JOIN campaigns c ON c.id = p.campaign_id WHERE ${OPEN} AND ${where} ORDER BY p.id`)).map((r) => r.id);
const as = (user: string): Promise<Client> => signIn(server.url, user, DEMO_PASSWORDS[user]!);

describe('GET /api/campaigns/:id/warnings on the demo campaign', () => {
  it('warns of exactly the idle parcels the rules catch, by independent SQL: 资料不全 without recorded start facts', async () => {
    const { warnings: ws, date } = await warnings();
    expect(date).toBe(DATE);
    // No assessments in the demo: past its agreed date, land idle by category is 资料不全 (提示), never a fee or recovery.
    const expected = await sqlIds(`p.category = 'idle' AND (p.supply_date IS NULL OR p.supply_date <= '${DATE}')
      AND (p.agreed_start_date IS NULL OR p.agreed_start_date <= '${DATE}')`);
    expect(expected.length).toBeGreaterThan(0);
    expect(idsOf(ws, 'idle_land')).toEqual(expected);
    const idle = ws.filter((w: any) => w.kind === 'idle_land');
    expect(idle.every((w: any) => w.severity === 'low' && ['incomplete', 'no_agreed_date'].includes(w.facts.idleClass))).toBe(true);
    expect(idle.some((w: any) => /无偿收回|闲置费/.test(w.title + w.detail))).toBe(false);
    const undated = await sqlIds(`p.category = 'idle' AND p.agreed_start_date IS NULL`);
    expect(idle.filter((w: any) => w.facts.idleClass === 'incomplete').length).toBe(expected.length - undated.length);
  });

  it('once a person records "not started", the same parcels classify: idle one year (fee 20%), two years (recoverable)', async () => {
    const admin = await as('admin');
    // Parcels outside 驿城区, so the assessment tests below start from unrecorded parcels.
    const outside = `p.category = 'idle' AND p.unit_id <> (SELECT id FROM units WHERE name = '驿城区')`;
    const [twoYears] = await sqlIds(`${outside} AND (p.agreed_start_date + interval '2 years')::date <= '${DATE}'`);
    const [oneYear] = await sqlIds(`${outside} AND p.supply_price_wan IS NOT NULL AND (p.agreed_start_date + interval '1 year')::date <= '${DATE}' AND (p.agreed_start_date + interval '2 years')::date > '${DATE}'`);
    expect(twoYears && oneYear).toBeTruthy();
    for (const id of [twoYears, oneYear]) expect((await admin.request('PUT', `/api/parcels/${id}/idle-assessment`, {})).status).toBe(200);
    const ws = (await warnings()).warnings.filter((w: any) => w.kind === 'idle_land');
    const recoverable = ws.find((w: any) => w.parcelId === twoYears);
    expect(recoverable).toMatchObject({ severity: 'high', facts: { idleClass: 'recoverable', assessed: true } });
    expect(recoverable.title).toContain('可无偿收回');
    const fee = ws.find((w: any) => w.parcelId === oneYear);
    const [row] = await server.db.query<{ price: number }>('SELECT supply_price_wan AS price FROM parcels WHERE id = $1', [oneYear]);
    expect(fee.facts.idleClass).toBe('idle_fee');
    expect(fee.facts.idleFeeWan).toBeCloseTo(row!.price * 0.2, 2);
    expect(fee.title).toContain(`${(row!.price * 0.2).toFixed(2)} 万元`);
  });

  it('warns of open parcels with no disposal method and of area checks that fail, as SQL finds them', async () => {
    const { warnings: ws } = await warnings();
    const noPlan = await sqlIds(`coalesce(trim(p.disposal_method), '') = ''`);
    expect(noPlan.length).toBeGreaterThan(0);
    expect(idsOf(ws, 'no_disposal_plan')).toEqual(noPlan);
    const mismatch = await sqlIds('p.area_mu IS NOT NULL AND NOT panhuo_area_ok(p.ledger_mu, p.area_mu, c.tolerance_relative, c.tolerance_absolute_mu)');
    expect(mismatch.length).toBeGreaterThan(0);
    expect(idsOf(ws, 'area_mismatch')).toEqual(mismatch);
  });

  it('names the units behind the expected line, as progress rates them', async () => {
    const { warnings: ws, expectedPct } = await warnings();
    const progress = (await server.get(`/api/campaigns/1/progress?date=${DATE}`)).body;
    expect(expectedPct).toBe(progress.expectedPct);
    const behind = progress.units.flatMap((u: any) => Object.entries(u.tasks).filter(([, f]: any) => f.pace === 'behind').map(([t]) => `${u.unitId}:${t}`)).sort();
    expect(behind.length).toBeGreaterThan(0);
    expect(ws.filter((w: any) => w.kind === 'unit_behind').map((w: any) => `${w.unitId}:${w.facts.taskType}`).sort()).toEqual(behind);
  });

  it('finds records not updated for more than N days (N from the query, 90 by default)', async () => {
    const [open] = await sqlIds(`NOT EXISTS (SELECT 1 FROM disposal_records d WHERE d.parcel_id = p.id)`);
    expect(idsOf((await warnings()).warnings, 'stale_record')).toEqual([]);
    await server.db.query(`UPDATE parcels SET updated_at = '2021-06-01T04:00:00Z' WHERE id = $1`, [open]);
    const stale = (await warnings()).warnings.find((w: any) => w.kind === 'stale_record');
    expect(stale).toMatchObject({ parcelId: open, facts: { lastUpdated: '2021-06-01', days: 202, staleDays: 90 } });
    expect(idsOf((await warnings('&staleDays=202')).warnings, 'stale_record')).toEqual([]);
    expect(idsOf((await warnings('&staleDays=201')).warnings, 'stale_record')).toEqual([open]);
  });

  it('counts by kind and severity what it returns, and narrows by kind and unit', async () => {
    const all = await warnings();
    expect(all.counts.total).toBe(all.warnings.length);
    for (const kind of Object.keys(all.counts.byKind)) expect(all.counts.byKind[kind]).toBe(all.warnings.filter((w: any) => w.kind === kind).length);
    expect(Object.values(all.counts.bySeverity).reduce((a: any, b: any) => a + b, 0)).toBe(all.warnings.length);
    const unit = all.warnings.find((w: any) => w.kind === 'idle_land').unitId;
    const narrowed = await warnings(`&kind=idle_land,no_disposal_plan&unit=${unit}`);
    expect(narrowed.warnings.length).toBeGreaterThan(0);
    expect(narrowed.warnings.every((w: any) => ['idle_land', 'no_disposal_plan'].includes(w.kind) && w.unitId === unit)).toBe(true);
    expect(narrowed.warnings.length).toBe(all.warnings.filter((w: any) => ['idle_land', 'no_disposal_plan'].includes(w.kind) && w.unitId === unit).length);
  });

  it('answers the counts alone, equal to the full list\'s, without the list', async () => {
    const all = await warnings();
    const { status, body } = await server.get(`/api/campaigns/1/warnings/counts?date=${DATE}`);
    expect(status).toBe(200);
    expect(body.warnings).toBeUndefined();
    expect(body.counts).toEqual(all.counts);
    expect(body.units).toEqual(all.units);
    expect(body.date).toBe(DATE);
    expect(body.counts.total).toBeGreaterThan(20);
  });

  it('pages a filtered list: the pages in order are the whole list, each with the total and counts of all that match', async () => {
    const unit = (await warnings()).warnings.find((w: any) => w.kind === 'idle_land').unitId;
    const whole = await warnings(`&unit=${unit}`);
    const pages: any[] = [];
    for (let offset = 0; offset < whole.warnings.length; offset += 7) {
      const page = await warnings(`&unit=${unit}&offset=${offset}&limit=7`);
      expect(page.total).toBe(whole.warnings.length);
      expect(page.counts).toEqual(whole.counts);
      expect(page.warnings.length).toBe(Math.min(7, whole.warnings.length - offset));
      pages.push(...page.warnings);
    }
    expect(pages.map((w) => w.id)).toEqual(whole.warnings.map((w: any) => w.id));
    expect(whole.warnings.length).toBeGreaterThan(7);
    const limit = await server.get('/api/campaigns/1/warnings?limit=5000');
    expect(limit.status).toBe(400);
    expect(limit.body.error.message).toContain('参数 limit');
  });

  it('raises no unit warnings where no tasks are assigned (Anze) or before the campaign starts', async () => {
    const anze = (await server.get('/api/campaigns/2/warnings')).body;
    expect(anze.warnings.filter((w: any) => w.kind === 'unit_behind')).toEqual([]);
    expect(anze.counts.total).toBe(anze.warnings.length);
    const early = (await server.get('/api/campaigns/1/warnings?date=2021-05-07')).body;
    expect(early.expectedPct).toBe(0);
    expect(early.counts.byKind.unit_behind).toBe(0);
  });

  it('refuses bad parameters in Chinese', async () => {
    const kind = await server.get('/api/campaigns/1/warnings?kind=idle');
    expect(kind.status).toBe(400);
    expect(kind.body.error.message).toContain('参数 kind 有误：不认识的预警类型“idle”');
    // Known kinds in any order, repeated, are one question: the canonical order, once each.
    expect(kinds(' stale_record,idle_land,idle_land,area_mismatch')).toEqual(['idle_land', 'area_mismatch', 'stale_record']);
    const mixed = await server.get('/api/campaigns/1/warnings?kind=stale_record,idle_land,idle_land');
    expect(mixed.status).toBe(200);
    expect(mixed.body).toEqual((await server.get('/api/campaigns/1/warnings?kind=idle_land,stale_record')).body);
    expect((await server.get('/api/campaigns/1/warnings?kind=idle_land,')).body.error.message).toContain('参数 kind 有误');
    expect((await server.get('/api/campaigns/1/warnings?staleDays=0')).body.error.message).toContain('参数 staleDays');
    expect((await server.get('/api/campaigns/1/warnings?date=2021-02-30')).status).toBe(400);
    expect((await server.get('/api/campaigns/999/warnings')).status).toBe(404);
  });
});

describe('PUT /api/parcels/:id/idle-assessment', () => {
  /** An open idle parcel of 驿城区 two years past its agreed date, so the assessment's effect shows. */
  const recoverableInYicheng = async () =>
    (await sqlIds(`p.category = 'idle' AND p.unit_id = (SELECT id FROM units WHERE name = '驿城区') AND (p.agreed_start_date + interval '2 years')::date <= '${DATE}'`))[0]!;
  const classOf = async (id: number) => (await warnings()).warnings.find((w: any) => w.kind === 'idle_land' && w.parcelId === id)?.facts.idleClass ?? null;

  it('records a government cause with its note; the parcel and the warnings show it as such', async () => {
    const id = await recoverableInYicheng();
    expect(await classOf(id)).toBe('incomplete');
    const editor = await as('yicheng');
    expect((await editor.request('PUT', `/api/parcels/${id}/idle-assessment`, {})).status).toBe(200);
    expect(await classOf(id)).toBe('recoverable');
    const put = await editor.request('PUT', `/api/parcels/${id}/idle-assessment?date=${DATE}`, { governmentCause: true, governmentCauseNote: '规划调整，待重新出具规划条件' });
    expect(put.status).toBe(200);
    expect(put.body.idleClassification).toMatchObject({ class: 'government_cause', date: DATE });
    const detail = (await server.get(`/api/parcels/${id}?date=${DATE}`)).body;
    expect(detail.idleAssessment).toMatchObject({ governmentCause: true, governmentCauseNote: '规划调整，待重新出具规划条件', recordedBy: 'yicheng', actualStartDate: null });
    expect(detail.idleClassification.label).toBe('政府原因闲置：另行处置');
    const [row] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM idle_assessments WHERE parcel_id = $1 AND government_cause', [id]);
    expect(row!.n).toBe(1);
    expect(await classOf(id)).toBe('government_cause');

    // Work that started and is well under way ends the warning.
    const started = await editor.request('PUT', `/api/parcels/${id}/idle-assessment`, { actualStartDate: '2021-03-01', developedShare: '40%', investmentShare: 0.3 });
    expect(started.status).toBe(200);
    expect(await classOf(id)).toBeNull();
  });

  it('refuses invalid inputs with Chinese reasons and writes nothing', async () => {
    const id = await recoverableInYicheng();
    const before = await server.db.query('SELECT * FROM idle_assessments WHERE parcel_id = $1', [id]);
    const editor = await as('yicheng');
    const noNote = await editor.request('PUT', `/api/parcels/${id}/idle-assessment`, { governmentCause: true });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.message).toContain('须填写政府原因说明');
    const bare = await editor.request('PUT', `/api/parcels/${id}/idle-assessment`, { actualStartDate: '2021-03-01', developedShare: 35 });
    expect(bare.status).toBe(400);
    expect(bare.body.error.problems[0]).toContain('已开发面积比例');
    expect(await server.db.query('SELECT * FROM idle_assessments WHERE parcel_id = $1', [id])).toEqual(before);
  });

  it('lets editors only within their units, and admins; not field staff, viewers or visitors', async () => {
    const id = await recoverableInYicheng();
    const body = { actualStartDate: '2021-01-10' };
    expect((await (await as('kaifaqu')).request('PUT', `/api/parcels/${id}/idle-assessment`, body)).status).toBe(403);
    expect((await (await as('field')).request('PUT', `/api/parcels/${id}/idle-assessment`, body)).status).toBe(403);
    expect((await (await as('leader')).request('PUT', `/api/parcels/${id}/idle-assessment`, body)).status).toBe(403);
    const anonymous = await fetch(`${server.url}/api/parcels/${id}/idle-assessment`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(anonymous.status).toBe(401);
    const admin = await (await as('admin')).request('PUT', `/api/parcels/${id}/idle-assessment`, body);
    expect(admin.status).toBe(200);
    expect(admin.body.idleAssessment).toMatchObject({ actualStartDate: '2021-01-10', recordedBy: 'admin' });
    expect((await (await as('admin')).request('PUT', '/api/parcels/999999/idle-assessment', body)).status).toBe(404);
  });
});

describe('GET /api/campaigns/:id/warnings/digest.xlsx', () => {
  it('opens with exceljs; its counts per kind and its rows equal the JSON, each row linking to its parcel', async () => {
    const json = await warnings();
    const response = await fetch(`${server.url}/api/campaigns/1/warnings/digest.xlsx?date=${DATE}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(encodeURIComponent('预警日报-2021-12-20.xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const summary = workbook.getWorksheet('汇总')!;
    expect(summary.getCell('A1').value).toContain(DATE);
    const header = (summary.getRow(3).values as unknown[]).slice(1);
    expect(header).toEqual(['单位', '闲置土地', '进度滞后', '无处置方案', '面积不符', '重复上图', '久未更新', '合计']);
    const total = summary.getRow(summary.rowCount);
    expect(total.getCell(1).value).toBe('合计');
    const kinds = ['idle_land', 'unit_behind', 'no_disposal_plan', 'area_mismatch', 'duplicate_mapping', 'stale_record'];
    kinds.forEach((k, i) => expect(total.getCell(2 + i).value).toBe(json.counts.byKind[k]));
    expect(total.getCell(8).value).toBe(json.counts.total);
    // Unit rows add up to the total row.
    let sum = 0;
    for (let r = 4; r < summary.rowCount; r++) sum += summary.getRow(r).getCell(8).value as number;
    expect(sum).toBe(json.counts.total);

    const idleSheet = workbook.getWorksheet('闲置土地')!;
    expect(idleSheet.rowCount - 1).toBe(json.counts.byKind.idle_land);
    const first = json.warnings.find((w: any) => w.kind === 'idle_land');
    const row = idleSheet.getRow(2);
    expect(row.getCell(4).value).toBe(first.parcelCode);
    expect((row.getCell(9).value as any).hyperlink).toBe(`${server.url}/?campaign=1&parcel=${first.parcelId}`);
  });
});
