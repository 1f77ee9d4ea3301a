/**
 * The import preview's speed: a 10,000-parcel 界址点坐标 file (irregular outlines of 5–80 mu inside the campaign's
 * units, written by our coordinate-file writer, GBK) previewed through the real endpoint as the demo admin — read,
 * placed (units, overlaps with the ledger and within the file, update offers), kept for the commit. The target is
 * preview + commit ≤ 10 s on PostGIS and ≤ 20 s on PGlite (issue 10). bench.ts calls importPreviewSeconds; run alone
 * (`npx tsx scripts/bench/import-preview.ts`) it measures both databases over the demo data, PostGIS from DATABASE_URL.
 */
import { bbox, booleanPointInPolygon } from '@turf/turf';
import iconv from 'iconv-lite';
import pg from 'pg';
import { writeCoordinateFile } from '../../core/coordfile/write.ts';
import { readBoundaries } from '../../server/campaigns/preset.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PgliteDb } from '../../server/db/pglite.ts';
import { PostgresDb } from '../../server/db/postgres.ts';
import type { Db } from '../../server/db/types.ts';
import { DEMO_ACCOUNTS } from '../../server/demo/accounts.ts';
import { loadDemo } from '../../server/demo/load.ts';
import { start } from '../../server/start.ts';
import { Random } from '../demo/random.ts';
import { parcelOutline } from '../demo/shapes.ts';
import { scriptEnv } from '../../server/env.ts';

/** A coordinate file of `count` parcels inside the campaign's units (fixed seed), GBK as the bureaus' files are. */
export async function coordinateFileOf(count: number, seed = 7): Promise<Uint8Array> {
  const units = await readBoundaries('zhumadian-units.geojson');
  const random = new Random(seed);
  const [minX, minY, maxX, maxY] = bbox(units);
  const parcels = [];
  for (let i = 0; i < count; i++) {
    let centre: [number, number];
    do centre = [random.between(minX!, maxX!), random.between(minY!, maxY!)];
    while (!units.features.some((u) => booleanPointInPolygon(centre, u)));
    parcels.push({ code: `PREVIEW-${seed}-${i}`, name: `预览测速地块${i}`, geometry: parcelOutline(random, centre, random.between(5, 80)) });
  }
  return iconv.encode(writeCoordinateFile(parcels, { zone: 38 }), 'gbk');
}

/** Seconds to preview `file` through POST /api/imports/preview on a server over `db` (demo data loaded), and the answer's counts. */
export async function importPreviewSeconds(db: Db, file: Uint8Array): Promise<{ seconds: number; items: number; valid: number; overlapping: number }> {
  const running = await start(scriptEnv(), { db });
  try {
    const admin = DEMO_ACCOUNTS.find((a) => a.username === 'admin')!;
    const login = await fetch(`${running.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: admin.username, password: admin.password }) });
    const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };
    const form = new FormData();
    form.set('file', new Blob([file as Uint8Array<ArrayBuffer>]), 'bench.txt');
    form.set('campaignId', '1');
    form.set('category', 'approved_not_expropriated');
    form.set('status', 'registered');
    const t = performance.now();
    const response = await fetch(`${running.url}/api/imports/preview`, { method: 'POST', body: form, headers });
    const body = (await response.json()) as { items?: Array<{ valid: boolean; overlaps: unknown[] }>; error?: { message: string } };
    const seconds = (performance.now() - t) / 1000;
    if (!body.items) throw new Error(`preview failed (${response.status}): ${body.error?.message}`);
    return { seconds, items: body.items.length, valid: body.items.filter((i) => i.valid).length, overlapping: body.items.filter((i) => i.overlaps.length).length };
  } finally {
    await running.close();
  }
}

const PREVIEW_PARCELS = Number(process.env.PREVIEW_PARCELS ?? 10000);
const previewRows: string[][] = [];

/** For bench.ts: previews a 10,000-parcel coordinate file over the bench database (demo + `size` synthetic parcels). */
export async function previewFigure(db: Db, label: string, size: number): Promise<void> {
  const r = await importPreviewSeconds(db, await coordinateFileOf(PREVIEW_PARCELS));
  previewRows.push([label, String(size), String(r.items), r.seconds.toFixed(1), String(r.overlapping)]);
}

export function printPreviewFigures(): void {
  const header = ['database', 'parcels in the ledger', 'parcels in the file', 'import preview s', 'items with overlaps'];
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const r of previewRows) console.log(`| ${r.join(' | ')} |`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = await coordinateFileOf(PREVIEW_PARCELS);
  console.log(`coordinate file: ${PREVIEW_PARCELS} parcels, ${(file.byteLength / 1048576).toFixed(1)} MB`);
  const report = (label: string, r: Awaited<ReturnType<typeof importPreviewSeconds>>) =>
    console.log(`${label}: preview ${r.seconds.toFixed(1)} s for ${r.items} parcels (${r.valid} valid, ${r.overlapping} with overlaps)`);
  if (process.env.DATABASE_URL) {
    const name = 'panhuo_bench_preview';
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    const db = await PostgresDb.open(url.toString());
    await migrate(db);
    await loadDemo(db);
    report('PostGIS', await importPreviewSeconds(db, file));
    await db.close();
    await admin.query(`DROP DATABASE ${name}`);
    await admin.end();
  }
  const db = await PgliteDb.open();
  await migrate(db);
  await loadDemo(db);
  await db.exec('ANALYZE');
  report('PGlite', await importPreviewSeconds(db, file));
  await db.close();
}
