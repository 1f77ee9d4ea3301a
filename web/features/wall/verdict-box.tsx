import type { Verdict } from '../../../core/milestone-verdicts.ts';
import type { MilestoneVerdicts } from '../../../server/campaigns/milestone-verdicts.ts';
import type { TaskKey } from '../../api/types.ts';
import { monthDayZh, muTenth, muWhole } from '../../format.ts';

/** Whole mu where that loses nothing a reader acts on; a small gap keeps its decimal, so it never reads "差 0 亩". */
const gapText = (mu: number) => (mu >= 10 ? muWhole(mu) : muTenth(mu));

/** How many of the units short of a milestone the wall names; the rest are counted. */
const NAMED = 3;

/**
 * 节点考核 on the wall: the latest milestone due by the wall's date — how many units reached its target, and the
 * units furthest short, by how much (mu); before the first milestone, which one comes and its target.
 */
export function VerdictBox(props: { milestones: MilestoneVerdicts[]; task: TaskKey }) {
  const due = props.milestones.filter((m) => m.due).at(-1);
  const verdict: Verdict | undefined = due?.tasks?.[props.task];
  if (!due || !verdict) {
    const first = props.milestones[0];
    if (!first) return null;
    return (
      <section className="wall-card wall-verdict" data-testid="wall-verdict">
        <h2 className="wall-card__title">节点考核</h2>
        <p className="wall-verdict__line wall-muted">
          {monthDayZh(first.date)}节点（{first.targetPct}%）尚未到期
        </p>
      </section>
    );
  }
  const named = verdict.missed.slice(0, NAMED);
  const more = verdict.missed.length - named.length;
  // The count shares the title's line: the side column holds the key cases too, and each line is worth a row of them.
  return (
    <section className="wall-card wall-verdict" data-testid="wall-verdict">
      <h2 className="wall-card__title">
        节点考核 · {monthDayZh(due.date)}（{due.targetPct}%）
        {verdict.judged > 0 && (
          <span className="wall-verdict__result">
            ：<strong className="wall-verdict__count num">
              {verdict.reached.length}/{verdict.judged}
            </strong>{' '}
            个单位达标
          </span>
        )}
      </h2>
      {verdict.judged === 0 ? (
        <p className="wall-verdict__line wall-muted">尚无任务，无从考核</p>
      ) : (
        <>
          {named.length > 0 && (
            <p className="wall-verdict__line wall-verdict__missed">
              未达标：
              {named.map((m, i) => (
                <span key={m.unitId}>
                  {i > 0 && '、'}
                  {m.name} 差 <span className="num">{gapText(m.shortMu)}</span> 亩
                </span>
              ))}
              {more > 0 && ` 等 ${verdict.missed.length} 个`}
            </p>
          )}
        </>
      )}
    </section>
  );
}
