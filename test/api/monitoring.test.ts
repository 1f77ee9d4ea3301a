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

async function upload(who: string | null, campaign: number, name: string, content: BlobPart) {
  const headers: Record<string, string> = {};
  if (who) {
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: who, password: DEMO_PASSWORDS[who] }) });
    headers.cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    headers['x-csrf-token'] = ((await login.json()) as { csrfToken: string }).csrfToken;
  }
  const form = new FormData();
  form.set('file', new Blob([content]), name);
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
});
