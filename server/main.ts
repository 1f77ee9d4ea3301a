import { existsSync } from 'node:fs';
import { DataDirLocked } from './db/lock.ts';
import { parseEnv } from './env.ts';
import { start } from './start.ts';

const WEB_ROOT = 'dist/web';

const env = parseEnv();
if (!existsSync(`${WEB_ROOT}/index.html`)) {
  console.error('找不到网页文件 dist/web：请先运行 npm run build（npm start 会自动构建）');
  process.exit(1);
}
const running = await start(env, { webRoot: WEB_ROOT, log: (line) => console.log(line) }).catch((error: unknown) => {
  if (!(error instanceof DataDirLocked)) throw error;
  console.error(`无法启动：${error.message}。盘活服务是否已在运行？`);
  process.exit(3);
});
console.log(`盘活 Panhuo 已启动：${running.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.close().then(() => process.exit(0));
  });
}
