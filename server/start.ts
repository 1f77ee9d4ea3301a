import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { migrate } from './db/migrate.ts';
import { openDb } from './db/open.ts';
import type { Db } from './db/types.ts';
import { loadDemo } from './demo/load.ts';
import { ensureDemoAccounts } from './demo/accounts.ts';
import { userCount } from './auth/users.ts';
import type { Env } from './env.ts';
import { startDailyBackups } from './backup/daily.ts';
import type { Server as HttpServer } from 'node:http';
import { REQUEST_RECEIVE_MS } from './http/limits.ts';

const KEEP_ALIVE_MS = 65_000;

export interface Running {
  db: Db;
  url: string;
  close(): Promise<void>;
}

/** Opens the database, applies migrations, loads the demo into an empty database if asked, and listens. */
export async function start(env: Env, options: { webRoot?: string; log?: (line: string) => void; db?: Db; clock?: () => Date } = {}): Promise<Running> {
  const log = options.log ?? (() => {});
  // The database is closed on close() only if start() opened it; a caller that passes one keeps it.
  const db = options.db ?? (await openDb(env));
  const ownsDb = !options.db;
  log(`数据库：${db.kind === 'postgres' ? 'PostgreSQL + PostGIS' : `内置 PGlite（${env.dataDir}）`}`);
  const stopLogging = db.availability.onChange(({ state, reason }) =>
    log(state === 'down' ? `数据库不可用（${reason}）：恢复前读写均答 503，服务继续运行` : '数据库已恢复'),
  );
  const applied = await migrate(db);
  if (applied.length) log(`已应用迁移：${applied.join(', ')}`);
  if (env.demo && (await loadDemo(db))) log('已载入演示数据：驻马店市（2021）与安泽县（2023）专项行动');
  if (env.demo && (await ensureDemoAccounts(db))) log('已为演示数据创建演示账户（见 README）');
  // PGlite runs no autovacuum, so the planner has no statistics unless asked: without them the progress query over
  // 100k parcels takes 2 s instead of 80 ms. Cheap (0.5 s at 100k parcels), so done at every start.
  if (db.kind === 'pglite') await db.exec('ANALYZE');
  if ((await userCount(db)) === 0) {
    log('尚无任何账户。创建第一个管理员（先停止本服务）：npm run user -- add <用户名> --role admin --name <姓名>');
  }
  // Only a server that opened the embedded database itself owns it, and so backs it up (PostgreSQL: pg_dump, see README).
  const stopBackups = ownsDb && db.kind === 'pglite' && env.backupDays > 0 ? startDailyBackups(db, env, log) : async () => {};
  const app = createApp({ db, env, ...(options.webRoot ? { webRoot: options.webRoot } : {}), ...(options.clock ? { clock: options.clock } : {}) });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: env.port, hostname: env.host, serverOptions: { requestTimeout: REQUEST_RECEIVE_MS } }, () => resolve(s));
  });
  // An idle kept-alive connection is closed after KEEP_ALIVE_MS, longer than the idle timeout of the proxies in front
  // (nginx, cloud load balancers: 60 s), so it is always the client's side that closes: a server closing first races
  // the next request sent on that connection, which then fails with ECONNRESET. Node's 5 s lost that race whenever
  // the event loop was held past it (the embedded database runs in this thread), seen in tests and benches.
  (server as HttpServer).keepAliveTimeout = KEEP_ALIVE_MS;
  (server as HttpServer).headersTimeout = KEEP_ALIVE_MS + 1000;
  const { port } = server.address() as AddressInfo;
  const host = env.host === '0.0.0.0' ? 'localhost' : env.host;
  return {
    db,
    url: `http://${host}:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Event streams (the wall) never end by themselves: drop every connection so close() does not wait forever.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
      await stopBackups();
      stopLogging();
      if (ownsDb) await db.close();
    },
  };
}
