/**
 * The field app at /field: a phone-first map to find a parcel, get there, and record what is seen — also with no
 * network. Loaded lazily, so the desk map never downloads it.
 */
import type { FeatureCollection, Point } from 'geojson';
import { useEffect, useRef, useState } from 'react';
import { ApiError, getJson } from '../../api/client.ts';
import type { AppConfig, CampaignDetail, CampaignSummary, ParcelDetail } from '../../api/types.ts';
import type { Remote } from '../../api/use-api.ts';
import { FullPageMessage } from '../../shell/full-page-message.tsx';
import { LoginDialog } from '../auth/login-dialog.tsx';
import { useSession } from '../auth/session.tsx';
import { defaultLayer, useBaseLayers } from '../basemaps/use-base-layers.ts';
import { useDebounced } from '../search/use-debounced.ts';
import { FieldMap } from './field-map.tsx';
import { FieldMenu } from './field-menu.tsx';
import { forgetMyTasks, MyTasks, useMyTasks } from './my-tasks.tsx';
import { useInstallable } from './installable.ts';
import { fieldDb } from './offline/db.ts';
import { syncQueue, useQueue, useRetryWhileWaiting } from './offline/queue.ts';
import { loadCampaign, loadParcel, savedParcels, searchParcels } from './parcel-source.ts';
import { ParcelSheet, type SheetSize } from './parcel-sheet.tsx';
import { SearchResults, type Results } from './search-results.tsx';
import type { FieldParcel } from './types.ts';
import { useOnline } from './use-online.ts';
import { fixOf, usePosition } from './use-position.ts';
import './field.css';

type Startup = { state: 'loading' } | { state: 'ready'; config: AppConfig; campaigns: CampaignSummary[] } | { state: 'error'; message: string };

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Configuration and campaigns from the server, or, with no network, the campaigns saved on this phone. */
function useStartup(): Startup {
  const [startup, setStartup] = useState<Startup>({ state: 'loading' });
  useEffect(() => {
    Promise.all([getJson<AppConfig>('/api/config'), getJson<{ campaigns: CampaignSummary[] }>('/api/campaigns')]).then(
      ([config, { campaigns }]) => setStartup({ state: 'ready', config, campaigns }),
      async (error: unknown) => {
        const saved = error instanceof ApiError && error.code === 'network' ? await (await fieldDb()).getAll('campaigns') : [];
        if (saved.length) setStartup({ state: 'ready', config: { tiandituKey: null, database: 'pglite' }, campaigns: saved.map((s) => s.detail) });
        else setStartup({ state: 'error', message: error instanceof ApiError && error.code === 'network' ? '没有网络，且本机尚未离线保存任何单位。请联网后打开一次并“离线保存我的单位”。' : messageOf(error) });
      },
    );
  }, []);
  return startup;
}

/** The field app's full-page messages: its own brand, and any detail is a problem to be read out. */
const Message = ({ title, detail }: { title: string; detail?: string }) => <FullPageMessage brand="盘活·外业" title={title} detail={detail} alert />;

export default function FieldApp() {
  useInstallable();
  const startup = useStartup();
  if (startup.state === 'loading') return <Message title="正在加载…" />;
  if (startup.state === 'error') return <Message title="无法打开外业模式" detail={startup.message} />;
  if (!startup.campaigns.length) return <Message title="尚未配置专项行动" />;
  const wanted = Number(new URLSearchParams(window.location.search).get('campaign'));
  const campaign = startup.campaigns.find((c) => c.id === wanted) ?? startup.campaigns[0]!;
  return <CampaignLoader campaignId={campaign.id} />;
}

function CampaignLoader({ campaignId }: { campaignId: number }) {
  const [campaign, setCampaign] = useState<Remote<CampaignDetail>>({ state: 'loading', stale: null });
  useEffect(() => {
    loadCampaign(campaignId).then(
      (data) => setCampaign({ state: 'ready', data }),
      (e: unknown) => setCampaign({ state: 'error', message: messageOf(e) }),
    );
  }, [campaignId]);
  if (campaign.state === 'error') return <Message title="无法加载专项行动" detail={campaign.message} />;
  if (campaign.state !== 'ready') return <Message title="正在加载…" />;
  return <FieldWorkspace campaign={campaign.data} />;
}

type ListKind = 'none' | 'search' | 'nearby' | 'tasks';
type ParcelRemote = Remote<ParcelDetail> & { offline?: boolean };

function FieldWorkspace({ campaign }: { campaign: CampaignDetail }) {
  const online = useOnline();
  const { position, start } = usePosition();
  const fix = fixOf(position);
  const latestFix = useRef(fix);
  latestFix.current = fix;
  const { user, logout } = useSession();
  const queue = useQueue();
  const baseLayers = useBaseLayers();

  const [follow, setFollow] = useState(false);
  const [text, setText] = useState('');
  const term = useDebounced(text.trim(), 300);
  const [list, setList] = useState<ListKind>('none');
  const [results, setResults] = useState<Results>({ state: 'idle' });
  const [selectedId, setSelectedId] = useState<number | null>(() => Number(new URLSearchParams(window.location.search).get('parcel')) || null);
  const [parcel, setParcel] = useState<ParcelRemote>({ state: 'loading', stale: null });
  const [reload, setReload] = useState(0);
  const [sheetSize, setSheetSize] = useState<SheetSize>('peek');
  const [menu, setMenu] = useState(false);
  const [login, setLogin] = useState(false);
  const [saved, setSaved] = useState<FieldParcel[] | null>(null);
  const [savedRevision, setSavedRevision] = useState(0);
  const [checks, setChecks] = useState<FeatureCollection<Point> | null>(null);
  const sheet = useRef<HTMLElement>(null);
  const sentCount = queue.filter((q) => q.status !== 'queued').length;
  const waiting = queue.filter((q) => q.status === 'queued').length;
  const tasks = useMyTasks(user, campaign.id, online, reload + sentCount);
  const openTasks = tasks.state === 'ready' ? tasks.tasks.filter((t) => t.status === 'pending' || t.status === 'overdue').length : 0;
  // The app opens on 我的任务 when the person has tasks (once; not over a parcel opened by its link).
  const tasksShown = useRef(false);
  useEffect(() => {
    if (tasks.state !== 'ready' || tasksShown.current) return;
    tasksShown.current = true;
    if (tasks.tasks.length && selectedId === null) setList((l) => (l === 'none' ? 'tasks' : l));
  }, [tasks, selectedId]);

  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.set('campaign', String(campaign.id));
    if (selectedId === null) url.searchParams.delete('parcel');
    else url.searchParams.set('parcel', String(selectedId));
    window.history.replaceState(null, '', url);
  }, [campaign.id, selectedId]);

  // Search: one request per pause in typing, nearest first when the position is known.
  useEffect(() => {
    if (list !== 'search') return;
    if (!term) {
      setResults({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    setResults({ state: 'loading' });
    const near = latestFix.current;
    searchParcels(campaign.id, term, near, 20, controller.signal).then(
      (found) => setResults({ state: 'ready', ...found }),
      (e: unknown) => !controller.signal.aborted && setResults({ state: 'error', message: `搜索失败：${messageOf(e)}` }),
    );
    return () => controller.abort();
  }, [list, term, campaign.id, online]);

  const hasFix = fix !== null;
  useEffect(() => {
    if (list !== 'nearby') return;
    if (!latestFix.current) {
      setResults({ state: 'loading' });
      return;
    }
    const controller = new AbortController();
    setResults({ state: 'loading' });
    searchParcels(campaign.id, '', latestFix.current, 10, controller.signal).then(
      (found) => setResults({ state: 'ready', ...found }),
      (e: unknown) => !controller.signal.aborted && setResults({ state: 'error', message: `查找失败：${messageOf(e)}` }),
    );
    return () => controller.abort();
  }, [list, hasFix, campaign.id, online]);

  useEffect(() => {
    if (selectedId === null) return;
    const controller = new AbortController();
    setParcel((p) => ({ state: 'loading', stale: p.state === 'ready' && p.data.properties.id === selectedId ? p.data : null }));
    loadParcel(selectedId, controller.signal).then(
      ({ detail, offline }) => setParcel({ state: 'ready', data: detail, offline }),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        // The network went away while the parcel was open: keep what is shown (and any form being filled in).
        setParcel((p) => {
          const shown = p.state === 'ready' ? p.data : p.state === 'loading' ? p.stale : null;
          return shown?.properties.id === selectedId ? { state: 'ready', data: shown, offline: true } : { state: 'error', message: messageOf(e) };
        });
      },
    );
    return () => controller.abort();
  }, [selectedId, reload, online]);

  // Send what waits: at start, when the network returns, after signing in, and again and again while anything waits.
  useEffect(() => {
    if (online && user !== undefined) void syncQueue();
  }, [online, user]);
  useRetryWhileWaiting(online, waiting);
  // What was sent is now on the server: show it in the parcel's list and on the map.
  useEffect(() => {
    if (sentCount > 0) setReload((r) => r + 1);
  }, [sentCount]);

  useEffect(() => {
    if (!online) return;
    const controller = new AbortController();
    getJson<FeatureCollection<Point>>(`/api/field-checks?campaign=${campaign.id}`, controller.signal).then(setChecks, () => undefined);
    return () => controller.abort();
  }, [campaign.id, online, sentCount]);

  useEffect(() => {
    if (online) {
      setSaved(null);
      return;
    }
    void savedParcels(campaign.id).then(setSaved);
  }, [online, campaign.id, savedRevision]);

  // Esc (a keyboard on a tablet): close the list first, then the parcel.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || menu || login) return;
      if (list !== 'none') setList('none');
      else setSelectedId(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [list, menu, login]);

  const choose = (id: number) => {
    setSelectedId(id);
    setSheetSize('peek');
    setList('none');
    setFollow(false);
  };

  const locate = () => {
    start();
    setFollow(true);
  };

  const recordBlocked =
    user === undefined ? null : user?.role === 'viewer' ? '领导查看账号只能查看，不能记录外业核查' : !user && online ? '请先登录，再记录外业核查' : null;
  const selectedDetail = parcel.state === 'ready' ? parcel.data : parcel.state === 'loading' ? parcel.stale : null;

  return (
    <div className={`field-app ${online ? '' : 'field-app--offline'}`}>
      <FieldMap
        campaign={campaign}
        baseLayer={defaultLayer(baseLayers)}
        fix={fix}
        follow={follow}
        onFollowEnd={() => setFollow(false)}
        selected={selectedId !== null && selectedDetail?.properties.id === selectedId ? { id: selectedId, geometry: selectedDetail.geometry } : null}
        coveredBottom={() => sheet.current?.offsetHeight ?? 0}
        savedParcels={saved}
        fieldChecks={checks}
        onSelectParcel={choose}
      />

      <header className="field-top">
        <button type="button" className="field-top__menu" aria-label={waiting ? `菜单（${waiting} 条待同步）` : '菜单'} onClick={() => setMenu(true)}>
          <span aria-hidden="true">☰</span>
          {waiting > 0 && <span className="field-top__count">{waiting}</span>}
        </button>
        <form className="field-search" role="search" onSubmit={(e) => e.preventDefault()}>
          <input
            type="search"
            enterKeyHint="search"
            aria-label="搜索地块"
            placeholder="监管号、地块编号、项目、用地单位"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setList('search');
            }}
            onFocus={() => text.trim() && setList('search')}
          />
        </form>
      </header>
      {!online && (
        <div className="field-banner" role="status">
          离线模式 · 核查记录联网后自动同步
        </div>
      )}

      <div className="field-fabs">
        {tasks.state === 'ready' && tasks.tasks.length > 0 && (
          <button type="button" className="field-fab" aria-pressed={list === 'tasks'} onClick={() => (start(), setList(list === 'tasks' ? 'none' : 'tasks'))}>
            我的任务{openTasks > 0 && <span className="field-fab__count">{openTasks}</span>}
          </button>
        )}
        <button type="button" className="field-fab" aria-pressed={follow} onClick={locate}>
          <span aria-hidden="true">◎</span> 我的位置
        </button>
        <button type="button" className="field-fab" aria-pressed={list === 'nearby'} onClick={() => (start(), setList(list === 'nearby' ? 'none' : 'nearby'))}>
          附近地块
        </button>
      </div>
      {position.state === 'error' && <p className="field-toast">{position.message}</p>}

      {list === 'tasks' && tasks.state === 'ready' && (
        <MyTasks tasks={tasks.tasks} offline={tasks.offline} queue={queue} near={fix} onChoose={choose} onClose={() => setList('none')} />
      )}

      {(list === 'nearby' || (list === 'search' && term)) && (
        <SearchResults
          title={list === 'nearby' ? (fix ? '附近地块' : '附近地块（正在定位…）') : `“${term}”的搜索结果`}
          results={results}
          near={fix}
          onChoose={(p) => choose(p.properties.id)}
          onClose={() => setList('none')}
        />
      )}

      {selectedId !== null && (
        <ParcelSheet
          ref={sheet}
          parcel={parcel}
          position={position}
          onLocate={start}
          queue={queue}
          size={sheetSize}
          onSizeChange={setSheetSize}
          onClose={() => setSelectedId(null)}
          onRecorded={() => setReload((r) => r + 1)}
          recordBlocked={recordBlocked}
          onSignIn={() => setLogin(true)}
        />
      )}

      {menu && (
        <FieldMenu
          user={user}
          onSignIn={() => {
            setMenu(false);
            setLogin(true);
          }}
          onSignOut={() => (forgetMyTasks(), void logout())}
          queue={queue}
          campaign={campaign}
          baseLayers={baseLayers}
          online={online}
          onOfflineSaved={() => setSavedRevision((r) => r + 1)}
          onClose={() => setMenu(false)}
        />
      )}
      {login && <LoginDialog onClose={() => setLogin(false)} />}
    </div>
  );
}
