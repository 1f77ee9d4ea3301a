// Development: the API on PORT (8787 by default) and Vite's dev server with hot reload, which proxies /api and /tiles.
import { createServer } from 'vite';
import { parseEnv } from './env.ts';
import { start } from './start.ts';

const api = await start(parseEnv(), { log: (line) => console.log(line) });
const vite = await createServer({ configFile: 'vite.config.ts' });
await vite.listen();
console.log(`API：${api.url}`);
vite.printUrls();
