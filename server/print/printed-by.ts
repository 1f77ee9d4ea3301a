import { timestampZh } from '../../core/format.ts';
import type { SessionUser } from '../auth/types.ts';

/** The footer's line: who printed the document and when (China time), and by what. */
export function printedBy(user: SessionUser | null, now = new Date()): string {
  const who = user ? `${user.displayName || user.username}（${user.username}）` : '访客（未登录）';
  return `打印人：${who} · 打印时间：${timestampZh(now.toISOString())} · 盘活 Panhuo`;
}
