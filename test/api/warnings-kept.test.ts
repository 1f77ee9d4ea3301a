/**
 * Warnings at scale against the rules they stand for. The kept overlaps (migration 024) equal the spatial self-join
 * computed afresh after every kind of change a boundary sees; the warnings the server counts and pages in SQL
 * (server/warnings/sql.ts) equal core's computeWarnings run over every parcel's facts — same warnings, same order,
 * same counts — on the demo data and on random parcels (random categories, statuses, plans, areas, overlaps, dates
 * and idle assessments), on several dates; and the SQL idle class equals core's classifyIdleLand on random facts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyIdleLand, type IdleLandFacts } from '../../core/idle-land.ts';
import { CATEGORIES, STATUSES } from '../../core/categories.ts';
import type { IsoDate } from '../../core/dates.ts';
import { computeWarnings, countWarnings, type ParcelOverlapFacts, type UnitTaskFigures } from '../../core/warnings/index.ts';
import { SERIOUS_AREA_RATIO } from '../../core/warnings/parcel-rules.ts';
import { checkLedgerArea } from '../../core/ledger-check.ts';
import { campaignFromParam } from '../../server/campaigns/queries.ts';
import { campaignProgress } from '../../server/campaigns/progress.ts';
import type { Queryable } from '../../server/db/types.ts';
import { campaignWarningCounts, campaignWarnings } from '../../server/warnings/campaign-warnings.ts';
import { parcelFacts } from '../../server/warnings/queries.ts';
import { KEPT_KINDS, KEPT_STALE_BODY, KEPT_WARNINGS_BODY } from '../../server/warnings/kept.ts';
import { Random } from '../../scripts/demo/random.ts';
import { openTestDb, type TestDb } from '../support/db.ts';

/** Every overlapping pair of live parcels, from scratch (the query warnings ran before the pairs were kept). */
const PAIRS_FROM_SCRATCH = `
  SELECT a.id AS a, b.id AS b, ST_Area(ST_Intersection(a.geom, b.geom)::geography) / (10000.0 / 15) AS mu
  FROM parcels a JOIN parcels b ON b.geom && a.geom AND b.id > a.id AND ST_Intersects(a.geom, b.geom)
  WHERE a.deleted_at IS NULL AND b.deleted_at IS NULL`;

type Pair = { a: number; b: number; mu: number };

async function expectPairsKept(db: Queryable, step: string) {
  const scratch = (await db.query<Pair>(PAIRS_FROM_SCRATCH)).filter((p) => p.mu > 0);
  const kept = await db.query<Pair>('SELECT a_id AS a, b_id AS b, overlap_mu AS mu FROM parcel_overlaps');
  const index = (rows: Pair[]) => new Map(rows.map((r) => [`${r.a}-${r.b}`, r.mu]));
  const k = index(kept);
  expect([...k.keys()].sort(), step).toEqual([...index(scratch).keys()].sort());
  for (const p of scratch) expect(k.get(`${p.a}-${p.b}`)!, `${step}: ${p.a}-${p.b}`).toBeCloseTo(p.mu, 9);
  return kept.length;
}

/** core's rules over every live parcel of the campaign, as the server ran them before the SQL counted them. */
async function fromScratch(db: Queryable, campaignId: number, date: IsoDate, staleDays: number) {
  const campaign = await campaignFromParam(db, String(campaignId));
  const [parcels, progress, pairs] = await Promise.all([
    parcelFacts(db, { campaignId }), campaignProgress(db, campaign, date), db.query<Pair>(PAIRS_FROM_SCRATCH),
  ]);
  const area = new Map(parcels.map((p) => [p.id, p.ellipsoidalMu ?? 0]));
  const overlaps: ParcelOverlapFacts[] = pairs.filter((p) => area.has(p.a) && area.has(p.b))
    .map((p) => ({ aId: p.a, bId: p.b, overlapMu: p.mu, aMu: area.get(p.a)!, bMu: area.get(p.b)! }));
  const unitFigures: UnitTaskFigures[] = progress.units.flatMap((u) => campaign.taskTypes.map((taskType) => ({
    unitId: u.unitId, unitName: u.name, taskType, taskMu: u.tasks[taskType]?.taskMu ?? null, disposedMu: u.tasks[taskType]?.disposedMu ?? 0,
  })));
  return {
    campaign,
    all: computeWarnings({ date, parcels, unitFigures, expectedPct: progress.expectedPct, tolerance: campaign.tolerance, staleDays, overlaps, overlapThresholdMu: campaign.overlapThresholdMu }),
  };
}

/**
 * The kept warnings (migration 034) against core's: every campaign's warning_keys are exactly core's date-free warnings
 * (kind, severity, unit), and warning_counts exactly the keys counted.
 */
async function expectKeptEqualsCore(db: Queryable, step: string) {
  const campaigns = await db.query<{ id: number; end: IsoDate }>(`SELECT id, end_date::text AS "end" FROM campaigns ORDER BY id`);
  let kept = 0;
  for (const c of campaigns) {
    const { all } = await fromScratch(db, c.id, c.end, 90);
    const expected = all.filter((w) => (KEPT_KINDS as readonly string[]).includes(w.kind)).map((w) => `${w.id}/${w.severity}/${w.unitId}`).sort();
    const keys = await db.query<{ k: string }>(`SELECT id || '/' || severity || '/' || coalesce(unit_id::text, 'null') AS k FROM warning_keys WHERE campaign_id = $1`, [c.id]);
    expect(keys.map((r) => r.k).sort(), `${step}: campaign ${c.id}`).toEqual(expected);
    kept += keys.length;
  }
  const counted = `SELECT campaign_id, kind, severity, unit_id, n::int AS n FROM warning_counts ORDER BY 1, 2, 3, 4`;
  const fresh = `SELECT campaign_id, kind, severity, unit_id, count(*)::int AS n FROM warning_keys GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
  expect(await db.query(counted), `${step}: counts`).toEqual(await db.query(fresh));
  return kept;
}

/** The server's counts, full list and pages against core's full computation. */
async function expectSqlEqualsCore(db: Queryable, campaignId: number, date: IsoDate, staleDays: number) {
  const { campaign, all } = await fromScratch(db, campaignId, date, staleDays);
  const options = { date, staleDays };
  const step = `campaign ${campaignId} on ${date}, stale after ${staleDays} days`;
  const counts = await campaignWarningCounts(db, campaign, options);
  expect(counts.counts, step).toEqual(countWarnings(all));
  const listed = await campaignWarnings(db, campaign, { ...options, kinds: null, unitId: null });
  expect(listed.warnings.map((w) => w.id), step).toEqual(all.map((w) => w.id));
  expect(listed.warnings, step).toEqual(all);
  // Pages of 7 from three places, and a kind and a unit filter.
  for (const offset of [0, 7, Math.max(0, all.length - 5)]) {
    const page = await campaignWarnings(db, campaign, { ...options, kinds: null, unitId: null, offset, limit: 7 });
    expect(page.warnings.map((w) => w.id), `${step}, from ${offset}`).toEqual(all.slice(offset, offset + 7).map((w) => w.id));
  }
  const unitId = all.find((w) => w.unitId !== null)?.unitId ?? null;
  const kinds = ['area_mismatch', 'duplicate_mapping'] as const;
  const narrowed = await campaignWarnings(db, campaign, { ...options, kinds: [...kinds], unitId });
  const expected = all.filter((w) => (kinds as readonly string[]).includes(w.kind) && (unitId === null || w.unitId === unitId));
  expect(narrowed.warnings.map((w) => w.id), `${step}, narrowed`).toEqual(expected.map((w) => w.id));
  expect(narrowed.counts, `${step}, narrowed`).toEqual(countWarnings(expected));
  return all;
}

describe('warnings counted and paged in SQL, with overlaps kept by the writing transactions', () => {
  let t: TestDb;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.db.query<T>(sql, params);

  beforeAll(async () => {
    t = await openTestDb();
  });
  afterAll(() => t?.dispose());

  it('holds the demo as migrated: the pairs, and the warnings of every campaign on several dates', async () => {
    await expectPairsKept(t.db, 'demo');
    const campaigns = await q<{ id: number; start: IsoDate; end: IsoDate }>(`SELECT id, start_date::text AS start, end_date::text AS "end" FROM campaigns ORDER BY id`);
    let kinds = new Set<string>();
    for (const c of campaigns) {
      for (const [date, staleDays] of [[c.end, 90], [c.start, 30]] as const) {
        kinds = new Set([...kinds, ...(await expectSqlEqualsCore(t.db, c.id, date, staleDays)).map((w) => w.kind)]);
      }
    }
    expect(kinds.size).toBeGreaterThanOrEqual(3);
  });

  it('the kept pairs follow every kind of boundary change', async () => {
    const [p] = await q<{ id: number }>('SELECT id FROM parcels WHERE deleted_at IS NULL AND geom IS NOT NULL ORDER BY id LIMIT 1');
    const id = p!.id;
    const steps: Array<[string, string, unknown[]]> = [
      ['a copy of a parcel drawn again', `INSERT INTO parcels (campaign_id, code, project_name, category, status, geom, ledger_mu)
         SELECT campaign_id, code || '-副本', project_name, category, status, ST_Translate(geom, 0.0004, 0), ledger_mu FROM parcels WHERE id = $1`, [id]],
      ['two copies in one statement', `INSERT INTO parcels (campaign_id, code, project_name, category, status, geom, ledger_mu)
         SELECT campaign_id, code || '-副本' || k, project_name, category, status, ST_Translate(geom, 0.0002 * k, 0.0001), ledger_mu
         FROM parcels, generate_series(2, 3) k WHERE id = $1`, [id]],
      ['a remark changed (nothing moves)', `UPDATE parcels SET remarks = '核对' WHERE id = $1`, [id]],
      ['the boundary moved away', `UPDATE parcels SET geom = ST_Translate(geom, 0.05, 0.05) WHERE id = $1`, [id]],
      ['and back', `UPDATE parcels SET geom = ST_Translate(geom, -0.05, -0.05) WHERE id = $1`, [id]],
      ['the parcel deleted', `UPDATE parcels SET deleted_at = now() WHERE id = $1`, [id]],
      ['the parcel restored', `UPDATE parcels SET deleted_at = NULL WHERE id = $1`, [id]],
      ['the boundary removed', `UPDATE parcels SET geom = NULL WHERE code = (SELECT code || '-副本' FROM parcels WHERE id = $1)`, [id]],
      ['a copy deleted outright', `DELETE FROM parcels WHERE code = (SELECT code || '-副本2' FROM parcels WHERE id = $1)`, [id]],
    ];
    let most = 0;
    for (const [step, sql, params] of steps) {
      await t.db.transaction(async (tx) => void (await tx.query(sql, params)));
      most = Math.max(most, await expectPairsKept(t.db, step));
    }
    const [{ n }] = (await q<{ n: number }>('SELECT count(*)::int AS n FROM parcel_overlaps WHERE a_id = $1 OR b_id = $1', [id])) as [{ n: number }];
    expect(n).toBeGreaterThan(0);
    expect(most).toBeGreaterThan(0);
  });

  it('the kept warnings are the rules\' own, installed from server/warnings/kept.ts', async () => {
    const installed = await q<{ name: string; body: string }>(
      `SELECT proname AS name, prosrc AS body FROM pg_proc WHERE proname IN ('panhuo_warnings_refresh', 'panhuo_warnings_stale_refresh') ORDER BY 1`);
    // A changed rule or constant needs a migration that installs KEPT_WARNINGS_FUNCTIONS again and refreshes every parcel.
    expect(installed).toEqual([{ name: 'panhuo_warnings_refresh', body: KEPT_WARNINGS_BODY }, { name: 'panhuo_warnings_stale_refresh', body: KEPT_STALE_BODY }]);
    expect(await expectKeptEqualsCore(t.db, 'demo')).toBeGreaterThan(0);
  });

  it('kept warnings and counts follow every kind of change, and the counts and pages stay core\'s on every date', async () => {
    const [p] = await q<{ id: number; code: string }>(
      `SELECT id, code FROM parcels WHERE deleted_at IS NULL AND geom IS NOT NULL AND campaign_id = 1 AND status NOT IN ('disposed', 'struck_off') ORDER BY id LIMIT 1`);
    const id = p!.id;
    const copy = `${p!.code}-变更`;
    const steps: Array<[string, string, unknown[]]> = [
      ['a parcel created (a copy drawn over it, no plan)', `INSERT INTO parcels (campaign_id, code, project_name, category, status, geom, ledger_mu, unit_id)
         SELECT campaign_id, $2, project_name, category, 'registered', ST_Translate(geom, 0.0002, 0), ledger_mu, unit_id FROM parcels WHERE id = $1`, [id, copy]],
      ['its ledger mu edited far from its boundary', `UPDATE parcels SET ledger_mu = ledger_mu * 1.5 WHERE code = $1`, [copy]],
      ['its ledger mu edited within tolerance', `UPDATE parcels SET ledger_mu = area_mu * 1.001 WHERE code = $1`, [copy]],
      ['the record left unchanged since 2019 (stale on every date)', `UPDATE parcels SET updated_at = '2019-03-01T00:00:00Z' WHERE code = $1`, [copy]],
      ['a plan recorded', `UPDATE parcels SET disposal_method = '供应', status = 'planned' WHERE code = $1`, [copy]],
      ['the plan blanked', `UPDATE parcels SET disposal_method = '\u3000' WHERE code = $1`, [copy]],
      ['a disposal recorded and the parcel disposed', `WITH d AS (INSERT INTO disposal_records (parcel_id, date, mu, method) SELECT id, '2021-08-01', 1, '供应' FROM parcels WHERE code = $1)
         UPDATE parcels SET status = 'disposed' WHERE code = $1`, [copy]],
      ['reopened', `UPDATE parcels SET status = 'in_progress' WHERE code = $1`, [copy]],
      ['moved to another unit', `UPDATE parcels SET unit_id = (SELECT id FROM units WHERE id <> coalesce(parcels.unit_id, 0) ORDER BY id LIMIT 1) WHERE code = $1`, [copy]],
      ['recoded', `UPDATE parcels SET code = $1 || '甲' WHERE code = $1`, [copy]],
      ['the boundary moved away', `UPDATE parcels SET geom = ST_Translate(geom, 0.05, 0.05) WHERE code = $1 || '甲'`, [copy]],
      ['and back over the other', `UPDATE parcels SET geom = ST_Translate(geom, -0.05, -0.05) WHERE code = $1 || '甲'`, [copy]],
      ['the earlier parcel\'s boundary changed', `UPDATE parcels SET geom = ST_Translate(geom, 0.0001, 0) WHERE id = $1`, [id]],
      ['the boundary removed', `UPDATE parcels SET geom = NULL WHERE code = $1 || '甲'`, [copy]],
      ['the boundary drawn again', `UPDATE parcels SET geom = (SELECT ST_Translate(geom, 0.0003, 0) FROM parcels WHERE id = $2) WHERE code = $1 || '甲'`, [copy, id]],
      ['the parcel deleted', `UPDATE parcels SET deleted_at = now() WHERE code = $1 || '甲'`, [copy]],
      ['restored', `UPDATE parcels SET deleted_at = NULL WHERE code = $1 || '甲'`, [copy]],
      ['taken out of the campaign\'s scope', `DELETE FROM campaign_parcels WHERE campaign_id = 1 AND parcel_id = (SELECT id FROM parcels WHERE code = $1 || '甲')`, [copy]],
      ['put back', `INSERT INTO campaign_parcels (campaign_id, parcel_id, reason) SELECT 1, id, '测试' FROM parcels WHERE code = $1 || '甲'`, [copy]],
      ['the campaign\'s tolerance widened', `UPDATE campaigns SET tolerance_relative = 0.3 WHERE id = $1`, [1]],
      ['and its overlap threshold raised', `UPDATE campaigns SET overlap_threshold_mu = 50 WHERE id = $1`, [1]],
      ['both back', `UPDATE campaigns SET tolerance_relative = 0.01, overlap_threshold_mu = 0.1 WHERE id = $1`, [1]],
      ['many parcels edited in one statement', `UPDATE parcels SET disposal_method = NULL WHERE id IN (SELECT parcel_id FROM campaign_parcels WHERE campaign_id = 1 ORDER BY parcel_id LIMIT 20)`, []],
      ['the parcel deleted outright', `DELETE FROM parcels WHERE code = $1 || '甲'`, [copy]],
    ];
    const [c] = await q<{ start: IsoDate; end: IsoDate }>(`SELECT start_date::text AS start, end_date::text AS "end" FROM campaigns WHERE id = 1`);
    const seen = new Set<string>();
    for (const [step, sql, params] of steps) {
      await t.db.transaction(async (tx) => void (await tx.query(sql, params)));
      await expectKeptEqualsCore(t.db, step);
      // The date moved too: the dated kinds asked afresh, the kept ones read.
      for (const w of await expectSqlEqualsCore(t.db, 1, step.length % 2 ? c!.end : c!.start, 30)) {
        if (w.parcelCode?.startsWith(copy)) seen.add(`${w.kind}/${w.severity}`);
      }
    }
    // The changed parcel raised each kept kind on the way, and was stale until its disposal was recorded.
    expect([...seen].map((k) => k.split('/')[0])).toEqual(expect.arrayContaining([...KEPT_KINDS, 'stale_record']));
  });

  it('the SQL idle class is core\'s classifyIdleLand, on random facts', async () => {
    const random = new Random(24);
    const day = () => `20${String(random.int(18, 23))}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}` as IsoDate;
    const maybe = <T>(f: () => T) => (random.next() < 0.3 ? null : f());
    const cases = Array.from({ length: 600 }, () => {
      const actual = maybe(day);
      const facts: IdleLandFacts = {
        agreedStartDate: random.next() < 0.1 ? null : day(), actualStartDate: actual, haltedSince: actual && random.next() < 0.6 ? day() : null,
        developedShare: maybe(() => random.pick([0, 1 / 3, 0.3333, 0.5, 1])), investmentShare: maybe(() => random.pick([0, 0.25, 0.2499, 0.7])),
        governmentCause: random.next() < 0.2, landPriceWan: null, startFactsRecorded: random.next() < 0.6,
      };
      // Leap days and their anniversaries, where a year's length is decided.
      const asOf = (random.next() < 0.1 ? random.pick(['2021-02-28', '2020-02-29', '2022-02-28']) : day()) as IsoDate;
      if (random.next() < 0.05) facts.agreedStartDate = '2020-02-29' as IsoDate;
      return { facts, asOf };
    });
    const rows = await q<{ i: number; cls: string }>(
      `SELECT i, panhuo_idle_class(agreed, recorded, actual, developed, investment, halted, government, as_of) AS cls
       FROM json_to_recordset($1::json) AS c (i int, agreed date, recorded boolean, actual date, developed float8, investment float8, halted date, government boolean, as_of date)
       ORDER BY i`,
      [JSON.stringify(cases.map(({ facts: f, asOf }, i) => ({
        i, agreed: f.agreedStartDate, recorded: f.startFactsRecorded, actual: f.actualStartDate, developed: f.developedShare,
        investment: f.investmentShare, halted: f.haltedSince, government: f.governmentCause, as_of: asOf,
      })))],
    );
    expect(rows.map((r) => r.cls)).toEqual(cases.map(({ facts, asOf }) => classifyIdleLand(facts, asOf).class));
    expect(new Set(rows.map((r) => r.cls)).size).toBeGreaterThanOrEqual(7);
  });

  it('the SQL area check is core\'s checkLedgerArea, and its serious share core\'s, on random figures and tolerances', async () => {
    const random = new Random(1);
    const cases = Array.from({ length: 600 }, () => {
      const ledgerMu = random.pick([random.between(0.1, 3), random.between(3, 300), random.int(1, 500)]);
      const tolerance = { relative: random.pick([0, 0.005, 0.01, 0.03, 0.5]), absoluteMu: random.pick([0, 0.1, 0.5, 2]) };
      const allowed = Math.max(tolerance.absoluteMu, ledgerMu * tolerance.relative);
      // Exactly at the allowed difference and at the serious share, either side, and anywhere around.
      const areaMu = random.pick([ledgerMu + allowed, ledgerMu - allowed, ledgerMu * (1 + SERIOUS_AREA_RATIO), ledgerMu * (1 - SERIOUS_AREA_RATIO),
        ledgerMu * random.between(0.8, 1.2), ledgerMu + random.between(-1, 1)]);
      return { ledgerMu, areaMu, tolerance };
    });
    const rows = await q<{ ok: boolean; serious: boolean }>(
      `SELECT panhuo_area_ok(ledger, area, rel, abs_mu) AS ok, abs((ledger - area) / ledger) >= $2 AS serious
       FROM json_to_recordset($1::json) AS c (i int, ledger float8, area float8, rel float8, abs_mu float8) ORDER BY i`,
      [JSON.stringify(cases.map((c, i) => ({ i, ledger: c.ledgerMu, area: c.areaMu, rel: c.tolerance.relative, abs_mu: c.tolerance.absoluteMu }))), SERIOUS_AREA_RATIO],
    );
    const expected = cases.map((c) => {
      const check = checkLedgerArea(c.ledgerMu, c.areaMu, c.tolerance);
      return { ok: check.ok, serious: Math.abs(check.diffRatio ?? 1) >= SERIOUS_AREA_RATIO };
    });
    expect(rows).toEqual(expected);
    expect(new Set(expected.map((e) => `${e.ok}/${e.serious}`)).size).toBeGreaterThanOrEqual(3);
  });

  it('random parcels: the SQL raises, orders and counts what core raises, on several dates', async () => {
    const random = new Random(7);
    const [centre] = await q<{ x: number; y: number }>(
      `SELECT ST_X(ST_Centroid(geom)) AS x, ST_Y(ST_Centroid(geom)) AS y FROM parcels WHERE deleted_at IS NULL AND geom IS NOT NULL AND campaign_id = 1 ORDER BY id LIMIT 1`);
    const day = (year: number) => `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    const parcels = Array.from({ length: 120 }, (_, i) => {
      // Squares of 60–140 m, packed so that some overlap a little, some a lot.
      const side = random.between(0.0006, 0.0014);
      const x = centre!.x + random.between(-0.006, 0.006);
      const y = centre!.y + random.between(-0.006, 0.006);
      const mu = (side * 111000 * side * 93000) / 666.67;
      return {
        code: `RND-${String(i).padStart(3, '0')}${random.pick(['', 'a', 'B', '-1'])}`, category: random.pick(CATEGORIES), status: random.pick(STATUSES),
        geom: JSON.stringify({ type: 'MultiPolygon', coordinates: [[[[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]]] }),
        // Around the drawn area: inside the tolerance, just outside it, a tenth off and more.
        ledger_mu: Math.round(mu * random.pick([1, 1.005, 0.97, 1.09, 1.11, 0.5, 2]) * 100) / 100,
        disposal_method: random.pick([null, '', ' ', '\u3000', '供应', '列入储备']),
        supply_date: random.next() < 0.5 ? null : day(random.int(2019, 2022)),
        agreed_start_date: random.next() < 0.15 ? null : day(random.int(2018, 2022)),
        supply_price_wan: random.next() < 0.3 ? null : random.int(100, 5000),
        unit_id: random.next() < 0.05 ? null : undefined,
      };
    });
    await t.db.transaction(async (tx) => {
      const ids = await tx.query<{ id: number }>(
        `INSERT INTO parcels (campaign_id, code, project_name, category, status, geom, ledger_mu, disposal_method, supply_date, agreed_start_date, supply_price_wan)
         SELECT 1, code, '随机' || code, category, status, ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326), ledger_mu, disposal_method, supply_date, agreed_start_date, supply_price_wan
         FROM json_to_recordset($1::json) AS r (code text, category text, status text, geom text, ledger_mu float8, disposal_method text, supply_date date, agreed_start_date date, supply_price_wan float8)
         RETURNING id`, [JSON.stringify(parcels)]);
      // Some without a unit, some assessed, some with disposals recorded; and some records long unchanged.
      await tx.query(`UPDATE parcels SET unit_id = NULL WHERE id = ANY($1::int[])`, [ids.filter((_, i) => parcels[i]!.unit_id === null).map((r) => r.id)]);
      const assessed = ids.filter(() => random.next() < 0.35).map((r) => {
        const actual = random.next() < 0.5 ? null : day(random.int(2018, 2021));
        const gov = random.next() < 0.2;
        return { parcel_id: r.id, actual, halted: actual && random.next() < 0.6 ? `${Number(actual.slice(0, 4)) + 1}${actual.slice(4)}` : null,
          developed: random.pick([null, 0.1, 0.34, 0.9]), investment: random.pick([null, 0.1, 0.3]), gov, note: gov ? '规划调整' : null };
      });
      await tx.query(
        `INSERT INTO idle_assessments (parcel_id, actual_start_date, halted_since, developed_share, investment_share, government_cause, government_cause_note, recorded_by)
         SELECT parcel_id, actual, halted, developed, investment, gov, note, '测试' FROM json_to_recordset($1::json)
           AS a (parcel_id int, actual date, halted date, developed float8, investment float8, gov boolean, note text)`, [JSON.stringify(assessed)]);
      await tx.query(`INSERT INTO disposal_records (parcel_id, date, mu, method) SELECT id, '2021-07-01', 1, '供应' FROM unnest($1::int[]) AS id`,
        [ids.filter(() => random.next() < 0.2).map((r) => r.id)]);
      await tx.query(`UPDATE parcels SET updated_at = '2019-01-01T00:00:00Z' WHERE id = ANY($1::int[])`, [ids.filter(() => random.next() < 0.4).map((r) => r.id)]);
      await tx.query(`UPDATE idle_assessments SET recorded_at = '2019-06-01T00:00:00Z' WHERE parcel_id % 2 = 0`);
    });
    await expectPairsKept(t.db, 'random parcels');
    await expectKeptEqualsCore(t.db, 'random parcels');
    const kinds = new Set<string>();
    for (const [date, staleDays] of [['2021-12-20', 90], ['2021-06-01', 400], ['2021-09-30', 1000]] as const) {
      for (const w of await expectSqlEqualsCore(t.db, 1, date as IsoDate, staleDays)) kinds.add(`${w.kind}/${w.severity}`);
    }
    // The random ledger raised every kind at more than one severity.
    expect(kinds.size).toBeGreaterThanOrEqual(9);
    // A campaign tolerance whose relative part decides for these parcels (5–30 mu): the SQL reads the campaign's numbers.
    await q('UPDATE campaigns SET tolerance_relative = 0.03, tolerance_absolute_mu = 0.1 WHERE id = 1');
    await expectKeptEqualsCore(t.db, 'random parcels, the tolerance changed');
    const withTolerance = await expectSqlEqualsCore(t.db, 1, '2021-12-20' as IsoDate, 90);
    expect(withTolerance.some((w) => w.kind === 'area_mismatch')).toBe(true);
  });
});
