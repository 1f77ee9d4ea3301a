import { isOneOf } from '../../core/categories.ts';
import { ROLES, type Role } from '../../core/roles.ts';
import type { Queryable } from '../db/types.ts';
import { hashPassword, passwordProblems } from './passwords.ts';

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  /** Unit codes (editors only). */
  unitCodes: string[];
  isDemo?: boolean;
}

/** Reasons the new user cannot be created, in Chinese; empty when it can. */
export function newUserProblems(u: Partial<NewUser>): string[] {
  const problems: string[] = [];
  if (!u.username || !/^[a-z0-9_.-]{2,32}$/.test(u.username)) problems.push('用户名须为 2–32 位小写字母、数字或 _ . -');
  if (!isOneOf(ROLES, u.role)) problems.push(`角色须为 ${ROLES.join('、')} 之一`);
  if (u.role === 'editor' && !u.unitCodes?.length) problems.push('编辑须指定至少一个可编辑的单位（单位代码）');
  problems.push(...passwordProblems(u.password ?? ''));
  return problems;
}

export async function createUser(tx: Queryable, u: NewUser): Promise<number> {
  const problems = newUserProblems(u);
  if (problems.length) throw new Error(problems.join('；'));
  const [row] = await tx.query<{ id: number }>(
    'INSERT INTO users (username, display_name, role, password_hash, is_demo) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [u.username, u.displayName, u.role, await hashPassword(u.password), u.isDemo ?? false],
  );
  for (const code of u.unitCodes) {
    const inserted = await tx.query('INSERT INTO user_units (user_id, unit_id) SELECT $1, id FROM units WHERE code = $2 RETURNING unit_id', [row!.id, code]);
    if (!inserted.length) throw new Error(`没有代码为 ${code} 的单位`);
  }
  return row!.id;
}

export async function userCount(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users WHERE NOT disabled');
  return row!.n;
}
