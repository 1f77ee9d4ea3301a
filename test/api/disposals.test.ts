import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPOSAL_METHODS } from '../../core/categories.ts';
import { todayInChina } from '../../core/dates.ts';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: Record<string, Client> = {};
/** An idle parcel wholly in 驿城区 with room left to dispose of. */
let parcel: { id: number; ledgerMu: number; disposedMu: number; code: string };

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'kaifaqu', 'leader']) clients[name] = await signIn(server.url, name, DEMO_PASSWORDS[name]!);
  parcel = (await server.db.query<typeof parcel>(
    `SELECT p.id, p.code, p.ledger_mu AS "ledgerMu", COALESCE((SELECT sum(mu) FROM disposal_records d WHERE d.parcel_id = p.id), 0)::float8 AS "disposedMu"
     FROM parcels p JOIN units u ON u.id = p.unit_id
     WHERE u.name = '驿城区' AND p.category = 'idle' AND p.deleted_at IS NULL
       AND (SELECT count(*) FROM parcel_unit_shares s WHERE s.parcel_id = p.id) = 1
     ORDER BY p.ledger_mu - COALESCE((SELECT sum(mu) FROM disposal_records d WHERE d.parcel_id = p.id), 0) DESC LIMIT 1`))[0]!;
  expect(parcel.ledgerMu - parcel.disposedMu).toBeGreaterThan(1);
});
afterAll(() => server?.close());

const records = async () => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM disposal_records WHERE parcel_id = $1', [parcel.id]))[0]!.n;
const idleDisposed = async () => (await server.get(`/api/campaigns/1/progress?date=${todayInChina()}`)).body.totals.idle.disposedMu as number;
const method = DISPOSAL_METHODS.idle[0]!;

describe('disposal records', () => {
  it('refuses more than the ledger area, naming both figures in 亩, and writes nothing', async () => {
    const n = await records();
    const tooMuch = parcel.ledgerMu - parcel.disposedMu + 0.5;
    const r = await clients.admin!.request('POST', `/api/parcels/${parcel.id}/disposals`, { date: '2021-08-01', mu: tooMuch, method, note: null });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(`${parcel.ledgerMu.toFixed(2)} 亩`);
    expect(r.body.error.message).toContain(`${(parcel.disposedMu + tooMuch).toFixed(2)} 亩`);
    expect(await records()).toBe(n);
  });

  it('refuses a future date, a method of another category, other units\' editors and viewers', async () => {
    const body = { date: '2021-08-01', mu: 0.5, method };
    const future = await clients.admin!.request('POST', `/api/parcels/${parcel.id}/disposals`, { ...body, date: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(future.body.error.message).toContain('晚于今天');
    const wrong = await clients.admin!.request('POST', `/api/parcels/${parcel.id}/disposals`, { ...body, method: DISPOSAL_METHODS.inefficient[0] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('不适用于供后闲置');
    expect((await clients.kaifaqu!.request('POST', `/api/parcels/${parcel.id}/disposals`, body)).status).toBe(403);
    expect((await clients.leader!.request('POST', `/api/parcels/${parcel.id}/disposals`, body)).status).toBe(403);
  });

  it('a valid record moves progress and shows in the history; deleting it moves progress back', async () => {
    const before = await idleDisposed();
    const mu = Math.min(2, Math.floor((parcel.ledgerMu - parcel.disposedMu) * 100) / 100);
    const r = await clients.admin!.request('POST', `/api/parcels/${parcel.id}/disposals`, { date: '2021-08-01', mu, method, note: '测试登记' });
    expect(r.status).toBe(201);
    expect(r.body.disposedMu).toBeCloseTo(parcel.disposedMu + mu, 6);
    expect(await idleDisposed()).toBeCloseTo(before + mu, 4);

    const detail = (await server.get(`/api/parcels/${parcel.id}`)).body;
    expect(detail.disposals.map((d: any) => d.id)).toContain(r.body.disposal.id);
    expect(detail.history[0]).toMatchObject({ action: 'disposal', actor: 'admin' });
    expect(detail.history[0].after.disposal).toMatchObject({ mu, method });
    // A disposal does not change the ledger fields, so an editor's open form stays current.
    expect(detail.properties.version).toBe(detail.history[1].version);

    const gone = await clients.admin!.request('DELETE', `/api/parcels/${parcel.id}/disposals/${r.body.disposal.id}`);
    expect(gone.status).toBe(204);
    expect(await idleDisposed()).toBeCloseTo(before, 4);
    expect((await server.get(`/api/parcels/${parcel.id}`)).body.history[0]).toMatchObject({ action: 'disposal_delete' });
    expect((await clients.admin!.request('DELETE', `/api/parcels/${parcel.id}/disposals/${r.body.disposal.id}`)).status).toBe(404);
  });
});
