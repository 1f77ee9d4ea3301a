/**
 * 挂图作战: the full-screen wall for leaders. Figures refresh by themselves when anything changes on the server, stay
 * on screen (marked stale) when the server cannot be reached, and the wall can rotate through task types and
 * lagging units in kiosk mode (a callout on the map, no camera moves). Map first: it takes over half the screen; the
 * rank table beside it reads from five metres (every text ≥ 28 px at 1080p). Scaled by the viewport, so a 4K wall
 * shows the 1080p design at twice the size.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { todayInChina, type IsoDate } from '../../../core/dates.ts';
import { reportFridays } from '../../../core/weeks.ts';
import type { CampaignDetail, CampaignSummary, TaskKey } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { dateZh } from '../../format.ts';
import { PACE_COLORS_ON_DARK, paceCssVariables } from '../../../core/palette/pace.ts';
import { monthlyMovesColumn } from './monthly-moves.tsx';
import { figuresOf } from './rank-rows.ts';
import { RankTable } from './rank-table.tsx';
import { whatIsMissing } from './readiness.ts';
import { TimeSlider } from './time-slider.tsx';
import { MilestoneBox, Totals } from './totals.tsx';
import { calloutFigures, kioskTour } from './tour.ts';
import { UnitCallout } from './unit-callout.tsx';
import { useLiveVersion } from './use-live-version.ts';
import { useWallData } from './use-wall-data.ts';
import { VerdictBox } from './verdict-box.tsx';
import { WallKeyCases } from './wall-key-cases.tsx';
import { WallLegend } from './wall-legend.tsx';
import { WallMap } from './wall-map.tsx';
import { MissingNotice, WallError } from './wall-notices.tsx';
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
  const mapped = campaign.units.features.some((f) => f.geometry);
  const ready = (drawn || !mapped) && wall.data !== null;
  useEffect(() => {
    if (ready) document.body.dataset.wallReady = 'true';
  }, [ready]);

  const setDate = useCallback((date: IsoDate | null) => onParams({ ...params, date }), [params, onParams]);
  const base = `/api/campaigns/${campaign.id}`;
  const dateQuery = progress ? progress.date : '';
  const weeks = replayWeeks(campaign);
  const replay = params.date !== null;

  const focusUnit = progress?.units.find((u) => u.unitId === focusUnitId);
  const focusFigures = focusUnit && figuresOf(focusUnit, task);
  const focus =
    progress && focusUnit && focusFigures
      ? {
          unitId: focusUnit.unitId,
          callout: <UnitCallout unit={focusUnit} figures={focusFigures} callout={calloutFigures(focusFigures, progress.date, progress.nextMilestone)} nextDate={progress.nextMilestone?.date ?? null} />,
        }
      : null;
  const missing = progress ? whatIsMissing(campaign, progress) : null;

  return (
    <div className={`wall ${stale ? 'wall--stale' : ''} ${params.snapshot ? 'wall--snapshot' : ''}`} style={paceCssVariables(PACE_COLORS_ON_DARK)} data-testid="wall">
      <header className="wall-header">
        <div className="wall-header__title">
          <h1>{campaign.name}</h1>
          <p className="wall-header__date" data-testid="wall-date">
            {replay && <strong className="wall-replay-tag">回放</strong>}
            {progress ? <span className="num">截至 {dateZh(progress.date)}</span> : '正在加载…'}
          </p>
        </div>
        {progress && <MilestoneBox progress={progress} />}
        <div className="wall-header__status">
          <span className="wall-clock num">{clockText(now)}</span>
          <span className={`wall-live ${stale ? 'is-stale' : ''} ${replay && !stale ? 'is-replay' : ''}`} role="status" data-testid="wall-live">
            {live.connected && live.databaseDownSince !== null
              ? `数据库暂时不可用（${clockText(new Date(live.databaseDownSince))} 起）· 显示 ${wall.fetchedAt ? clockText(wall.fetchedAt) : '—'} 的数据`
              : stale
                ? `连接中断 · 显示 ${wall.fetchedAt ? clockText(wall.fetchedAt) : '—'} 的数据`
                : replay
                  ? '回放 · 非实时'
                  : `实时 · ${wall.fetchedAt ? clockText(wall.fetchedAt) : '—'} 更新`}
          </span>
        </div>
      </header>

      {progress && missing ? (
        <>
          <div className="wall-map-box">
            {mapped ? (
              <WallMap campaign={campaign} progress={progress} task={task} thisWeek={wall.data!.thisWeek} focus={focus} onDrawn={() => setDrawn(true)} />
            ) : (
              <MissingNotice missing={missing} campaignId={campaign.id} />
            )}
            {mapped && missing.noTasks && (
              <div className="wall-missing-overlay">
                <MissingNotice missing={{ ...missing, unitsWithoutBoundary: 0 }} campaignId={campaign.id} />
              </div>
            )}
            {mapped && <WallLegend weekStart={wall.data!.weekStart} unitsWithoutBoundary={missing.unitsWithoutBoundary} />}
            {current && (
              <p className="wall-kiosk-tag" aria-live="polite">
                轮播 {(stop % tour.length) + 1}/{tour.length}
              </p>
            )}
          </div>
          <div className="wall-side">
            <Totals progress={progress} task={task} onPick={(t: TaskKey) => onParams({ ...params, task: t })} />
            <RankTable progress={progress} task={task} focusUnitId={focusUnitId} extra={monthlyMovesColumn(wall.data!.latestMonth, task)} />
            <WallKeyCases cases={wall.data!.keyCases} />
            <VerdictBox milestones={wall.data!.milestones} task={task} />
          </div>
          {!params.snapshot && (
            <footer className="wall-footer">
              <TimeSlider weeks={weeks} value={params.date} playing={playing} onChange={setDate} onPlayingChange={setPlaying} />
              <nav className="wall-actions" aria-label="导出">
                <a className="wall-button" href={`${base}/reports/weekly?week=${dateQuery}`} title="周报表 .xlsx">
                  周报表
                </a>
                <a className="wall-button" href={`${base}/reports/tasks?date=${dateQuery}`} title="任务分解表 .xlsx">
                  任务表
                </a>
                <a className="wall-button" href={`${base}/wall.png?date=${dateQuery}&task=${task}`} title="挂图快照 PNG">
                  快照
                </a>
                <button type="button" className={`wall-button ${params.kiosk ? 'is-on' : ''}`} aria-pressed={params.kiosk} onClick={() => onParams({ ...params, kiosk: !params.kiosk })}>
                  轮播
                </button>
                <button type="button" className="wall-button" onClick={() => void document.documentElement.requestFullscreen?.()}>
                  全屏
                </button>
                <a className="wall-button" href={`/?campaign=${campaign.id}`}>
                  返回
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
  // Only the campaign asked for, or the first when none was: an unknown one is an error page, never another wall.
  const id = params.campaign ?? list[0]?.id ?? null;
  const known = campaigns.state === 'ready' && id !== null && list.some((c) => c.id === id);
  const detail = useApi<CampaignDetail>(known ? `/api/campaigns/${id}` : null, id);
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

  if (params.unreadableCampaign !== null) {
    return <WallError title="无法识别的专项行动" detail={`地址中的 campaign=“${params.unreadableCampaign.slice(0, 40)}” 不是专项行动编号。`} campaigns={list} />;
  }
  if (campaigns.state === 'error' || detail.state === 'error') {
    return <p className="wall-loading">无法连接服务器：{campaigns.state === 'error' ? campaigns.message : detail.state === 'error' ? detail.message : ''}</p>;
  }
  if (campaigns.state === 'ready' && list.length === 0) return <WallError title="尚未配置专项行动" detail="管理员在台账地图「管理 → 新建专项行动」中建立专项行动后，挂图即可显示。" campaigns={[]} />;
  if (campaigns.state === 'ready' && !known) {
    return <WallError title={`找不到专项行动 ${params.campaign}`} detail="该编号的专项行动不存在或已删除，请从下列专项行动中选择。" campaigns={list} />;
  }
  if (detail.state !== 'ready') return <p className="wall-loading">正在加载挂图…</p>;
  return <Wall key={detail.data.id} campaign={detail.data} params={{ ...params, campaign: detail.data.id }} onParams={onParams} />;
}
