/**
 * Yesterday's database, made by yesterday's code: today's migrations up to 016 (the schema before parcel events and
 * the standing ledger), then the demo loaded by the loader of yesterday's tree — the last commit whose migrations end
 * at 016 — plus two field checks, since the demo has none and they must stay attached.
 *   node --import tsx test/migration/yesterday.ts <yesterday's tree> <pglite data dir | postgres URL>
 */
import { migrate } from '../../server/db/migrate.ts';
import type { Db } from '../../server/db/types.ts';

const [tree, where] = process.argv.slice(2) as [string, string];
const from = <T>(path: string): Promise<T> => import(`${tree}/server/${path}`) as Promise<T>;
const { PgliteDb } = await from<typeof import('../../server/db/pglite.ts')>('db/pglite.ts');
const { PostgresDb } = await from<typeof import('../../server/db/postgres.ts')>('db/postgres.ts');
const { loadDemo } = await from<typeof import('../../server/demo/load.ts')>('demo/load.ts');
const db: Db = where.startsWith('postgres') ? await PostgresDb.open(where) : await PgliteDb.open({ dataDir: where });
const applied = await migrate(db, undefined, { upTo: 16 });
if (!(await loadDemo(db))) throw new Error('the database was not empty');
await db.query(
  `INSERT INTO field_checks (parcel_id, client_id, state, notes, observed_at, actor)
   SELECT id, md5(code)::uuid, 'started', '迁移测试', '2021-06-01T09:00:00Z', 'field' FROM parcels ORDER BY id LIMIT 2`);
console.log(`applied ${applied.length} migrations, the last ${applied.at(-1)}`);
await db.close();
