/**
 * npx tsx scripts/bench/ogc.ts — OGC API – Features on PostGIS (DATABASE_URL) over demo + N synthetic parcels
 * (BENCH_SIZES, default 10000,100000; 1000000 runs too, give it time and memory): the first page and the last full
 * page at limit 1,000 (keyset: the two should cost the same; at 1M the last is page 1,000), p50/p95 of 20 requests
 * each, beside the baseline: the same page SQL (server/ogc/items.ts itemsSql) run directly over one connection, in the
 * same run. The first page's numberMatched is counted once per data version (the warm-up request pays it; its time is
 * printed). Then GDAL's ogr2ogr reading the whole collection through /ogc (OAPIF, 1,000 a page) into GeoJSONSeq:
 * wall time and GDAL's own CPU time (up to BENCH_GDAL_MAX parcels, default 100000), BENCH_GDAL_RUNS times (default 1),
 * with the server making each next page while GDAL reads one (server/ogc/prefetch.ts; the page figures above are pages
 * made on request),
 * each run printed with the load average beside it (the machine is shared: a figure without its load means little).
 * BENCH_KEEP=100000 (sizes, comma-separated): those databases are kept after the run and reused by the next (loading
 * 100k parcels takes minutes), as in scripts/bench/bench.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { readBoundaries } from '../../server/campaigns/preset.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PostgresDb } from '../../server/db/postgres.ts';
import { loadDemo } from '../../server/demo/load.ts';
import { scriptEnv } from '../../server/env.ts';
import { DEFAULT_CRS } from '../../core/ogc/crs.ts';
import { collectionOf } from '../../server/ogc/collections.ts';
import { itemsSql, type ItemsQuery } from '../../server/ogc/items.ts';
import { start } from '../../server/start.ts';
import { insertSynthetic } from './synthetic.ts';

const run = promisify(execFile);
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const GDAL_MAX = Number(process.env.BENCH_GDAL_MAX ?? 100_000);
const GDAL_RUNS = Number(process.env.BENCH_GDAL_RUNS ?? 1);
const KEEP = new Set((process.env.BENCH_KEEP ?? '').split(',').filter(Boolean).map(Number));
const LIMIT = 1000;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const base = process.env.DATABASE_URL;
if (!base) throw new Error('DATABASE_URL (a PostgreSQL + PostGIS server) is needed');

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

interface Timing { p50: number; p95: number; first: number }

/** p50/p95 of `times` runs after a first one (timed apart: it warms caches, and pays the first page's count). */
async function timed(run: () => Promise<void>, times = 20): Promise<Timing> {
  let t = performance.now();
  await run();
  const first = performance.now() - t;
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), first };
}

const fetched = (url: string) => async () => {
  const r = await fetch(url);
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
};

const pageQuery = (after: number | null): ItemsQuery =>
  ({ limit: LIMIT, after, before: null, bbox: null, time: null, filter: null, crs: DEFAULT_CRS, campaign: null });

/** The baseline: the page's own SQL, straight through pg (rows fetched, nothing else). */
const direct = (client: pg.Client, after: number | null) => {
  const { sql, params } = itemsSql(collectionOf('parcels')!, pageQuery(after));
  return async () => void (await client.query(sql, params));
};

const ms = (t: Timing) => `${t.p50.toFixed(0)} / ${t.p95.toFixed(0)}`;
const ratio = (a: Timing, b: Timing) => `${(a.p50 / b.p50).toFixed(1)}× / ${(a.p95 / b.p95).toFixed(1)}×`;

const rows: string[] = [];
for (const size of SIZES) {
  const name = `${new URL(base).pathname.slice(1) || 'panhuo'}_bench_ogc_${size}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const keep = KEEP.has(size);
  const kept = keep && (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  // BENCH_TEMPLATE: a database with the demo already loaded (e.g. the tests' template) saves reading the demo's files.
  const template = process.env.BENCH_TEMPLATE;
  if (!kept) {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await PostgresDb.open(url.toString());
  await migrate(db);
  // A kept database is reused only if its loading finished (a loader stopped half-way leaves no mark).
  const reused = kept && (await db.query("SELECT 1 FROM pg_tables WHERE tablename = 'bench_loaded'")).length === 1;
  if (kept && !reused) throw new Error(`${name} exists but was not loaded to the end: drop it or run without BENCH_KEEP`);
  if (reused) console.log(`reusing ${name} (BENCH_KEEP)`);
  else {
    if (!template) await loadDemo(db);
    await insertSynthetic(db, 1, await readBoundaries('zhumadian-units.geojson'), size);
    await db.exec('ANALYZE');
    if (keep) await db.exec('CREATE TABLE bench_loaded (at timestamptz DEFAULT now()); INSERT INTO bench_loaded DEFAULT VALUES');
  }
  const running = await start(scriptEnv(), { db });
  // The last full page: exactly LIMIT parcels follow this id.
  const [{ n, deep }] = await db.query<{ n: number; deep: number }>(
    `SELECT (SELECT count(*)::int FROM parcels WHERE deleted_at IS NULL) AS n,
            (SELECT id FROM parcels WHERE deleted_at IS NULL ORDER BY id DESC OFFSET ${LIMIT} LIMIT 1) AS deep`);
  const items = `${running.url}/ogc/collections/parcels/items?limit=${LIMIT}`;
  const first = await timed(fetched(items));
  const last = await timed(fetched(`${items}&after=${deep}`));
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const firstSql = await timed(direct(client, null));
  const lastSql = await timed(direct(client, deep));
  await client.end();
  let gdal = '—';
  if (size <= GDAL_MAX) {
    const runs: string[] = [];
    for (let i = 0; i < GDAL_RUNS; i++) {
      const dir = await mkdtemp(join(tmpdir(), 'panhuo-bench-ogc-'));
      const before = load();
      const t = performance.now();
      // GNU time prints GDAL's own CPU seconds (user + system) on stderr.
      const { stderr } = await run('/usr/bin/time', ['-f', 'cpu %U %S', 'ogr2ogr', '-f', 'GeoJSONSeq', join(dir, 'all.geojsons'), `OAPIF:${running.url}/ogc`, 'parcels', '-oo', `PAGE_SIZE=${LIMIT}`], { maxBuffer: 1 << 26 });
      const wall = (performance.now() - t) / 1000;
      const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(stderr);
      runs.push(`${wall.toFixed(1)} (GDAL CPU ${cpu ? (Number(cpu[1]) + Number(cpu[2])).toFixed(1) : '?'}; load ${before})`);
      console.log(`  GDAL run ${i + 1}: ${runs.at(-1)}`);
      await rm(dir, { recursive: true, force: true });
    }
    gdal = runs.join('<br>');
  }
  rows.push(`| ${n} | ${ms(first)} (first ${first.first.toFixed(0)}) | ${ms(firstSql)} | ${ratio(first, firstSql)} | ${ms(last)} | ${ms(lastSql)} | ${ratio(last, lastSql)} | ${gdal} |`);
  console.log(rows.at(-1));
  await running.close();
  await db.close();
  if (!keep) await admin.query(`DROP DATABASE ${name}`);
  await admin.end();
}
console.log(`\n| parcels | page 1, ms p50 / p95 (limit ${LIMIT}) | its SQL directly | ratio | last full page, ms p50 / p95 | its SQL directly | ratio | GDAL ogr2ogr all, s |\n|---|---|---|---|---|---|---|---|`);
for (const row of rows) console.log(row);
