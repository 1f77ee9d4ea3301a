import { start } from '../server/start.ts';
import { scriptEnv } from '../server/env.ts';
const running = await start(scriptEnv({ port: 18931, dataDir: '/tmp/ogc-data', demo: true, backupDays: 0 }), { log: (l) => console.log(l) });
console.log('ready', running.url);
