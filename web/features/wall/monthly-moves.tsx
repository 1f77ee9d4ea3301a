import { formatChange } from '../../../core/rhythm/monthly-ranking.ts';
import type { TaskKey } from '../../api/types.ts';
import type { MonthRanking } from '../reports/types.ts';
import type { RankExtraColumn } from './rank-table.tsx';

/**
 * 月排名月公布 on the wall: the latest published month's rank and move per unit (4 ↓3, 2 ↑2, 1 持平), as 月度通报 has
 * them, in an extra column of the rank table; the header names the month, since the table's own ranks are the wall's
 * date's. Rising is green, falling red: the pace colours' meaning (ahead / behind), not a new one.
 */
export function monthlyMovesColumn(latest: MonthRanking | null, task: TaskKey): RankExtraColumn | undefined {
  const ranking = latest?.rankings[task];
  if (!latest || !ranking) return undefined;
  const byUnit = new Map(ranking.map((r) => [r.unitId, r]));
  return {
    header: `${Number(latest.month.slice(5))}月排名`,
    cell: (unitId) => {
      const r = byUnit.get(unitId);
      if (r?.rank == null) return <span className="wall-muted">—</span>;
      const direction = r.change == null || r.change === 0 ? 'flat' : r.change > 0 ? 'up' : 'down';
      return (
        <span className="wall-month" data-month-rank={r.rank}>
          <span className="num">{r.rank}</span> <span className={`wall-move wall-move--${direction} num`}>{formatChange(r.change)}</span>
        </span>
      );
    },
  };
}
