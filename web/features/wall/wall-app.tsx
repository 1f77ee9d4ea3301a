/**
 * 挂图作战: the full-screen wall for leaders. Figures refresh by themselves when anything changes on the server, stay
 * on screen (marked stale) when the server cannot be reached, and the wall can rotate through task types and
 * lagging units in kiosk mode. Scaled by the viewport, so a 4K wall shows the 1080p design at twice the size.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { todayInChina, type IsoDate } from '../../../core/dates.ts';
import { reportFridays } from '../../../core/weeks.ts';
import type { CampaignDetail, CampaignSummary, TaskKey } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { dateZh } from '../../format.ts';
import { LatestList } from './latest-list.tsx';
import { KeyCasesCard } from './key-cases.tsx';
import { MonthlyRankingCard } from './monthly-ranking.tsx';
import { RankTable } from './rank-table.tsx';
import { TimeSlider } from './time-slider.tsx';
import { MilestoneBox, Totals } from './totals.tsx';
import { kioskTour } from './tour.ts';
import { TrendChart } from './trend-chart.tsx';
import { useLiveVersion } from './use-live-version.ts';
import { useWallData } from './use-wall-data.ts';
import { WallLegend } from './wall-legend.tsx';
import { WallMap } from './wall-map.tsx';
import { parseWallParams, wallSearch, type WallParams } from './wall-params.ts';
import './wall.css';

function clockText(d: Date): string {
  return d.toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai' });
}

function useClock(frozen: boolean): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (frozen) return;
    const timer = window.setInterval(() => setNow(new Date()), 15_000);
    return () => window.clearInterval(timer);
  }, [frozen]);
  return now;
}

/** The report weeks a replay can choose from: the campaign's start to today (or its end, if it is over). */
function replayWeeks(c: CampaignSummary): IsoDate[] {
  const today = todayInChina();
  const end = today < c.endDate ? today : c.endDate;
  return end < c.startDate ? [] : reportFridays(c.startDate, end);
}

function Wall(props: { campaign: CampaignDetail; params: WallParams; onParams: (p: WallParams) => void }) {
  const { campaign, params, onParams } = props;
  const live = useLiveVersion();
  const wall = useWallData(campaign.id, params.date, `${live.version}/${live.epoch}`);
  const now = useClock(params.snapshot);
  const [playing, setPlaying] = useState(false);
  const [stop, setStop] = useState(0);
  const [drawn, setDrawn] = useState(false);

  const progress = wall.data?.progress ?? null;
  const tour = useMemo(() => (progress ? kioskTour(progress.units, ['overall', ...progress.taskTypes]) : []), [progress]);
  const kiosk = params.kiosk && !params.snapshot && !playing;
  const current = kiosk && tour.length ? tour[stop % tour.length]! : null;
  const task = current?.task ?? params.task;
  const focusUnitId = current?.unitId ?? null;

  useEffect(() => {
    if (!current) return;
    const timer = window.setTimeout(() => setStop((s) => s + 1), current.seconds * 1000);
    return () => window.clearTimeout(timer);
  }, [current]);

  const stale = !live.connected || live.databaseDownSince !== null || wall.error !== null;
  // A campaign whose units have no boundary yet (Anze) has nothing to map: its tables are the whole wall.
  const mapped = campaign.units.features.some((f) => f.geometry);
  const ready = (drawn || !mapped) && wall.data !== null;
  useEffect(() => {
    if (ready) document.body.dataset.wallReady = 'true';
  }, [ready]);

  const setDate = useCallback((date: IsoDate | null) => onParams({ ...params, date }), [params, onParams]);
  const base = `/api/campaigns/${campaign.id}`;
  const dateQuery = progress ? progress.date : '';
  const weeks = replayWeeks(campaign);

  return (
    <div className={`wall ${stale ? 'wall--stale' : ''} ${params.snapshot ? 'wall--snapshot' : ''}`} data-testid="wall">
      <header className="wall-header">
        <div className="wall-header__title">
          <span className="brand__mark" aria-hidden="true">
            盘
          </span>
          <div>
            <h1>{campaign.name}</h1>
            <p className="wall-muted">
              挂图作战 · {campaign.document} · {progress ? `截至 ${dateZh(progress.date)}` : '正在加载…'}
              {params.date && <strong className="wall-replay-tag">回放</strong>}
            </p>
          </div>
        </div>
        {progress && <MilestoneBox progress={progress} />}
        <div className="wall-header__status">
          <span className={`wall-live ${stale ? 'is-stale' : ''}`} role="status" data-testid="wall-live">
            {live.connected && live.databaseDownSince !== null
              ? `数据库暂时不可用（${clockText(new Date(live.databaseDownSince))} 起）· 显示 ${wall.fetchedAt ? clockText(wall.fetchedAt) : '—'} 的数据 · 恢复后自动更新`
              : stale
                ? `连接中断 · 显示 ${wall.fetchedAt ? clockText(wall.fetchedAt) : '—'} 的数据 · 正在重连`
                : `实时 · ${wall.fetchedAt ? clockText(wall.fetchedAt) : '—'} 更新`}
          </span>
          <span className="wall-clock">{clockText(now)}</span>
        </div>
      </header>

      {progress ? (
        <>
          <Totals progress={progress} task={task} onPick={(t: TaskKey) => onParams({ ...params, task: t })} />
          <div className="wall-map-box">
            {mapped ? (
              <WallMap campaign={campaign} progress={progress} task={task} thisWeek={wall.data!.thisWeek} focusUnitId={focusUnitId} onDrawn={() => setDrawn(true)} />
            ) : (
              <p className="wall-map-empty">本行动的单位尚无边界，地图暂不显示；各单位进度见右侧排名表。</p>
            )}
            <WallLegend weekStart={wall.data!.weekStart} unitsWithoutBoundary={progress.units.filter((u) => !u.hasBoundary).length} />
            {current && (
              <p className="wall-kiosk-tag" aria-live="polite">
                轮播 {(stop % tour.length) + 1}/{tour.length}
                {focusUnitId !== null && ` · 滞后单位：${progress.units.find((u) => u.unitId === focusUnitId)?.name}`}
              </p>
            )}
          </div>
          <RankTable progress={progress} trend={wall.data!.trend} task={task} focusUnitId={focusUnitId} />
          <div className="wall-bottom">
            <TrendChart trend={wall.data!.trend} task={task} />
            <LatestList disposals={wall.data!.latest} weekStart={wall.data!.weekStart} />
            <div className="wall-rhythm">
              <MonthlyRankingCard campaignId={campaign.id} version={`${live.version}`} />
              <KeyCasesCard campaignId={campaign.id} version={`${live.version}`} />
            </div>
          </div>
          {!params.snapshot && (
            <footer className="wall-footer">
              <TimeSlider weeks={weeks} value={params.date} playing={playing} onChange={setDate} onPlayingChange={setPlaying} />
              <nav className="wall-actions" aria-label="导出">
                <a className="wall-button" href={`${base}/reports/weekly?week=${dateQuery}`}>
                  周报表 .xlsx
                </a>
                <a className="wall-button" href={`${base}/reports/tasks?date=${dateQuery}`}>
                  任务分解表 .xlsx
                </a>
                <a className="wall-button" href={`${base}/wall.png?date=${dateQuery}&task=${task}`}>
                  挂图快照 PNG
                </a>
                <button type="button" className={`wall-button ${params.kiosk ? 'is-on' : ''}`} aria-pressed={params.kiosk} onClick={() => onParams({ ...params, kiosk: !params.kiosk })}>
                  轮播
                </button>
                <button type="button" className="wall-button" onClick={() => void document.documentElement.requestFullscreen?.()}>
                  全屏
                </button>
                <a className="wall-button" href={`/?campaign=${campaign.id}`}>
                  返回地图
                </a>
              </nav>
            </footer>
          )}
        </>
      ) : (
        <p className="wall-loading">{wall.error ? `无法加载进度：${wall.error}` : '正在加载进度…'}</p>
      )}
    </div>
  );
}

export default function WallApp() {
  const [params, setParams] = useState(() => parseWallParams(window.location.search));
  const campaigns = useApi<{ campaigns: CampaignSummary[] }>('/api/campaigns');
  const list = campaigns.state === 'ready' ? campaigns.data.campaigns : [];
  const id = list.find((c) => c.id === params.campaign)?.id ?? list[0]?.id ?? null;
  const detail = useApi<CampaignDetail>(id === null ? null : `/api/campaigns/${id}`, id);
  const onParams = useCallback((p: WallParams) => {
    setParams(p);
    // The address keeps the wall's choice, so a reload (or a kiosk restart) comes back to the same view.
    window.history.replaceState(null, '', `/wall?${wallSearch(p)}`);
  }, []);
  useEffect(() => {
    document.title = '挂图作战 · 盘活';
    document.documentElement.classList.add('wall-root');
    return () => document.documentElement.classList.remove('wall-root');
  }, []);

  if (campaigns.state === 'error' || detail.state === 'error') {
    return <p className="wall-loading">无法连接服务器：{campaigns.state === 'error' ? campaigns.message : detail.state === 'error' ? detail.message : ''}</p>;
  }
  if (campaigns.state === 'ready' && list.length === 0) return <p className="wall-loading">尚未配置专项行动</p>;
  if (detail.state !== 'ready') return <p className="wall-loading">正在加载挂图…</p>;
  return <Wall key={detail.data.id} campaign={detail.data} params={{ ...params, campaign: detail.data.id }} onParams={onParams} />;
}
