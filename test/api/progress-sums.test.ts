/**
 * The kept sums of disposed mu (migrations 030, 035) against the rule they keep: after every kind of change the ledger
 * sees — disposals recorded, corrected and removed, a category changed, the parcel declared idle after its disposals,
 * a parcel deleted and restored, a boundary moved into another unit, a parcel taken out of a campaign's scope and put
 * back, a parcel deleted outright, a unit removed — the sums per campaign, unit, category and day equal each disposal
 * × unit share computed afresh, counted under the category the parcel stood in when the disposal was made (the oracle:
 * core's standingOn over its life, test/support/counted-category.ts), on the demo data of both databases. Each change
 * is written as the app writes one: its SQL, then the kept periods of the parcels it touched, in one transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../core/dates.ts';
import type { Queryable } from '../../server/db/types.ts';
import { keepPeriods } from '../../server/parcel-life/periods.ts';
import { insertEvents } from '../../server/parcel-life/record.ts';
import { countedCategories } from '../support/counted-category.ts';
import { openTestDb, type TestDb } from '../support/db.ts';

/** Each disposal × unit share, for every campaign whose scope holds the parcel: the join, without the category rule. */
const SHARES = `
  SELECT d.id AS disposal_id, d.parcel_id, cp.campaign_id, s.unit_id, p.category, d.date::text AS day, (d.mu * s.share)::float8 AS mu
  FROM disposal_records d
  JOIN parcels p ON p.id = d.parcel_id AND p.deleted_at IS NULL
  JOIN parcel_unit_shares s ON s.parcel_id = p.id
  JOIN campaign_parcels cp ON cp.parcel_id = p.id`;
const KEPT = `SELECT campaign_id, unit_id, category, day::text AS day, mu::float8 AS mu FROM progress_sums`;

/** The rule, computed from scratch: the shares summed under the category each disposal counts under. */
async function fromScratch(db: Queryable): Promise<SumRow[]> {
  const shares = await db.query<SumRow & { disposal_id: number; parcel_id: number }>(SHARES);
  const counted = await countedCategories(db, [...new Set(shares.map((r) => r.parcel_id))]);
  const sums = new Map<string, SumRow>();
  for (const { disposal_id, parcel_id: _p, ...r } of shares) {
    const category = counted.has(disposal_id) ? counted.get(disposal_id)! : r.category;
    if (category === null) continue;
    const key = `${r.campaign_id}/${r.unit_id}/${category}/${r.day}`;
    const sum = sums.get(key) ?? { ...r, category, mu: 0 };
    sums.set(key, { ...sum, mu: sum.mu + r.mu });
  }
  return [...sums.values()];
}

type SumRow = { campaign_id: number; unit_id: number; category: string | null; day: string; mu: number };

describe('progress sums kept by the writing transactions', () => {
  let t: TestDb;
  const q = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => t.db.query<T>(sql, params);

  beforeAll(async () => {
    t = await openTestDb();
  });
  afterAll(() => t?.dispose());

  /** Kept and from-scratch sums, keyed alike; zero sums are no rows on either side. */
  async function expectKeptEqualsScratch(step: string) {
    const index = (rows: SumRow[]) =>
      new Map(rows.filter((r) => Math.abs(r.mu) > 1e-9).map((r) => [`${r.campaign_id}/${r.unit_id}/${r.category}/${r.day}`, r.mu]));
    const kept = index(await q<SumRow>(KEPT));
    const scratch = index(await fromScratch(t.db));
    expect([...kept.keys()].sort(), step).toEqual([...scratch.keys()].sort());
    for (const [key, mu] of scratch) expect(kept.get(key)!, `${step}: ${key}`).toBeCloseTo(mu, 6);
    return kept.size;
  }

  it('holds the demo as migrated', async () => {
    expect(await expectKeptEqualsScratch('demo')).toBeGreaterThan(10);
  });

  it('follows every kind of change', async () => {
    const [disposed] = await q<{ id: number; parcel_id: number }>(
      `SELECT d.id, d.parcel_id FROM disposal_records d JOIN parcels p ON p.id = d.parcel_id
       WHERE p.deleted_at IS NULL AND (SELECT count(*) FROM parcel_unit_shares s WHERE s.parcel_id = p.id) = 1 ORDER BY d.id LIMIT 1`,
    );
    const parcel = disposed!.parcel_id;
    // A parcel not yet supplied, so that it can be supplied and declared idle after its disposals.
    const [other] = await q<{ id: number }>(
      `SELECT id FROM parcels WHERE campaign_id = 1 AND deleted_at IS NULL AND geom IS NOT NULL AND id <> $1 AND category IN ('approved_not_expropriated', 'expropriated_not_supplied')
         AND NOT EXISTS (SELECT 1 FROM disposal_records d WHERE d.parcel_id = parcels.id) ORDER BY id LIMIT 1`,
      [parcel],
    );
    /** A change in SQL; the ids it returns are the parcels it touched. */
    const sql = (text: string, params: unknown[]) => async (tx: Queryable) => (await tx.query<{ id: number }>(text, params)).map((r) => r.id);
    // Supplied on the day of two of its disposals (recorded after them: they still count), declared idle in 2023 with
    // the record following: the disposal after the supply counts toward no task, and none moves to 闲置土地.
    const suppliedThenIdle = async (tx: Queryable) => {
      await insertEvents(tx, [
        { parcelId: other!.id, event: { kind: 'supplied', date: '2021-08-02' as IsoDate, method: '出让' } },
        { parcelId: other!.id, event: { kind: 'declared_idle', date: '2023-03-01' as IsoDate } },
      ], { source: 'person', actor: 'test' });
      await tx.query(`UPDATE parcels SET category = 'idle' WHERE id = $1`, [other!.id]);
      return [other!.id];
    };
    const steps: Array<[string, (tx: Queryable) => Promise<number[]>]> = [
      ['a disposal recorded', sql(`INSERT INTO disposal_records (parcel_id, date, mu, method) VALUES ($1, '2021-08-02', 3.25, '供地') RETURNING parcel_id AS id`, [other!.id])],
      ['two more in one statement', sql(`INSERT INTO disposal_records (parcel_id, date, mu, method) VALUES ($1, '2021-08-02', 1.5, '供地'), ($1, '2021-09-10', 0.75, '供地') RETURNING parcel_id AS id`, [other!.id])],
      ['supplied on a disposal’s day, declared idle two years on', suppliedThenIdle],
      ['a disposal corrected (mu and date)', sql(`UPDATE disposal_records SET mu = mu + 1.1, date = date + 3 WHERE id = $1 RETURNING parcel_id AS id`, [disposed!.id])],
      ['a category overwritten in the record (the life says otherwise)', sql(`UPDATE parcels SET category = CASE WHEN category = 'idle' THEN 'expropriated_not_supplied' ELSE 'idle' END WHERE id = $1 RETURNING id`, [parcel])],
      ['a remark changed (nothing moves)', sql(`UPDATE parcels SET remarks = 'x' WHERE id = $1 RETURNING id`, [parcel])],
      ['a parcel deleted', sql(`UPDATE parcels SET deleted_at = now() WHERE id = $1 RETURNING id`, [parcel])],
      ['a parcel restored', sql(`UPDATE parcels SET deleted_at = NULL WHERE id = $1 RETURNING id`, [parcel])],
      ['a boundary moved into another unit', sql(`UPDATE parcels SET geom = ST_Translate(geom, 0.3, 0.2) WHERE id = $1 RETURNING id`, [other!.id])],
      ['a parcel out of a scope', sql(`DELETE FROM campaign_parcels WHERE parcel_id = $1 RETURNING parcel_id AS id`, [other!.id])],
      ['and back into one', sql(`INSERT INTO campaign_parcels (campaign_id, parcel_id, reason) SELECT campaign_id, $1, '测试' FROM parcels WHERE id = $1 RETURNING parcel_id AS id`, [other!.id])],
      ['a disposal removed', sql(`DELETE FROM disposal_records WHERE id = $1 RETURNING parcel_id AS id`, [disposed!.id])],
      ['a parcel deleted outright (its disposals cascade)', sql(`DELETE FROM parcels WHERE id = $1 RETURNING id`, [other!.id])],
      ['every disposal of a day moved a week on', sql(`UPDATE disposal_records SET date = date + 7 WHERE date = (SELECT min(date) FROM disposal_records) RETURNING parcel_id AS id`, [])],
    ];
    for (const [step, change] of steps) {
      await t.db.transaction(async (tx) => keepPeriods(tx, await change(tx)));
      await expectKeptEqualsScratch(step);
      if (change === suppliedThenIdle) {
        expect([...(await countedCategories(t.db, [other!.id])).values()], 'the disposal after the supply counts nowhere').toContain(null);
        const parts = await q<{ category: string }>('SELECT DISTINCT category FROM progress_parts WHERE parcel_id = $1', [other!.id]);
        expect(parts.map((r) => r.category), 'the record now says 闲置; its 2021 disposals stay where they were').not.toContain('idle');
        expect(parts.length).toBe(1);
      }
    }
    // Removing a unit takes its shares with it (ON DELETE CASCADE) and so its sums.
    const [unit] = await q<{ unit_id: number }>(`SELECT unit_id FROM progress_sums GROUP BY unit_id ORDER BY count(*) LIMIT 1`);
    await t.db.transaction(async (tx) => {
      await tx.query('DELETE FROM parcel_unit_shares WHERE unit_id = $1', [unit!.unit_id]);
    });
    await expectKeptEqualsScratch('a unit emptied');
    expect((await q(`SELECT 1 FROM progress_sums WHERE unit_id = $1`, [unit!.unit_id])).length).toBe(0);
  });

  it('leaves nothing behind when a change is rolled back', async () => {
    const before = await q<SumRow>(KEPT);
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query(`DELETE FROM disposal_records WHERE id IN (SELECT id FROM disposal_records ORDER BY id LIMIT 5)`);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await q<SumRow>(KEPT)).toEqual(before);
  });
});
