/**
 * tsx scripts/bench/warnings.ts — the warnings' latency alone, on PostGIS (DATABASE_URL), over 10k and 100k synthetic
 * parcels (BENCH_SIZES): the counts the desk asks on load and after every save, and a page of 50, each cold (just
 * after a change moved the data version: nothing cached) and warm, the median of 6 runs. Quicker than `npm run bench`
 * when only warnings are in question. BENCH_KEEP=1 keeps each size's database for the next run (loaded once; newer
 * migrations are applied to it).
 */
import pg from 'pg';
import { insertSynthetic } from './synthetic.ts';
import { readBoundaries } from '../../server/campaigns/preset.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PostgresDb } from '../../server/db/postgres.ts';
import { loadDemo } from '../../server/demo/load.ts';
import { start } from '../../server/start.ts';
import { scriptEnv } from '../../server/env.ts';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const KEEP = process.env.BENCH_KEEP === '1';
const RUNS = 6;
const server = process.env.DATABASE_URL;
if (!server) throw new Error('DATABASE_URL: a PostgreSQL + PostGIS server to create the bench databases on');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(url: string): Promise<number> {
  const t = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return performance.now() - t;
}

const rows: string[][] = [];
for (const size of SIZES) {
  const name = `${new URL(server).pathname.slice(1) || 'panhuo'}_warnings_${size}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (!KEEP || !exists) {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  const db = await PostgresDb.open(url.toString());
  const applied = await migrate(db);
  if (!KEEP || !exists) {
    await loadDemo(db);
    const t = performance.now();
    await insertSynthetic(db, 1, await readBoundaries('zhumadian-units.geojson'), size);
    // What keeping the warnings costs the writer: the bulk loader's rate, through every trigger.
    console.log(`${name}: ${size} parcels loaded, ${(size / ((performance.now() - t) / 1000)).toFixed(0)} parcels/s`);
  } else if (applied.length) console.log(`${name}: applied ${applied.join(', ')}`);
  await db.exec('ANALYZE');
  const running = await start(scriptEnv(), { db });
  try {
    const counts = `${running.url}/api/campaigns/1/warnings/counts?date=2021-09-30`;
    const page = `${running.url}/api/campaigns/1/warnings?date=2021-09-30&limit=50`;
    const figures = { countsCold: [] as number[], countsWarm: [] as number[], pageCold: [] as number[], pageWarm: [] as number[] };
    // The first round warms the database's own caches and is left out.
    for (let i = 0; i <= RUNS; i++) {
      await db.exec('UPDATE data_version SET version = version + 1');
      const round = [await timed(counts), await timed(counts)];
      await db.exec('UPDATE data_version SET version = version + 1');
      round.push(await timed(page), await timed(page));
      if (i === 0) continue;
      figures.countsCold.push(round[0]!);
      figures.countsWarm.push(round[1]!);
      figures.pageCold.push(round[2]!);
      figures.pageWarm.push(round[3]!);
    }
    rows.push([String(size), ...Object.values(figures).map((xs) => median(xs).toFixed(0))]);
    console.log(`  | ${rows.at(-1)!.join(' | ')} |`);
  } finally {
    await running.close();
    await db.close();
    if (!KEEP) await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
  }
}
const header = ['parcels (PostGIS)', 'counts cold ms', 'counts warm ms', 'page (50) cold ms', 'page warm ms'];
console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
