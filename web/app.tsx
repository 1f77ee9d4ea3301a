/** The page: loads the server's configuration and campaigns, then opens the campaign the link names (or the first). */
import { useEffect, useMemo, useState } from 'react';
import type { AppConfig, CampaignSummary } from './api/types.ts';
import { useApi } from './api/use-api.ts';
import { prewarmMap } from './features/map/map-view.tsx';
import { FullPageMessage } from './shell/full-page-message.tsx';
import { parseUrlState } from './url-state.ts';
import { Workspace } from './workspace.tsx';

export function App() {
  const initial = useMemo(() => parseUrlState(window.location.search), []);
  const config = useApi<AppConfig>('/api/config');
  const campaigns = useApi<{ campaigns: CampaignSummary[] }>('/api/campaigns');
  const [chosen, setChosen] = useState<number | null>(initial.campaign);
  useEffect(prewarmMap, []);

  if (config.state === 'error' || campaigns.state === 'error') {
    const message = config.state === 'error' ? config.message : campaigns.state === 'error' ? campaigns.message : '';
    return <FullPageMessage title="无法加载盘活" detail={message} retry />;
  }
  if (config.state !== 'ready' || campaigns.state !== 'ready') return <FullPageMessage title="正在加载…" detail="批而未用土地盘活利用" />;
  const list = campaigns.data.campaigns;
  if (list.length === 0) return <FullPageMessage title="尚未配置专项行动" detail="请先在服务器上创建专项行动后再打开本页。" />;

  const campaignId = list.some((c) => c.id === chosen) ? chosen! : list[0]!.id;
  const missing = initial.campaign !== null && !list.some((c) => c.id === initial.campaign);
  return (
    <Workspace
      config={config.data}
      campaigns={list}
      campaignId={campaignId}
      onCampaignChange={setChosen}
      // A link's filters, parcel and view belong to the campaign it names; for another campaign they mean nothing.
      initial={campaignId === initial.campaign ? initial : { ...initial, view: null, categories: [], statuses: [], unit: null, parcel: null, date: null }}
      notice={missing ? `链接中的专项行动（编号 ${initial.campaign}）不存在，已打开“${list[0]!.name}”。` : null}
    />
  );
}
