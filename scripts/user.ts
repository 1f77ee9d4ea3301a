/**
 * Manages accounts on the database the environment chooses (DATABASE_URL, else the embedded one in PANHUO_DATA_DIR;
 * the embedded one only while the server is stopped: only one process may open it, and the script refuses otherwise).
 *
 *   npm run user -- add <username> --role admin|editor|field|viewer [--name 姓名] [--units 411702,411721] [--password …]
 *   npm run user -- list
 *   npm run user -- passwd <username> [--password …]
 *   npm run user -- disable <username>
 *
 * Without --password the password is read from standard input (or PANHUO_PASSWORD).
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { hashPassword, passwordProblems } from '../server/auth/passwords.ts';
import { createUser } from '../server/auth/users.ts';
import type { Role } from '../core/roles.ts';
import { migrate } from '../server/db/migrate.ts';
import { parseEnv } from '../server/env.ts';
import { openToolDb } from './open-tool-db.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { role: { type: 'string' }, name: { type: 'string' }, units: { type: 'string' }, password: { type: 'string' } },
});
const [command, username] = positionals;

async function password(): Promise<string> {
  if (values.password) return values.password;
  if (process.env.PANHUO_PASSWORD) return process.env.PANHUO_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question('密码（至少 10 个字符）：');
  rl.close();
  return answer;
}

const db = await openToolDb(parseEnv(), '请先停止盘活服务，再运行 npm run user（服务运行时修改的账户会被服务覆盖而丢失）');
try {
  await migrate(db);
  switch (command) {
    case 'add': {
      const id = await db.transaction(async (tx) =>
        createUser(tx, {
          username: username ?? '',
          displayName: values.name ?? username ?? '',
          role: values.role as Role,
          unitCodes: values.units ? values.units.split(',').map((s) => s.trim()).filter(Boolean) : [],
          password: await password(),
        }),
      );
      console.log(`已创建账户 ${username}（编号 ${id}，角色 ${values.role}）`);
      break;
    }
    case 'list': {
      const rows = await db.query<{ username: string; role: string; name: string; units: string | null; disabled: boolean }>(
        `SELECT u.username, u.role, u.display_name AS name, u.disabled,
           (SELECT string_agg(n.name, '、') FROM user_units uu JOIN units n ON n.id = uu.unit_id WHERE uu.user_id = u.id) AS units
         FROM users u ORDER BY u.username`);
      for (const r of rows) console.log(`${r.username}\t${r.role}\t${r.name}\t${r.units ?? ''}${r.disabled ? '\t(已停用)' : ''}`);
      break;
    }
    case 'passwd': {
      const next = await password();
      const problems = passwordProblems(next);
      if (problems.length) throw new Error(problems.join('；'));
      const done = await db.query('UPDATE users SET password_hash = $2 WHERE username = $1 RETURNING id', [username, await hashPassword(next)]);
      if (!done.length) throw new Error(`没有账户 ${username}`);
      await db.query('DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)', [username]);
      console.log(`已修改 ${username} 的密码，并使其已有登录失效`);
      break;
    }
    case 'disable': {
      const done = await db.query('UPDATE users SET disabled = true WHERE username = $1 RETURNING id', [username]);
      if (!done.length) throw new Error(`没有账户 ${username}`);
      console.log(`已停用 ${username}`);
      break;
    }
    default:
      console.error('用法：npm run user -- add|list|passwd|disable …（见 scripts/user.ts 开头的说明）');
      process.exitCode = 2;
  }
} catch (error) {
  console.error(`失败：${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
