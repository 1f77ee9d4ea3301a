/** The product's name, the campaign being worked on, parcel search, and who is signed in. */
import type { ReactNode } from 'react';
import type { CampaignSummary, ParcelFeature } from '../api/types.ts';
import { UserMenu } from '../features/auth/user-menu.tsx';
import { CampaignSwitcher } from '../features/campaign/campaign-switcher.tsx';
import { SearchBox } from '../features/search/search-box.tsx';
import '../features/field/field-link.css';

export function TopBar(props: {
  campaigns: CampaignSummary[];
  campaignId: number;
  onCampaignChange: (id: number) => void;
  onSearchChoose: (parcel: ParcelFeature) => void;
  /** Buttons beside the account corner (导入 / 导出). */
  actions?: ReactNode;
}) {
  const current = props.campaigns.find((c) => c.id === props.campaignId);
  return (
    <header className="topbar">
      <p className="brand">
        <span className="brand__mark" aria-hidden="true">
          盘
        </span>
        <span className="brand__name">盘活</span>
        <span className="brand__sub">批而未用土地盘活利用</span>
      </p>
      <CampaignSwitcher campaigns={props.campaigns} value={props.campaignId} onChange={props.onCampaignChange} />
      {/* Keyed by campaign: a search typed for one campaign means nothing in another. */}
      <SearchBox key={props.campaignId} campaignId={props.campaignId} onChoose={props.onSearchChoose} />
      {current?.isDemo && (
        <span className="badge badge--demo topbar__demo" title="本专项行动的地块为程序生成的演示数据">
          演示数据
        </span>
      )}
      <a className="topbar-action topbar__wall" href={`/wall?campaign=${props.campaignId}`} title="全屏挂图作战大屏：各单位进度、排名与周趋势">
        挂图作战
      </a>
      <a className="topbar-action topbar__field" href={`/field?campaign=${props.campaignId}`} title="手机外业核查：找地块、导航、拍照记录，可离线使用">
        外业模式
      </a>
      {props.actions && <div className="topbar__actions">{props.actions}</div>}
      <UserMenu />
    </header>
  );
}
