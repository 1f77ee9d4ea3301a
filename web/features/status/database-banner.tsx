import { useEffect, useState } from 'react';

/**
 * The desk's notice that the server's database is away (server/events/routes.ts sends `database` events): while it
 * is, every save answers 503, and the person should know before typing into a form. Hides itself when it is back.
 */
export function DatabaseBanner() {
  const [downSince, setDownSince] = useState<string | null>(null);
  useEffect(() => {
    const source = new EventSource('/api/events');
    source.addEventListener('database', (event: MessageEvent<string>) => {
      const { state, since } = JSON.parse(event.data) as { state: 'up' | 'down'; since: string };
      setDownSince(state === 'down' ? since : null);
    });
    return () => source.close();
  }, []);
  if (!downSince) return null;
  const time = new Date(downSince).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' });
  return (
    <div className="banner banner--warning" role="alert">
      数据库暂时不可用（{time} 起）：此时的查询和保存都不会成功，恢复后会自动继续，届时请重试未保存的修改。
    </div>
  );
}
