/** 月排名月公布 on the wall: the latest month's overall ranking with each unit's move since the month before (rates are in the rank table beside it). */
import { formatChange } from '../../../core/rhythm/monthly-ranking.ts';
import { useApi } from '../../api/use-api.ts';
import type { MonthlyAnswer } from '../reports/types.ts';
import './wall-rhythm.css';

export function MonthlyRankingCard(props: { campaignId: number; version: string }) {
  const answer = useApi<MonthlyAnswer>(`/api/campaigns/${props.campaignId}/monthly-ranking#${props.version}`, props.campaignId);
  const latest = answer.state === 'ready' ? answer.data.latest : answer.state === 'loading' ? answer.stale?.latest ?? null : null;
  return (
    <section className="wall-card wall-rhythm__card" aria-labelledby="wall-monthly-title" data-testid="wall-monthly-ranking">
      <h2 id="wall-monthly-title" className="wall-card__title">
        月度排名 <span className="wall-muted">{latest ? `${Number(latest.month.slice(5))}月 · 截至 ${latest.friday.slice(5)}` : ''}</span>
      </h2>
      {!latest ? (
        <p className="wall-empty">尚无月度排名</p>
      ) : (
        <ol className="wall-rhythm__list">
          {(latest.rankings.overall ?? []).map((u) => (
            <li key={u.unitId} className={u.belowExpected ? 'is-behind' : undefined} title={u.rate == null ? '' : `完成率 ${(u.rate * 100).toFixed(1)}%`}>
              <span className="num">{u.rank ?? '—'}</span>
              <span>{u.name}</span>
              <span className={`num ${u.change && u.change > 0 ? 'is-up' : u.change && u.change < 0 ? 'is-down' : ''}`}>{formatChange(u.change)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
