/**
 * A Panhuo server in a process of its own, configured by the environment like server/main.ts but without the web app:
 * for tests that must see whether the process survives (a database outage) or that need a second process (the lock on
 * the embedded database). Prints `PANHUO_URL <url>` once it listens.
 */
import { parseEnv } from '../../server/env.ts';
import { start } from '../../server/start.ts';

const running = await start(parseEnv(), { log: (line) => console.log(line) });
console.log(`PANHUO_URL ${running.url}`);
process.once('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
