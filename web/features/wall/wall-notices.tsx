import type { CampaignSummary } from '../../api/types.ts';
import type { Missing } from './readiness.ts';

/**
 * A wall that cannot be drawn says why and what to do next: an unknown or unreadable campaign in the address is an
 * error (never another campaign's wall shown in its place), with the campaigns there are.
 */
export function WallError(props: { title: string; detail: string; campaigns: CampaignSummary[] }) {
  return (
    <main className="wall-notice-page" data-testid="wall-error" role="alert">
      <h1>{props.title}</h1>
      <p>{props.detail}</p>
      {props.campaigns.length > 0 && (
        <>
          <p className="wall-muted">现有的专项行动：</p>
          <ul>
            {props.campaigns.map((c) => (
              <li key={c.id}>
                <a href={`/wall?campaign=${c.id}`}>{c.name}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}

/** In place of the map: what the campaign lacks for a map and a ranking, and who can add it. */
export function MissingNotice(props: { missing: Missing; campaignId: number }) {
  const { missing, campaignId } = props;
  return (
    <div className="wall-missing" data-testid="wall-missing">
      <h2>挂图尚缺：</h2>
      <ul>
        {missing.unitsWithoutBoundary > 0 && (
          <li>
            <strong>单位边界</strong>：{missing.unitsWithoutBoundary === missing.units ? `${missing.units} 个单位均无边界` : `${missing.unitsWithoutBoundary}/${missing.units} 个单位无边界`}，地图无法绘制
          </li>
        )}
        {missing.noTasks && (
          <li>
            <strong>任务分解表</strong>：尚未导入各单位任务，完成率、排名和节点考核无从计算
          </li>
        )}
      </ul>
      <p>
        由<strong>管理员</strong>补充：上传单位边界文件（Shapefile、GeoJSON）和任务表（附件2—4），经预览核对后写入
        <span className="wall-missing__api">（/api/campaign-setup/{campaignId}/units、/tasks）</span>。
      </p>
    </div>
  );
}
