import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../../core/dates.ts';
import { SNAPSHOT_QUEUE_LIMIT, snapshotCounters } from '../../server/wall/snapshot.ts';
import { DEMO_PASSWORDS } from '../support/session.ts';
import { startTestServer } from '../support/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
beforeAll(async () => {
  server = await startTestServer({ webRoot: process.env.PANHUO_WEB_ROOT ?? 'dist/web' });
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORDS.leader }),
  });
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(() => server?.close());

/**
 * This process's descendants from /proc: pid, parent, name, proportional memory (PSS, kB: shared pages split among
 * the processes sharing them, so the browser's processes can be summed). Linux only, as is the CI.
 */
function processTree(): Array<{ pid: number; ppid: number; name: string; pssKb: number }> {
  const all = new Map<number, { pid: number; ppid: number; name: string; pssKb: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1] ?? '';
      all.set(Number(entry), { pid: Number(entry), ppid: Number(field('PPid')), name: field('Name'), pssKb: 0 });
    } catch {
      // Gone while listing.
    }
  }
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all.values()) if (!mine.has(p.pid) && mine.has(p.ppid)) (mine.add(p.pid), (grew = true));
  }
  mine.delete(process.pid);
  return [...mine].map((pid) => {
    const p = all.get(pid)!;
    try {
      p.pssKb = parseInt(/^Pss:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? '0', 10);
    } catch {
      // Gone since.
    }
    return p;
  });
}

const png = (date: string, headers: Record<string, string> = { cookie }) => fetch(`${server.url}/api/campaigns/1/wall.png?date=${date}&task=overall`, { headers });

describe('wall.png under load', () => {
  it('needs an account', async () => {
    const r = await png('2021-09-24', {});
    expect(r.status).toBe(401);
    expect((await r.json()).error.message).toContain('请先登录');
  });

  it('10 concurrent requests: one browser launched, one render at a time, each answered with the PNG or 503 busy; memory bounded', async () => {
    const launchesBefore = snapshotCounters.launches;
    const rendersBefore = snapshotCounters.renders;
    const dates = Array.from({ length: 10 }, (_, i) => addDays('2021-06-04' as IsoDate, 7 * i));
    let peakBrowsers = 0;
    let peakMb = 0;
    const sampler = setInterval(() => {
      const tree = processTree();
      // Top-level browsers are this process's direct children; their renderers and GPU processes hang below.
      peakBrowsers = Math.max(peakBrowsers, tree.filter((p) => p.ppid === process.pid && /chrom/i.test(p.name)).length);
      peakMb = Math.max(peakMb, tree.reduce((sum, p) => sum + p.pssKb, 0) / 1024);
    }, 250);
    const answers = await Promise.all(dates.map(async (date) => {
      const r = await png(date);
      return { date, status: r.status, type: r.headers.get('content-type'), body: Buffer.from(await r.arrayBuffer()) };
    }));
    clearInterval(sampler);
    console.log(`10 concurrent wall.png: ${answers.filter((a) => a.status === 200).length} × 200, ${answers.filter((a) => a.status === 503).length} × 503; browsers at once ${peakBrowsers}, peak memory (PSS) of the browser's processes ${peakMb.toFixed(0)} MB`);

    const busy = answers.filter((a) => a.status === 503 && JSON.parse(a.body.toString('utf8')).error.message.includes('繁忙'));
    const drawn = answers.filter((a) => a.status === 200);
    for (const a of answers) {
      expect([200, 503]).toContain(a.status);
      if (a.status === 200) {
        expect(a.type).toBe('image/png');
        expect(a.body.subarray(1, 4).toString('latin1')).toBe('PNG');
      } else {
        expect(JSON.parse(a.body.toString('utf8')).error.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    // The queue takes as many as it holds (more if some finish before the last requests arrive; on a starved machine
    // some time out); the rest are told at once.
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(busy.length).toBeLessThanOrEqual(10 - SNAPSHOT_QUEUE_LIMIT);
    expect(snapshotCounters.launches - launchesBefore).toBe(1);
    // At least those drawn (a render whose request already gave up at its deadline still counts when it finishes).
    expect(snapshotCounters.renders - rendersBefore).toBeGreaterThanOrEqual(drawn.length);
    expect(peakBrowsers).toBe(1);
    // Three browsers at once took 2.9 GB before; one browser with one page at a time stays well under that.
    expect(peakMb).toBeLessThan(1200);

    // The same picture again at the same data version: from the cache, no render. (Not where the machine was too
    // starved to draw any within the render's time limit.)
    const served = drawn[0];
    if (!served) return;
    const started = performance.now();
    const rendersNow = snapshotCounters.renders;
    const again = await png(served.date);
    expect(again.status).toBe(200);
    expect(Buffer.from(await again.arrayBuffer()).equals(served.body)).toBe(true);
    expect(snapshotCounters.renders).toBe(rendersNow);
    expect(performance.now() - started).toBeLessThan(2000);

    // Identical requests in flight share one render.
    const fresh = dates.find((d) => !drawn.some((a) => a.date === d))!;
    const before = snapshotCounters.renders;
    const same = await Promise.all([png(fresh), png(fresh), png(fresh)]);
    expect(same.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(snapshotCounters.renders - before).toBe(1);
    expect(snapshotCounters.launches - launchesBefore).toBe(1);
  }, 300_000);
});
