import { PostgresDb } from '../server/db/postgres.ts';
import { scriptEnv } from '../server/env.ts';
import { start } from '../server/start.ts';
const db = await PostgresDb.open(process.env.BENCH_DB!);
const running = await start(scriptEnv(), { db });
console.log(running.url);
process.on('SIGTERM', async () => { await running.close(); await db.close(); process.exit(0); });
