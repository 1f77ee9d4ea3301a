/**
 * Nothing lost in the move (issue 16): a database as it was before parcel events and the standing ledger — today's
 * migrations up to 016 with the demo loaded by the loader of that time (the last commit whose migrations end at 016,
 * checked out at test time) — migrated to today's schema keeps every figure the tests check: progress per unit with
 * ranks and pace for both seed campaigns on several dates, the weekly figures, reconciliation, parcel counts, each
 * parcel's disposals, field checks and history. The figures before are computed by that commit's own code, those
 * after by today's (test/migration/figures.ts in each tree); and each parcel's stored events are those its ledger
 * record implies (core's eventsFromLedger). On whichever database the run uses (PGlite, or DATABASE_URL's server).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../core/dates.ts';
import { inLifeOrder } from '../../core/parcel-life/events.ts';
import { eventsFromLedger, type LedgerFacts } from '../../core/parcel-life/from-fields.ts';
import { disposalCategories, standingPeriods } from '../../core/parcel-life/standing.ts';
import { migrate } from '../../server/db/migrate.ts';
import { PgliteDb } from '../../server/db/pglite.ts';
import { PostgresDb } from '../../server/db/postgres.ts';
import type { Db } from '../../server/db/types.ts';
import { livesOf } from '../../server/parcel-life/queries.ts';
import { withDatabase } from '../support/pg-url.ts';

const run = promisify(execFile);
const ROOT = resolve('.');
const tsx = (cwd: string, ...args: string[]): Promise<unknown> => run(process.execPath, ['--import', 'tsx', ...args], { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });

let work: string;
let where: string;
let dropDb: (() => Promise<void>) | null = null;
const open = (): Promise<Db> => (where.startsWith('postgres') ? PostgresDb.open(where) : PgliteDb.open({ dataDir: where }));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'panhuo-migration-'));
  // Yesterday's tree: the newest commit whose migrations end at 016.
  const { stdout: log } = await run('git', ['log', '--format=%H', '-n', '400'], { cwd: ROOT });
  let commit: string | null = null;
  for (const h of log.trim().split('\n')) {
    const { stdout } = await run('git', ['ls-tree', '--name-only', h, 'data/migrations/'], { cwd: ROOT });
    if (stdout.includes('016_') && !stdout.includes('019_')) {
      commit = h;
      break;
    }
  }
  expect(commit, 'a commit before migration 019').not.toBeNull();
  const tree = join(work, 'yesterday');
  await run('bash', ['-c', `mkdir -p ${tree} && git archive ${commit} | tar -x -C ${tree}`], { cwd: ROOT });
  await symlink(join(ROOT, 'node_modules'), join(tree, 'node_modules'));

  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `panhuo_migration_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    where = withDatabase(url, name);
    dropDb = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      await c.end();
    };
  } else where = join(work, 'pgdata');
  await tsx(ROOT, 'test/migration/yesterday.ts', tree, where);
  await tsx(ROOT, 'test/migration/figures.ts', tree, where, join(work, 'before.json'));
}, 900_000);

afterAll(async () => {
  await dropDb?.();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('migrating yesterday’s database', () => {
  it('applies every migration since 016 (019 onwards), and every figure stays as it was', { timeout: 600_000 }, async () => {
    const db = await open();
    const applied = await migrate(db);
    await db.close();
    const since016 = (await readdir(join(ROOT, 'data/migrations'))).filter((f) => /^\d{3}_[\w-]+\.(sql|ts)$/.test(f) && Number(f.slice(0, 3)) > 16).sort();
    expect(applied).toEqual(since016);
    expect(applied.slice(0, 3).map((f) => f.slice(0, 3))).toEqual(['019', '020', '021']);
    await tsx(ROOT, 'test/migration/figures.ts', ROOT, where, join(work, 'after.json'));
    const [before, after] = await Promise.all(['before', 'after'].map(async (f) => JSON.parse(await readFile(join(work, `${f}.json`), 'utf8'))));
    expect(Object.keys(before.perParcel).length).toBeGreaterThan(400);
    expect(before.perParcel.filter((p: { disposals: unknown[] }) => p.disposals.length).length).toBeGreaterThan(50);
    expect(before.perParcel.reduce((s: number, p: { fieldChecks: number }) => s + p.fieldChecks, 0)).toBe(2);
    // Figure by figure, so that a difference names where it is.
    for (const key of Object.keys(before)) expect(after[key], key).toEqual(before[key]);
  });

  it('stores each parcel’s life as its ledger record implies', { timeout: 300_000 }, async () => {
    const db = await open();
    try {
      const parcels = await db.query<LedgerFacts & { id: number; start: IsoDate; last: IsoDate | null }>(
        `SELECT p.id, p.category, p.status, p.approval_date AS "approvalDate", p.approval_number AS "approvalNumber", p.approved_mu AS "approvedMu",
                p.supply_method AS "supplyMethod", p.supply_date AS "supplyDate", p.supervision_number AS "supervisionNumber", p.supply_price_wan AS "supplyPriceWan",
                p.agreed_start_date AS "agreedStartDate", p.disposal_method AS "disposalMethod", c.start_date AS start,
                (SELECT max(date) FROM disposal_records d WHERE d.parcel_id = p.id) AS last
         FROM parcels p JOIN campaigns c ON c.id = p.campaign_id ORDER BY p.id`);
      const events = await db.query<{ parcelId: number; kind: string; date: string; details: Record<string, unknown>; source: string; actor: string }>(
        `SELECT parcel_id AS "parcelId", kind, date, details, source, actor FROM parcel_events WHERE deleted_at IS NULL ORDER BY recorded_at, id`);
      expect(new Set(events.map((e) => `${e.source}/${e.actor}`))).toEqual(new Set(['ledger/台账迁移']));
      for (const p of parcels) {
        const expected = inLifeOrder(eventsFromLedger(p, p.start, p.last).map((e, seq) => ({ ...e, seq }))).map(({ seq: _seq, ...e }) => e);
        expect(events.filter((e) => e.parcelId === p.id).map(({ kind, date, details }) => ({ kind, date, ...details })), `parcel ${p.id}`).toEqual(expected);
      }
    } finally {
      await db.close();
    }
  });

  it('keeps each parcel’s periods as core’s rule cuts its stored life (033), and each disposal’s category (035)', { timeout: 300_000 }, async () => {
    const db = await open();
    try {
      const ids = (await db.query<{ id: number }>('SELECT id FROM parcels ORDER BY id')).map((p) => p.id);
      const [lives, kept, counted] = await Promise.all([
        livesOf(db, ids),
        db.query<{ parcelId: number; from: string | null; until: string | null; phase: string; category: string | null; status: string | null }>(
          `SELECT parcel_id AS "parcelId", valid_from AS from, valid_to AS until, phase, category, status FROM parcel_periods ORDER BY parcel_id, valid_from NULLS FIRST`),
        db.query<{ disposalId: number; category: string | null }>('SELECT disposal_id AS "disposalId", category FROM disposal_categories'),
      ]);
      expect(ids.length).toBeGreaterThan(400);
      for (const id of ids) {
        const life = lives.get(id)!;
        expect(kept.filter((k) => k.parcelId === id).map(({ parcelId: _id, ...k }) => k), `parcel ${id}`).toEqual(standingPeriods(life.events, life.ledgerMu));
      }
      const expected = [...lives.values()].flatMap((life) => disposalCategories(life.events, life.ledgerMu).map(({ disposal, category }) => [disposal.disposalId, category]));
      expect(expected.length).toBeGreaterThan(50);
      expect(counted.map((c) => [c.disposalId, c.category]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(expected.sort((a, b) => Number(a[0]) - Number(b[0])));
    } finally {
      await db.close();
    }
  });
});
