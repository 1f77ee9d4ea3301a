/**
 * npx tsx scripts/bench/dossiers.ts — a batch of 1,000 dossiers (一宗一档) through POST /api/dossiers, as a person
 * would ask for it, on PostgreSQL + PostGIS (DATABASE_URL, in a database of its own named after it) and on the
 * embedded PGlite: the demo's parcels topped up to BENCH_PARCELS (default 1,000) with synthetic ones
 * (scripts/bench/synthetic.ts). Prints the batch's wall time, pages, per parcel and per page, and the CPU seconds the
 * server's process (every thread: reading, laying out, merging) and the browser (every Chromium process) spent — on a
 * shared machine the CPU figures say more than the wall time. BENCH_PGLITE=0 / BENCH_POSTGRES=0 skip one database;
 * BENCH_SAVE=<dir> keeps the PDFs.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { readBoundaries } from '../../server/campaigns/preset.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PgliteDb } from '../../server/db/pglite.ts';
import { PostgresDb } from '../../server/db/postgres.ts';
import type { Db } from '../../server/db/types.ts';
import { loadDemo } from '../../server/demo/load.ts';
import { scriptEnv } from '../../server/env.ts';
import { start } from '../../server/start.ts';
import { insertSynthetic } from './synthetic.ts';

const PARCELS = Number(process.env.BENCH_PARCELS ?? 1000);
const CHROMIUM = process.env.PANHUO_CHROMIUM ?? '/usr/bin/chromium';

/** CPU seconds of this process's descendants that are alive (the browser and its helpers), from /proc (Linux). */
function browserCpu(): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // ended meanwhile
    }
  }
  let total = 0;
  for (const [pid, seconds] of cpu) {
    let up = parent.get(pid);
    while (up !== undefined && up > 1 && up !== process.pid) up = parent.get(up);
    if (up === process.pid) total += seconds;
  }
  return total;
}

const processCpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

async function prepare(db: Db): Promise<number[]> {
  await migrate(db);
  await loadDemo(db);
  const [{ n } = { n: 0 }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM parcels WHERE campaign_id = 1 AND deleted_at IS NULL');
  if (n < PARCELS) await insertSynthetic(db, 1, await readBoundaries('zhumadian-units.geojson'), PARCELS - n);
  await db.exec('ANALYZE');
  const rows = await db.query<{ id: number }>('SELECT id FROM parcels WHERE campaign_id = 1 AND deleted_at IS NULL ORDER BY id LIMIT $1', [PARCELS]);
  return rows.map((r) => r.id);
}

async function batch(db: Db, label: string): Promise<string[]> {
  const ids = await prepare(db);
  const running = await start(scriptEnv({ chromium: CHROMIUM }), { db });
  try {
    const login = await fetch(`${running.url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'panhuo-admin-demo' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    const cpu0 = processCpu();
    const t0 = performance.now();
    const started = await fetch(`${running.url}/api/dossiers`, { method: 'POST', headers, body: JSON.stringify({ ids }) });
    let { job } = (await started.json()) as { job: { id: string; state: string; done: number; pages: number | null; bytes: number | null; message: string | null } };
    // The browser's CPU is read while it lives (it closes a minute after its last job), just before the batch ends.
    let browserSeconds = 0;
    while (job.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      browserSeconds = Math.max(browserSeconds, browserCpu());
      // A poll that fails (a connection reset on a loaded machine) is tried again at the next turn.
      const answer = await fetch(`${running.url}/api/dossiers/${job.id}`, { headers }).then((r) => r.json() as Promise<{ job: typeof job }>, (error: unknown) => {
        console.log(`  (poll failed: ${(error as Error).message}; tried again)`);
        return { job };
      });
      job = answer.job;
    }
    const seconds = (performance.now() - t0) / 1000;
    if (job.state !== 'done') throw new Error(`${label}: the batch failed: ${job.message}`);
    const file = await fetch(`${running.url}/api/dossiers/${job.id}/file`, { headers });
    const pdf = new Uint8Array(await file.arrayBuffer());
    const bytes = pdf.byteLength;
    // BENCH_SAVE=dir keeps the PDF, to look at (pdftoppm) where the pieces join.
    if (process.env.BENCH_SAVE) writeFileSync(`${process.env.BENCH_SAVE}/dossiers-${label}.pdf`, pdf);
    const serverSeconds = processCpu() - cpu0;
    const row = [label, String(ids.length), seconds.toFixed(1), String(job.pages), ((seconds * 1000) / ids.length).toFixed(0), ((seconds * 1000) / job.pages!).toFixed(1),
      serverSeconds.toFixed(1), browserSeconds.toFixed(1), (bytes / 1e6).toFixed(1)];
    console.log(`  | ${row.join(' | ')} |`);
    return row;
  } finally {
    await running.close();
  }
}

const rows: string[][] = [];
const base = process.env.DATABASE_URL;
if (base && process.env.BENCH_POSTGRES !== '0') {
  const name = `${new URL(base).pathname.slice(1) || 'panhuo'}_bench_dossiers`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await PostgresDb.open(url.toString());
  try {
    rows.push(await batch(db, 'PostGIS'));
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
  }
}
if (process.env.BENCH_PGLITE !== '0') {
  const db = await PgliteDb.open();
  try {
    rows.push(await batch(db, 'PGlite'));
  } finally {
    await db.close();
  }
}
const header = ['database', 'parcels', 'batch s', 'pages', 'ms / parcel', 'ms / page', 'server CPU s', 'browser CPU s', 'MB'];
console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
