/**
 * npm run bench — tile and progress latency over the demo plus BENCH_SIZES synthetic parcels (default 10k and 100k; 0 is
 * the demo alone, for the idle memory of a city's server), on both databases.
 * Real PostGIS: DATABASE_URL if set, else a throwaway cluster started with scripts/ci/pg-cluster.sh (needs root and
 * postgresql-15-postgis-3). For each size it prints p50/p95 latency of our tile endpoint (its cache missed) against
 * the same tile SQL run directly (the baseline, measured in the same run) over a fixed set of tiles at z6–z16, and from
 * its cache; the largest tile per zoom; the embedded database's tile latency (Node-encoded); the progress endpoint and
 * the warning counts, cold (just after a change) and warm (cached), a page of warnings and 台账截至 (the ledger as of a
 * date, from the kept periods of the lives: a page cold, then the next page); the wall's and the desk's ready time in headless
 * Chromium with the bytes the desk transferred before it was ready, and the desk's just after an edit of one parcel in
 * its opening view (scripts/bench/wall-paint.ts); idle memory.
 * Writing: the bulk loader's parcels/s (scripts/bench/synthetic.ts: raw multi-row INSERTs, no checks, no history)
 * beside an import commit's (the same number of parcels through commitImport and the parcel-write service: every
 * check, units from boundaries, history), in the same run.
 * Run through `npm run bench`, which builds the web app first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import pg from 'pg';
import { insertSynthetic, syntheticParcels } from './synthetic.ts';
import type { SessionUser } from '../../server/auth/types.ts';
import { commitImport } from '../../server/imports/commit.ts';
import { readBoundaries } from '../../server/campaigns/preset.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PgliteDb } from '../../server/db/pglite.ts';
import { PostgresDb } from '../../server/db/postgres.ts';
import type { Db } from '../../server/db/types.ts';
import { loadDemo } from '../../server/demo/load.ts';
import { start } from '../../server/start.ts';
import { postgisTileSql } from '../../server/tiles/parcel-tiles.ts';
import { wallPaint } from './wall-paint.ts';
import { previewFigure, printPreviewFigures } from './import-preview.ts';
import { scriptEnv } from '../../server/env.ts';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
// BENCH_PGLITE=0: PostGIS only (the embedded database's figures take as long again). BENCH_WRITES=0: reads only
// (no import commit or preview figures, which take longer than the rest).
const WRITES = process.env.BENCH_WRITES !== '0';
// The embedded database is one process with its data in memory: a city's or a small province's ledger. Above this
// (BENCH_PGLITE_MAX, default 100,000) its figures are not taken.
const PGLITE_MAX = Number(process.env.BENCH_PGLITE_MAX ?? 100_000);
// BENCH_KEEP=1000000 (sizes, comma-separated): those PostGIS databases are kept after the run and reused by the next
// (loading 1M parcels takes ~30 min here); their import figures are not taken (an import would change the size).
const KEEP = new Set((process.env.BENCH_KEEP ?? '').split(',').filter(Boolean).map(Number));
const WEB_ROOT = 'dist/web';
const CHROMIUM = process.env.PANHUO_CHROMIUM ?? '/usr/bin/chromium';
const CENTRE: [number, number] = [114.02, 32.98];

const MIN_ZOOM = 6;
const MAX_ZOOM = 16;

/**
 * A fixed set of tiles: at each zoom 6–16, the tile over the city centre and the 5×5 block around it (at z6–z10 that
 * block covers the whole city; the synthetic parcels are spread evenly, so higher up any block is as dense).
 */
function tiles(): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let z = MIN_ZOOM; z <= MAX_ZOOM; z++) {
    const x = Math.floor(((CENTRE[0] + 180) / 360) * 2 ** z);
    const r = (CENTRE[1] * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
    for (const dx of [-2, -1, 0, 1, 2]) for (const dy of [-2, -1, 0, 1, 2]) out.push([z, x + dx, y + dy]);
  }
  return out;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const median = (xs: number[]) => percentile(xs, 50);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** ms of running fn over every tile, once each. */
async function overTiles(fn: (t: [number, number, number]) => Promise<unknown>): Promise<number[]> {
  const times = [];
  for (const t of tiles()) times.push(await timed(() => fn(t)));
  return times;
}

/** Per zoom, the largest tile's bytes (uncompressed, as encoded) among the tile set. */
const largest = new Map<string, number[]>();
/** Per zoom, the endpoint's and the direct SQL's p50 / p95 ms (not cached), each row a database and size. */
const perZoom: string[][] = [];
const ZOOMS = Array.from({ length: MAX_ZOOM - MIN_ZOOM + 1 }, (_, i) => MIN_ZOOM + i);
/** The times of one zoom out of a pass over tiles() (its 5×5 block per zoom, in zoom order). */
const ofZoom = (times: number[], z: number) => times.slice((z - MIN_ZOOM) * 25, (z - MIN_ZOOM + 1) * 25);
const p50p95 = (xs: number[]) => `${median(xs).toFixed(0)}/${percentile(xs, 95).toFixed(0)}`;

/** Returns the bulk loader's parcels/s. */
async function prepare(db: Db, size: number): Promise<number> {
  await migrate(db);
  await loadDemo(db);
  const units = await readBoundaries('zhumadian-units.geojson');
  const t = performance.now();
  await insertSynthetic(db, 1, units, size);
  const seconds = (performance.now() - t) / 1000;
  console.log(`  inserted ${size} parcels in ${seconds.toFixed(1)} s (bulk loader)`);
  // As after a restart (PGlite analyses at start; PostgreSQL's autovacuum would in time).
  await db.exec('ANALYZE');
  return size / seconds;
}

const BENCH_ADMIN: SessionUser = { id: 0, username: 'bench', displayName: '基准测试', role: 'admin', unitIds: [], csrfToken: '' };

/**
 * Most parcels one import commit is timed on: a bureau's file holds thousands, and one transaction of 1M parcels through
 * every check would hold gigabytes for an hour to say what 100k say — the rate per parcel, over a ledger of `size`.
 */
const MAX_IMPORT = 100_000;

/** Commits min(size, MAX_IMPORT) new parcels (another set of the same kind) as an import would, in one transaction; returns parcels/s. */
async function importCommitRate(db: Db, size: number): Promise<number> {
  const units = await readBoundaries('zhumadian-units.geojson');
  const count = Math.min(size, MAX_IMPORT);
  const items = [...syntheticParcels(units, count, 7)].map(({ disposalDate: _d, ...parcel }) => ({ parcel }));
  const t = performance.now();
  const { created } = await db.transaction((tx) => commitImport(tx, 1, BENCH_ADMIN, items));
  const seconds = (performance.now() - t) / 1000;
  if (created.length !== count) throw new Error(`import commit wrote ${created.length} of ${count} parcels`);
  console.log(`  committed an import of ${count} parcels in ${seconds.toFixed(1)} s`);
  return count / seconds;
}

async function measure(db: Db, label: string, size: number, rows: string[][]) {
  const running = await start(
    scriptEnv(),
    { db, ...(existsSync(`${WEB_ROOT}/index.html`) ? { webRoot: WEB_ROOT } : {}) },
  );
  try {
    // The database's caches warmed by one pass of the tile SQL (on PGlite: of the endpoint, which is then cleared by
    // moving the data version on); then each tile once through the endpoint — a cache miss, as after an edit — and once
    // directly; then the endpoint again, now from its tile cache.
    const fetchTile = async ([z, x, y]: [number, number, number]) => new Uint8Array(await (await fetch(`${running.url}/tiles/parcels/${z}/${x}/${y}.mvt`)).arrayBuffer());
    const direct = async ([z, x, y]: [number, number, number]) => db.query(postgisTileSql(z), [null, z, x, y]);
    if (db.kind === 'postgres') await overTiles(direct);
    else await overTiles(fetchTile);
    await db.exec('UPDATE data_version SET version = version + 1; INSERT INTO tile_changes (version) SELECT version FROM data_version');
    const sizes = new Map<number, number>();
    const endpoint = await overTiles(async (t) => {
      const body = await fetchTile(t);
      sizes.set(t[0], Math.max(sizes.get(t[0]) ?? 0, body.byteLength));
    });
    largest.set(`${label} ${size}`, Array.from({ length: MAX_ZOOM - MIN_ZOOM + 1 }, (_, i) => sizes.get(MIN_ZOOM + i) ?? 0));
    const directTimes = db.kind === 'postgres' ? await overTiles(direct) : null;
    perZoom.push([label, String(size), ...ZOOMS.map((z) => {
      const ours = ofZoom(endpoint, z);
      if (!directTimes) return p50p95(ours);
      const theirs = ofZoom(directTimes, z);
      return `${p50p95(ours)} · ${p50p95(theirs)} · ${(median(ours) / median(theirs)).toFixed(2)}×`;
    })]);
    const cached = await overTiles(fetchTile);
    // Cold: the data version has just moved on, so the aggregation runs; warm: nothing changed, the cache answers.
    const fetchProgress = async () => (await fetch(`${running.url}/api/campaigns/1/progress?date=2021-09-30`)).json();
    const fetchCounts = async () => (await fetch(`${running.url}/api/campaigns/1/warnings/counts?date=2021-09-30`)).json();
    const cold: number[] = [];
    const warm: number[] = [];
    const countsCold: number[] = [];
    const countsWarm: number[] = [];
    // Eight walls asking at once just after an edit: the time until the last has its answer (one computation shared).
    const concurrent: number[] = [];
    for (let i = 0; i < 4; i++) {
      await db.exec('UPDATE data_version SET version = version + 1');
      concurrent.push(await timed(() => Promise.all(Array.from({ length: 8 }, fetchProgress))));
    }
    for (let i = 0; i < 6; i++) {
      await db.exec('UPDATE data_version SET version = version + 1');
      cold.push(await timed(fetchProgress));
      warm.push(await timed(fetchProgress));
      countsCold.push(await timed(fetchCounts));
      countsWarm.push(await timed(fetchCounts));
    }
    // A page of warnings (the desk's list) just after a change, and 台账截至 (the ledger as of a date, one query over the
    // kept periods of the lives): its first page, then the next. A deadline passed shows as its status, not a time.
    const fetchPage = async () => (await fetch(`${running.url}/api/campaigns/1/warnings?date=2021-09-30&limit=50`)).json();
    const timedStatus = async (url: string) => {
      const t = performance.now();
      const response = await fetch(url);
      await response.arrayBuffer();
      return response.ok ? (performance.now() - t).toFixed(0) : `HTTP ${response.status}`;
    };
    await db.exec('UPDATE data_version SET version = version + 1');
    const pageCold = await timed(fetchPage);
    const asOfUrl = `${running.url}/api/ledger?campaign=1&asOf=2021-09-30&limit=100`;
    const asOfCold = await timedStatus(asOfUrl);
    const asOfWarm = await timedStatus(`${asOfUrl}&offset=100`);
    // One parcel of the campaign written again as an edit would (every trigger: tile boxes, data version, kept tables).
    const editOne = () => db.exec(`UPDATE parcels SET remarks = remarks WHERE id = (
      SELECT p.id FROM parcels p JOIN campaign_parcels cp ON cp.parcel_id = p.id AND cp.campaign_id = 1 WHERE p.deleted_at IS NULL ORDER BY p.id LIMIT 1)`);
    const paint = existsSync(CHROMIUM) && existsSync(`${WEB_ROOT}/index.html`) ? await wallPaint(running.url, editOne, CHROMIUM) : null;
    // Idle: after the work above, with what the server keeps (tile cache, answers cached by data version).
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    rows.push([
      label,
      String(size),
      `${median(endpoint).toFixed(1)} / ${percentile(endpoint, 95).toFixed(1)}`,
      directTimes ? `${median(directTimes).toFixed(1)} / ${percentile(directTimes, 95).toFixed(1)}` : '—',
      directTimes ? `${(median(endpoint) / median(directTimes)).toFixed(2)} / ${(percentile(endpoint, 95) / percentile(directTimes, 95)).toFixed(2)}` : '—',
      median(cached).toFixed(1),
      median(cold.slice(1)).toFixed(1),
      median(warm.slice(1)).toFixed(1),
      median(concurrent.slice(1)).toFixed(1),
      `${median(countsCold.slice(1)).toFixed(0)} / ${median(countsWarm.slice(1)).toFixed(1)}`,
      pageCold.toFixed(0),
      `${asOfCold} / ${asOfWarm}`,
      paint ? paint.wallReady.toFixed(0) : '—',
      paint ? paint.deskReady.toFixed(0) : '—',
      paint ? paint.deskAfterEdit.toFixed(0) : '—',
      paint ? (paint.deskBytes / 1e6).toFixed(2) : '—',
      `${(memory.rss / 1e6).toFixed(0)} / ${(memory.heapUsed / 1e6).toFixed(0)}`,
    ]);
  } finally {
    await running.close();
  }
}

async function postgresUrl(): Promise<{ url: string; stop: () => void } | null> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: () => {} };
  try {
    const dir = mkdtempSync('/tmp/panhuo-bench-pg.');
    const url = execFileSync('scripts/ci/pg-cluster.sh', [dir], { encoding: 'utf8' }).trim();
    const bindir = execFileSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1'], { encoding: 'utf8' }).trim();
    return { url, stop: () => execFileSync('su', ['postgres', '-c', `${bindir}/pg_ctl -D ${dir}/data -m immediate stop`]) };
  } catch (error) {
    console.log(`(no PostgreSQL: ${(error as Error).message.split('\n')[0]} — PostGIS figures skipped)`);
    return null;
  }
}

const rows: string[][] = [];
const writes: string[][] = [];
const writeRow = (label: string, size: number, bulk: number, imported: number) =>
  writes.push([label, String(size), bulk.toFixed(0), imported.toFixed(0), (imported / bulk).toFixed(2)]);
const server = await postgresUrl();
// Every PostgreSQL size first, then the embedded ones: a closed PGlite leaves its memory to this process (its RSS was
// ~1.2 GB after 10k), which slowed the PostgreSQL figures measured after it by 15–25 % and inflated their idle memory.
for (const size of SIZES) {
  if (server) {
    console.log(`PostGIS, ${size} parcels`);
    // Named after the server's own database, so two people's benches on one cluster never drop each other's.
    const name = `${new URL(server.url).pathname.slice(1) || 'panhuo'}_bench_${size}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const url = new URL(server.url);
    url.pathname = `/${name}`;
    const keep = KEEP.has(size);
    const kept = keep && (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    if (!kept) {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
    }
    const db = await PostgresDb.open(url.toString());
    // A kept database is reused only if its loading finished (a loader stopped half-way leaves no mark).
    const reused = kept && (await db.query("SELECT 1 FROM pg_tables WHERE tablename = 'bench_loaded'")).length === 1;
    if (kept && !reused) throw new Error(`${name} exists but was not loaded to the end: drop it or run without BENCH_KEEP`);
    if (reused) {
      await migrate(db);
      console.log(`  reusing ${name} (BENCH_KEEP): no bulk loader or import figures`);
    }
    const bulk = reused ? null : await prepare(db, size);
    if (keep && !reused) await db.exec('CREATE TABLE bench_loaded (at timestamptz DEFAULT now()); INSERT INTO bench_loaded DEFAULT VALUES');
    await measure(db, 'PostGIS', size, rows);
    console.log(`  | ${rows.at(-1)!.join(' | ')} |`);
    // An import adds parcels: a kept database would not be the same size next time.
    if (WRITES && bulk !== null && !keep && size > 0) {
      writeRow('PostGIS', size, bulk, await importCommitRate(db, size));
      await previewFigure(db, 'PostGIS', size);
    }
    await db.close();
    if (!keep) await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
  }
}
server?.stop();
for (const size of SIZES) {
  if (process.env.BENCH_PGLITE === '0' || size > PGLITE_MAX) continue;
  console.log(`PGlite, ${size} parcels`);
  const db = await PgliteDb.open();
  const bulk = await prepare(db, size);
  await measure(db, 'PGlite', size, rows);
  console.log(`  | ${rows.at(-1)!.join(' | ')} |`);
  if (WRITES && size > 0) {
    writeRow('PGlite', size, bulk, await importCommitRate(db, size));
    await previewFigure(db, 'PGlite', size);
  }
  await db.close();
}

const header = [
  'database',
  'parcels',
  `tile endpoint, not cached, ms p50 / p95 (${tiles().length} tiles z${MIN_ZOOM}–z${MAX_ZOOM})`,
  'same SQL direct ms p50 / p95',
  'endpoint ÷ direct p50 / p95',
  'tile from cache ms p50',
  'progress cold ms',
  'progress warm ms',
  'progress cold, 8 at once, ms until the last',
  'warning counts ms cold / warm',
  'warnings page (50) ms cold',
  '台账截至 ms cold / next page',
  'wall ready ms',
  'desk map ready ms',
  'desk ready just after an edit ms',
  'desk MB before ready',
  'idle memory MB rss / heap',
];
console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

const sizeHeader = ['database', 'parcels', ...Array.from({ length: MAX_ZOOM - MIN_ZOOM + 1 }, (_, i) => `z${MIN_ZOOM + i} KB`)];
console.log(`\nLargest tile per zoom (uncompressed)\n| ${sizeHeader.join(' | ')} |\n|${sizeHeader.map(() => '---').join('|')}|`);
for (const [key, bytes] of largest) console.log(`| ${key.replace(' ', ' | ')} | ${bytes.map((b) => (b / 1024).toFixed(1)).join(' | ')} |`);

const zoomHeader = ['database', 'parcels', ...ZOOMS.map((z) => `z${z}`)];
console.log(`\nTile ms p50/p95 per zoom, not cached (PostGIS: endpoint · the same SQL direct · endpoint ÷ direct at p50; PGlite: endpoint)\n| ${zoomHeader.join(' | ')} |\n|${zoomHeader.map(() => '---').join('|')}|`);
for (const r of perZoom) console.log(`| ${r.join(' | ')} |`);

const writeHeader = ['database', 'parcels', 'bulk loader parcels/s', 'import commit parcels/s', 'import ÷ bulk'];
console.log(`\n| ${writeHeader.join(' | ')} |\n|${writeHeader.map(() => '---').join('|')}|`);
for (const r of writes) console.log(`| ${r.join(' | ')} |`);
printPreviewFigures();
