import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { EXTRA_NUMBERS, FIXTURE, supervisedDemoParcels } from '../fixtures/monitoring/make-fixture.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function upload(who: string | null, campaign: number, name: string, content: BlobPart, fields: Record<string, string> = {}) {
  const headers: Record<string, string> = {};
  if (who) {
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: who, password: DEMO_PASSWORDS[who] }) });
    headers.cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    headers['x-csrf-token'] = ((await login.json()) as { csrfToken: string }).csrfToken;
  }
  const form = new FormData();
  form.set('file', new Blob([content]), name);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const r = await fetch(`${server.url}/api/campaigns/${campaign}/monitoring`, { method: 'POST', headers, body: form });
  return { status: r.status, body: (await r.json()) as any };
}

describe('POST /api/campaigns/:id/monitoring', () => {
  it('matches the exported list with the ledger by 电子监管号, linking each finding to its parcel', async () => {
    const r = await upload('leader', 1, 'export.csv', await readFile(FIXTURE));
    expect(r.status).toBe(200);
    const demo = await supervisedDemoParcels();
    expect(r.body.areaUnit).toBe('公顷');
    expect(r.body.missingInLedger.map((m: any) => m.supervisionNumber)).toEqual(EXTRA_NUMBERS);
    expect(r.body.missingInMonitoring.map((m: any) => m.code)).toEqual(demo.slice(0, 3).map((p) => p.code));
    expect(r.body.areaDifferences.map((d: any) => d.code).sort()).toEqual([demo[3]!.code, demo[4]!.code].sort());
    // Each finding links to the ledger parcel it is about.
    for (const d of [...r.body.areaDifferences, ...r.body.missingInMonitoring]) {
      const parcel = (await server.get(`/api/parcels/${d.parcelId}`)).body;
      expect(parcel.properties.code).toBe(d.code);
    }
    const [{ n }] = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM parcels WHERE campaign_id = 1 AND deleted_at IS NULL AND COALESCE(supervision_number, '') = ''");
    expect(r.body.withoutNumber).toBe(n);
  });

  it('reads an Excel export in 亩 and applies the campaign tolerance', async () => {
    const demo = await supervisedDemoParcels();
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('供地清单');
    ws.addRow(['土地供应结果清单']);
    ws.addRow(['电子监管号', '项目名称', '供地面积（亩）']);
    // Everything as in the ledger, except one parcel 0.4 mu off (inside the 0.5 mu minimum) and one 10 mu off.
    demo.forEach((p, i) => ws.addRow([p.supervisionNumber, p.projectName, i === 0 ? p.ledgerMu + 0.4 : i === 1 ? p.ledgerMu + 10 : p.ledgerMu]));
    const r = await upload('admin', 1, '清单.xlsx', (await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    expect(r.status).toBe(200);
    expect(r.body.areaUnit).toBe('亩');
    expect(r.body.missingInMonitoring).toEqual([]);
    expect(r.body.areaDifferences.map((d: any) => [d.code, Math.round(d.diffMu * 10) / 10])).toEqual([[demo[1]!.code, -10]]);
  });

  it('says why a file cannot be compared, and needs a signed-in user', async () => {
    const wrong = await upload('admin', 1, 'x.csv', '编号,面积\n1,2\n');
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toContain('电子监管号');
    expect((await upload('admin', 1, 'x.pdf', 'abc')).status).toBe(422);
    expect((await upload(null, 1, 'export.csv', await readFile(FIXTURE))).status).toBe(401);
    expect((await upload('admin', 999, 'export.csv', await readFile(FIXTURE))).status).toBe(404);
  });

  it('records the export’s 交地/开工/竣工 dates as events from the monitoring system (admin), once', async () => {
    const [p] = await server.db.query<{ id: number; number: string; supplyDate: string | null }>(
      `SELECT id, supervision_number AS number, supply_date AS "supplyDate" FROM parcels WHERE category = 'idle' AND supervision_number IS NOT NULL AND supply_date IS NOT NULL AND deleted_at IS NULL ORDER BY id LIMIT 1`);
    const csv = `电子监管号,项目名称,供地面积(公顷),合同签订日期,实际交地时间,实际开工时间,实际竣工时间,约定开工时间\n${p!.number},测试,1.5,${p!.supplyDate},2021/6/1,2021年7月2日,,2022-01-01\n`;
    const readOnly = await upload('admin', 1, 'dates.csv', csv);
    expect(readOnly.body.recorded).toBeUndefined();
    expect((await upload('leader', 1, 'dates.csv', csv, { recordEvents: 'true' })).status).toBe(403);
    const r = await upload('admin', 1, 'dates.csv', csv, { recordEvents: 'true' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.recorded).toBe(2);
    const events = await server.db.query<{ kind: string; date: string; source: string }>(
      `SELECT kind, date, source FROM parcel_events WHERE parcel_id = $1 AND source = 'monitoring' AND deleted_at IS NULL ORDER BY date`, [p!.id]);
    expect(events).toEqual([{ kind: 'handed_over', date: '2021-06-01', source: 'monitoring' }, { kind: 'started', date: '2021-07-02', source: 'monitoring' }]);
    const life = (await server.get(`/api/parcels/${p!.id}/life`)).body;
    expect(life.standing.actualStartDate).toBe('2021-07-02');
    expect(life.events.find((e: { kind: string }) => e.kind === 'started')).toMatchObject({ label: '实际开工', source: 'monitoring', actor: 'admin' });
    expect((await upload('admin', 1, 'dates.csv', csv, { recordEvents: 'true' })).body.recorded).toBe(0);
  });
});
