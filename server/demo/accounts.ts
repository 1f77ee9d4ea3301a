import type { Queryable } from '../db/types.ts';
import { createUser, type NewUser } from '../auth/users.ts';

/** Demo accounts: created only with the demo data, listed in the README. Never use these passwords for real data. */
export const DEMO_ACCOUNTS: NewUser[] = [
  { username: 'admin', displayName: '市局管理员（演示）', role: 'admin', password: 'panhuo-admin-demo', unitCodes: [] },
  { username: 'yicheng', displayName: '驿城区编辑（演示）', role: 'editor', password: 'panhuo-editor-demo', unitCodes: ['411702'] },
  { username: 'kaifaqu', displayName: '开发区编辑（演示）', role: 'editor', password: 'panhuo-editor-demo', unitCodes: ['411700-kaifaqu'] },
  { username: 'field', displayName: '外业核查员（演示）', role: 'field', password: 'panhuo-field-demo', unitCodes: [] },
  { username: 'leader', displayName: '领导（演示）', role: 'viewer', password: 'panhuo-viewer-demo', unitCodes: [] },
];

export async function createDemoAccounts(tx: Queryable): Promise<void> {
  for (const account of DEMO_ACCOUNTS) await createUser(tx, { ...account, isDemo: true });
}

/**
 * A database whose demo data predates accounts gets the demo accounts too — only when it holds demo campaigns and
 * no account at all, so a real installation is never given demo passwords.
 */
export async function ensureDemoAccounts(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ demo: boolean; users: number }>(
    'SELECT EXISTS (SELECT 1 FROM campaigns WHERE is_demo) AS demo, (SELECT count(*)::int FROM users) AS users');
  if (!row!.demo || row!.users > 0) return false;
  await createDemoAccounts(db);
  return true;
}
