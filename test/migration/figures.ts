/**
 * The figures the existing tests check, read from a database by a tree's own code: run by migration.test.ts with
 * yesterday's tree (before migrating, that tree's queries) and with today's (after), so each figure is computed by the
 * code that served it then and by the code that serves it now.
 *   node --import tsx test/migration/figures.ts <tree> <pglite data dir | postgres URL> <out.json>
 */
import { writeFile } from 'node:fs/promises';
import type { Db } from '../../server/db/types.ts';

const [tree, where, out] = process.argv.slice(2) as [string, string, string];
// The tree's own modules (their types are today's: the functions used here kept their signatures).
const from = <T>(path: string): Promise<T> => import(`${tree}/server/${path}`) as Promise<T>;
const { campaignProgress } = await from<typeof import('../../server/campaigns/progress.ts')>('campaigns/progress.ts');
const { getCampaign } = await from<typeof import('../../server/campaigns/queries.ts')>('campaigns/queries.ts');
const { weeklyDisposals } = await from<typeof import('../../server/campaigns/weekly.ts')>('campaigns/weekly.ts');
const { PgliteDb } = await from<typeof import('../../server/db/pglite.ts')>('db/pglite.ts');
const { PostgresDb } = await from<typeof import('../../server/db/postgres.ts')>('db/postgres.ts');
const { campaignReconciliation, ledgerBaseReconciliation } = await from<typeof import('../../server/reports/reconciliation.ts')>('reports/reconciliation.ts');

const db: Db = where.startsWith('postgres') ? await PostgresDb.open(where) : await PgliteDb.open({ dataDir: where });
const round = (x: unknown): unknown => (typeof x === 'number' ? Math.round(x * 1e6) / 1e6 : Array.isArray(x) ? x.map(round) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, round(v)])) : x);
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const figures: Record<string, unknown> = {};
for (const id of [1, 2]) {
  const campaign = (await getCampaign(db, id))!;
  const dates = [campaign.startDate, addDays(campaign.startDate, 45), addDays(campaign.startDate, 146), campaign.endDate].map((d) => (d > campaign.endDate ? campaign.endDate : d));
  figures[`campaign ${id} ${campaign.name}`] = {
    progress: Object.fromEntries(await Promise.all(dates.map(async (d) => {
      const p = await campaignProgress(db, campaign, d as never);
      return [d, { units: p.units.map((u) => ({ code: u.code, tasks: u.tasks, overall: u.overall })), totals: p.totals, expectedPct: p.expectedPct }];
    }))),
    weekly: await weeklyDisposals(db, campaign, campaign.endDate as never),
    reconciliation: { differences: await campaignReconciliation(db, campaign), ledger: await ledgerBaseReconciliation(db, campaign) },
  };
}
figures.parcels = await db.query(`SELECT count(*)::int AS all, count(*) FILTER (WHERE deleted_at IS NULL)::int AS live FROM parcels`);
figures.perParcel = await db.query(
  `SELECT p.code, p.category, p.status, p.ledger_mu AS "ledgerMu", p.unit_id AS "unitId",
     (SELECT COALESCE(json_agg(json_build_object('date', d.date, 'mu', d.mu, 'method', d.method, 'note', d.note) ORDER BY d.date, d.id), '[]') FROM disposal_records d WHERE d.parcel_id = p.id) AS disposals,
     (SELECT count(*)::int FROM field_checks f WHERE f.parcel_id = p.id) AS "fieldChecks",
     (SELECT count(*)::int FROM parcel_history h WHERE h.parcel_id = p.id) AS history
   FROM parcels p ORDER BY p.campaign_id, p.code`);
await writeFile(out, JSON.stringify(round(figures), null, 1));
await db.close();
