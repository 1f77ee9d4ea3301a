/** 节点考核: at each milestone passed, how many units reached the target and by how many mu the others fell short. */
import { useApi } from '../../api/use-api.ts';
import { mu, pct } from '../../format.ts';
import type { MilestoneVerdict } from '../../../core/milestone-verdicts.ts';

export function MilestonesTab(props: { campaignId: number }) {
  const answer = useApi<{ verdicts: MilestoneVerdict[] }>(`/api/campaigns/${props.campaignId}/milestone-report`, props.campaignId);
  if (answer.state === 'error') return <p className="error-box" role="alert">{answer.message}</p>;
  if (answer.state === 'loading') return <p className="setup-loading">正在考核…</p>;
  const { verdicts } = answer.data;
  return (
    <section className="reports-section" data-testid="milestone-report">
      <div className="reports-toolbar">
        <span className="reports-deadline">{verdicts.length ? `已到期节点 ${verdicts.length} 个` : '尚无到期节点'}</span>
        <a className="button" href={`/api/campaigns/${props.campaignId}/reports/milestones`} download>
          下载节点考核 .xlsx
        </a>
      </div>
      {verdicts.map((v) => (
        <div key={v.date} className="reports-verdict">
          <h3>
            {v.date} {v.label ?? ''} 目标 {v.targetPct}%：<strong>{v.reached}/{v.total}</strong> 单位达标
          </h3>
          <p>
            {v.units.filter((u) => !u.reached).map((u) => `${u.name}（完成 ${pct(u.rate)}，差 ${mu(u.shortfallMu)} 亩）`).join('；') || '全部达标'}
          </p>
        </div>
      ))}
    </section>
  );
}
