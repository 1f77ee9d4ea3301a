/** 重点案件挂牌督办 on the wall: open cases, overdue first and in red, with the leader and the days left. */
import { useApi } from '../../api/use-api.ts';
import type { KeyCase } from '../reports/types.ts';
import './wall-rhythm.css';

export function KeyCasesCard(props: { campaignId: number; version: string }) {
  const answer = useApi<{ cases: KeyCase[] }>(`/api/campaigns/${props.campaignId}/key-cases#${props.version}`, props.campaignId);
  const cases = answer.state === 'ready' ? answer.data.cases.filter((c) => c.status !== 'closed') : [];
  return (
    <section className="wall-card wall-rhythm__card" aria-labelledby="wall-key-cases-title" data-testid="wall-key-cases">
      <h2 id="wall-key-cases-title" className="wall-card__title">
        挂牌督办 <span className="wall-muted">{cases.length} 件</span>
      </h2>
      {cases.length === 0 ? (
        <p className="wall-empty">暂无督办中的重点案件</p>
      ) : (
        <ul className="wall-rhythm__cases">
          {cases.map((c) => (
            <li key={c.id} className={c.status === 'overdue' ? 'is-overdue' : undefined}>
              <span>{c.title}</span>
              <span className="wall-muted">{c.leader}</span>
              <span className="num">{c.daysLeft < 0 ? `逾期 ${-c.daysLeft} 天` : `剩 ${c.daysLeft} 天`}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
