import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInChina } from '../../core/dates.ts';
import { errorResponse } from '../../server/http/errors.ts';
import { campaignDateSpan } from '../../server/http/params.ts';
import { deadlineOf, deadlines, DEADLINES } from '../../server/http/limits.ts';
import { openTestDb } from '../support/db.ts';
import { DEMO_PASSWORDS, signIn, type Client } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let leader: Client;
beforeAll(async () => {
  server = await startTestServer();
  leader = await signIn(server.url, 'leader', DEMO_PASSWORDS.leader!);
});
afterAll(() => server?.close());

describe('dates bounded to the campaign', () => {
  const routes: Array<[string, string]> = [
    ['/api/campaigns/1/progress', 'date'],
    ['/api/campaigns/1/trend', 'until'],
    ['/api/campaigns/1/reports/weekly', 'week'],
    ['/api/campaigns/1/reports/tasks', 'date'],
    ['/api/campaigns/1/warnings', 'date'],
    ['/api/campaigns/1/warnings/digest.xlsx', 'date'],
    ['/api/campaigns/1/disposals/latest', 'date'],
    ['/api/campaigns/1/disposals/latest', 'since'],
    ['/api/campaigns/1/wall.png', 'date'],
    ['/api/parcels/1', 'date'],
  ];

  it.each(routes)('%s?%s= outside the campaign is a 400 naming the parameter and the span', async (path, param) => {
    const campaign = (await server.get('/api/campaigns/1')).body;
    const { from, to } = campaignDateSpan(campaign);
    for (const date of ['9999-12-31', '2300-01-01', '1900-01-01']) {
      const started = performance.now();
      const r = await leader.request('GET', `${path}?${param}=${date}`);
      expect(performance.now() - started).toBeLessThan(5000);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toContain(param);
      expect(r.body.error.message).toContain(`${from} 至 ${to}`);
    }
  });

  it('the span runs from the report week holding the start to the one holding today (the campaign is over)', async () => {
    const campaign = (await server.get('/api/campaigns/1')).body;
    expect(campaign.startDate).toBe('2021-05-07');
    const { from, to } = campaignDateSpan(campaign);
    // 2021-05-07 is a Friday: its report week opens on Saturday 05-01.
    expect(from).toBe('2021-05-01');
    expect(to >= todayInChina()).toBe(true);
    expect(new Date(`${to}T00:00:00Z`).getUTCDay()).toBe(5);
  });

  it('a trend to the last day allowed answers quickly, its running sums equal to the weekly sums', async () => {
    const campaign = (await server.get('/api/campaigns/1')).body;
    const { to } = campaignDateSpan(campaign);
    const started = performance.now();
    const trend = (await server.get(`/api/campaigns/1/trend?until=${to}`)).body;
    const took = performance.now() - started;
    expect(trend.weeks.at(-1)).toBe(to);
    expect(trend.weeks.length).toBeGreaterThan(250);
    expect(took).toBeLessThan(5000);
    const series = trend.totals.approved_not_supplied;
    let sum = 0;
    series.weekly.forEach((w: number, i: number) => {
      sum += w;
      expect(series.cumulative[i]).toBeCloseTo(sum, 6);
    });
  });
});

describe('deadlines', () => {
  it('one table: slow routes get longer, the event stream none, everything else 30 s', () => {
    expect(deadlineOf('/api/imports/preview').seconds).toBe(180);
    expect(deadlineOf('/api/campaigns/1/wall.png').seconds).toBe(150);
    expect(deadlineOf('/api/exports/parcels').seconds).toBe(120);
    expect(deadlineOf('/api/ledger/export').seconds).toBe(120);
    expect(deadlineOf('/api/events').seconds).toBeNull();
    expect(deadlineOf('/api/campaigns/1/progress').seconds).toBe(30);
    expect(DEADLINES.at(-1)!.seconds).toBe(30);
  });

  it('a request past its deadline is answered 503 with a Chinese message; a write is told to check whether it was saved', async () => {
    // The middleware with a table of its own (0.2 s), over a handler that takes longer.
    const app = new Hono()
      .use('*', deadlines([{ path: /./, seconds: 0.2, what: '测试' }]))
      .get('/slow', async (c) => (await new Promise((r) => setTimeout(r, 1000)), c.text('late')))
      .post('/slow', async (c) => (await new Promise((r) => setTimeout(r, 1000)), c.text('late')))
      .get('/fast', (c) => c.text('ok'));
    app.onError(errorResponse);
    const slow = await app.request('/slow');
    expect(slow.status).toBe(503);
    expect((await slow.json()).error.message).toBe('测试处理超时（超过 0.2 秒），请稍后重试');
    const write = await app.request('/slow', { method: 'POST' });
    expect((await write.json()).error.message).toContain('修改可能已保存');
    expect((await app.request('/fast')).status).toBe(200);
  });

  // PGlite runs statements in this process and cannot be interrupted: there the request has its 503 only.
  it.skipIf(process.env.DATABASE_URL === undefined)('past the deadline PostgreSQL stops the request\'s statement, rolls its write back and starts no other', async () => {
    const { db, dispose } = await openTestDb();
    try {
      let after: unknown = null;
      const app = new Hono()
        .use('*', deadlines([{ path: /./, seconds: 0.3, what: '测试' }]))
        .get('/read', async (c) => {
          await db.query("SELECT pg_sleep(20), 'deadline-read'");
          return c.text('late');
        })
        .post('/write', async (c) => {
          await db.transaction(async (tx) => {
            await tx.exec("UPDATE campaigns SET name = name || '·超时' WHERE id = 1");
            await tx.query("SELECT pg_sleep(20), 'deadline-write'");
          });
          return c.text('late');
        })
        .get('/then', async (c) => {
          try {
            await db.query("SELECT pg_sleep(1), 'deadline-then'");
          } catch {
            // Cancelled: the handler goes on to its next statement, which must not start.
          }
          try {
            await db.query("SELECT 'deadline-next'");
          } catch (error) {
            after = error;
          }
          return c.text('late');
        });
      app.onError(errorResponse);
      const running = async (label: string) =>
        (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%''${label}''%' AND pid <> pg_backend_pid()`))[0]!.n;
      const [name] = await db.query<{ name: string }>('SELECT name FROM campaigns WHERE id = 1');

      const started = performance.now();
      expect((await app.request('/read')).status).toBe(503);
      expect((await app.request('/write', { method: 'POST' })).status).toBe(503);
      expect(performance.now() - started).toBeLessThan(5_000);
      // The cancel lands within moments of the 503: neither sleep is left running, and the write was rolled back.
      await expect.poll(async () => (await running('deadline-read')) + (await running('deadline-write')), { timeout: 3_000 }).toBe(0);
      expect(await db.query<{ name: string }>('SELECT name FROM campaigns WHERE id = 1')).toEqual([name]);

      expect((await app.request('/then')).status).toBe(503);
      await expect.poll(() => after, { timeout: 3_000 }).toMatchObject({ code: '57014' });
      // The pool still serves other work.
      expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await dispose();
    }
  });
});

