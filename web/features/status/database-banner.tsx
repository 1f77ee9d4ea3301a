import { useEffect, useState } from 'react';
import { DATABASE_AWAY_EVENT } from '../../api/client.ts';

/** While the database is away, how often the banner asks /api/health whether it is back. */
const RECHECK_MS = 2000;

/**
 * The desk's notice that the server's database is away: shown at the first answer that says so (any request through
 * web/api/client.ts), with the time it went away from /api/health, and gone once health answers 200 again. No
 * standing connection (unlike the wall's event stream), so any number of desk tabs cost nothing while all is well.
 */
export function DatabaseBanner() {
  const [downSince, setDownSince] = useState<string | null>(null);
  useEffect(() => {
    const away = () => setDownSince((since) => since ?? new Date().toISOString());
    window.addEventListener(DATABASE_AWAY_EVENT, away);
    return () => window.removeEventListener(DATABASE_AWAY_EVENT, away);
  }, []);
  useEffect(() => {
    if (!downSince) return;
    const timer = window.setInterval(async () => {
      const response = await fetch('/api/health').catch(() => null);
      if (response?.ok) setDownSince(null);
      else if (response) {
        const body = (await response.json().catch(() => null)) as { parts?: { database?: { since?: string } } } | null;
        const since = body?.parts?.database?.since;
        if (since) setDownSince(since);
      }
    }, RECHECK_MS);
    return () => window.clearInterval(timer);
  }, [downSince]);
  if (!downSince) return null;
  const time = new Date(downSince).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' });
  return (
    <div className="banner banner--warning" role="alert">
      数据库暂时不可用（{time} 起）：此时的查询和保存都不会成功，恢复后会自动继续，届时请重试未保存的修改。
    </div>
  );
}
