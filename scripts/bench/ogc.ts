/**
 * npx tsx scripts/bench/ogc.ts — OGC API – Features on PostGIS (DATABASE_URL) over demo + N synthetic parcels
 * (BENCH_SIZES, default 10000,100000): the first page and a page near the end at limit 1,000 (keyset: the two should
 * cost the same), p50/p95 of 20 requests each; and GDAL's ogr2ogr reading the whole collection through /ogc
 * (OAPIF, 1,000 a page), wall time.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { readBoundaries } from '../../server/campaigns/preset.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PostgresDb } from '../../server/db/postgres.ts';
import { loadDemo } from '../../server/demo/load.ts';
import { scriptEnv } from '../../server/env.ts';
import { start } from '../../server/start.ts';
import { insertSynthetic } from './synthetic.ts';

const run = promisify(execFile);
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const base = process.env.DATABASE_URL;
if (!base) throw new Error('DATABASE_URL (a PostgreSQL + PostGIS server) is needed');

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

async function timings(url: string, times = 20): Promise<{ p50: number; p95: number }> {
  await (await fetch(url)).arrayBuffer();
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    const r = await fetch(url);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${url}: ${r.status}`);
    ms.push(performance.now() - t);
  }
  return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95) };
}

const rows: string[] = [];
for (const size of SIZES) {
  const name = `${new URL(base).pathname.slice(1) || 'panhuo'}_bench_ogc_${size}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  // BENCH_TEMPLATE: a database with the demo already loaded (e.g. the tests' template) saves reading the demo's files.
  const template = process.env.BENCH_TEMPLATE;
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = await PostgresDb.open(url.toString());
  await migrate(db);
  if (!template) await loadDemo(db);
  await insertSynthetic(db, 1, await readBoundaries('zhumadian-units.geojson'), size);
  await db.exec('ANALYZE');
  const running = await start(scriptEnv(), { db });
  const [{ n, deep }] = await db.query<{ n: number; deep: number }>(
    'SELECT count(*)::int AS n, (percentile_disc(0.99) WITHIN GROUP (ORDER BY id))::int AS deep FROM parcels WHERE deleted_at IS NULL');
  const items = `${running.url}/ogc/collections/parcels/items?limit=1000`;
  const first = await timings(items);
  const last = await timings(`${items}&after=${deep}`);
  const dir = await mkdtemp(join(tmpdir(), 'panhuo-bench-ogc-'));
  const t = performance.now();
  await run('ogr2ogr', ['-f', 'GeoJSONSeq', join(dir, 'all.geojsons'), `OAPIF:${running.url}/ogc`, 'parcels', '-oo', 'PAGE_SIZE=1000'], { maxBuffer: 1 << 26 });
  const gdalSeconds = (performance.now() - t) / 1000;
  await rm(dir, { recursive: true, force: true });
  rows.push(`| ${n} | ${first.p50.toFixed(0)} / ${first.p95.toFixed(0)} | ${last.p50.toFixed(0)} / ${last.p95.toFixed(0)} | ${gdalSeconds.toFixed(1)} |`);
  console.log(rows.at(-1));
  await running.close();
  await db.close();
  await admin.query(`DROP DATABASE ${name}`);
  await admin.end();
}
console.log('\n| parcels | page 1, ms p50 / p95 (limit 1,000) | page at 99%, ms p50 / p95 | GDAL ogr2ogr all, s |\n|---|---|---|---|');
for (const row of rows) console.log(row);
