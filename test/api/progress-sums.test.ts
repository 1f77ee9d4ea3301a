/**
 * The kept sums of disposed mu (migration 030) against the rule they keep: after every kind of change the ledger
 * sees — disposals recorded, corrected and removed, a category changed, a parcel deleted and restored, a boundary
 * moved into another unit, a parcel taken out of a campaign's scope and put back, a parcel deleted outright, a unit
 * removed — the sums per campaign, unit, category and day equal the join over every disposal computed afresh
 * (the SQL progress ran before the sums existed), on the demo data of both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../support/db.ts';

/** The rule, computed from scratch: each disposal × unit share, for every campaign whose scope holds the parcel. */
const FROM_SCRATCH = `
  SELECT cp.campaign_id, s.unit_id, p.category, d.date::text AS day, sum(d.mu * s.share)::float8 AS mu
  FROM disposal_records d
  JOIN parcels p ON p.id = d.parcel_id AND p.deleted_at IS NULL
  JOIN parcel_unit_shares s ON s.parcel_id = p.id
  JOIN campaign_parcels cp ON cp.parcel_id = p.id
  GROUP BY 1, 2, 3, 4`;
const KEPT = `SELECT campaign_id, unit_id, category, day::text AS day, mu::float8 AS mu FROM progress_sums`;

type SumRow = { campaign_id: number; unit_id: number; category: string; day: string; mu: number };

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
    const scratch = index(await q<SumRow>(FROM_SCRATCH));
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
    const [other] = await q<{ id: number }>(
      `SELECT id FROM parcels WHERE deleted_at IS NULL AND geom IS NOT NULL AND id <> $1
         AND NOT EXISTS (SELECT 1 FROM disposal_records d WHERE d.parcel_id = parcels.id) ORDER BY id LIMIT 1`,
      [parcel],
    );
    const steps: Array<[string, string, unknown[]]> = [
      ['a disposal recorded', `INSERT INTO disposal_records (parcel_id, date, mu, method) VALUES ($1, '2021-08-02', 3.25, '供地')`, [other!.id]],
      ['two more in one statement', `INSERT INTO disposal_records (parcel_id, date, mu, method) VALUES ($1, '2021-08-02', 1.5, '供地'), ($1, '2021-09-10', 0.75, '供地')`, [other!.id]],
      ['a disposal corrected (mu and date)', `UPDATE disposal_records SET mu = mu + 1.1, date = date + 3 WHERE id = $1`, [disposed!.id]],
      ['a category changed', `UPDATE parcels SET category = CASE WHEN category = 'idle' THEN 'expropriated_not_supplied' ELSE 'idle' END WHERE id = $1`, [parcel]],
      ['a remark changed (nothing moves)', `UPDATE parcels SET remarks = 'x' WHERE id = $1`, [parcel]],
      ['a parcel deleted', `UPDATE parcels SET deleted_at = now() WHERE id = $1`, [parcel]],
      ['a parcel restored', `UPDATE parcels SET deleted_at = NULL WHERE id = $1`, [parcel]],
      ['a boundary moved into another unit', `UPDATE parcels SET geom = ST_Translate(geom, 0.3, 0.2) WHERE id = $1`, [other!.id]],
      ['a parcel out of a scope', `DELETE FROM campaign_parcels WHERE parcel_id = $1`, [other!.id]],
      ['and back into one', `INSERT INTO campaign_parcels (campaign_id, parcel_id, reason) SELECT campaign_id, $1, '测试' FROM parcels WHERE id = $1`, [other!.id]],
      ['a disposal removed', `DELETE FROM disposal_records WHERE id = $1`, [disposed!.id]],
      ['a parcel deleted outright (its disposals cascade)', `DELETE FROM parcels WHERE id = $1`, [other!.id]],
      ['every disposal of a day moved a week on', `UPDATE disposal_records SET date = date + 7 WHERE date = (SELECT min(date) FROM disposal_records)`, []],
    ];
    for (const [step, sql, params] of steps) {
      await t.db.transaction(async (tx) => void (await tx.query(sql, params)));
      await expectKeptEqualsScratch(step);
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
