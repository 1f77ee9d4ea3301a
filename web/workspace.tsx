/**
 * One campaign's war-room page. Desk: filters and legend (or the open parcel) on the left, the map, progress on
 * the right, so the campaign's progress stays in view while a parcel is read. Phone: the map, with those panels as
 * bottom sheets one at a time. Owns the page state that the URL carries.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { LngLat, Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IsoDate } from '../core/dates.ts';
import { mayEditParcels } from '../core/roles.ts';
import { query } from './api/client.ts';
import type { AppConfig, CampaignDetail, CampaignProgress, CampaignSummary, ParcelDetail, ParcelFeature, TaskKey } from './api/types.ts';
import { dataOf, useApi } from './api/use-api.ts';
import { useSession } from './features/auth/session.tsx';
import { showBoundaryPreview } from './features/editing/boundary-preview.ts';
import type { DrawTarget } from './features/editing/drawing-panel.tsx';
import type { DeletedParcel } from './features/editing/parcel-actions.tsx';
import { UndoDelete } from './features/editing/undo-delete.tsx';
import { DeletedParcels } from './features/editing/deleted-parcels.tsx';
import { ExportMenu } from './features/export/export-menu.tsx';
import { FilterPanel } from './features/filters/filter-panel.tsx';
import { FilterResults } from './features/filters/filter-results.tsx';
import { ImportButton } from './features/import/import-button.tsx';
import { CampaignSetupActions } from './features/campaign-setup/setup-actions.tsx';
import { NO_FILTERS, type ParcelFilters } from './features/filters/parcel-filters.ts';
import { Legend } from './features/legend/legend.tsx';
import { flyToGeometry } from './features/map/camera.ts';
import { MapArea } from './features/map/map-area.tsx';
import { ApprovalOverlay } from './features/overlay/approval-overlay.tsx';
import { useUnitLabels } from './features/map/use-unit-labels.ts';
import { ParcelPanel } from './features/parcel-panel/parcel-panel.tsx';
import { ProgressPanel } from './features/progress/progress-panel.tsx';
import { useWarnings } from './features/warnings/use-warnings.ts';
import { WarningsButton } from './features/warnings/warnings-button.tsx';
import { ReportsButton } from './features/reports/reports-button.tsx';
import { WarningsPanel } from './features/warnings/warnings-panel.tsx';
import { SheetHeader } from './shell/sheet-header.tsx';
import { TopBar } from './shell/top-bar.tsx';
import { writeUrlState, type MapView, type UrlState } from './url-state.ts';
import { DatabaseBanner } from './features/status/database-banner.tsx';
import { lazyPart } from './shell/lazy-part.tsx';

// Shown only once asked for: loaded then (web/shell/lazy-part.tsx), not before the desk's first view.
const DrawingPanel = lazyPart(() => import('./features/editing/drawing-panel.tsx').then((m) => m.DrawingPanel));
const LedgerDock = lazyPart(() => import('./features/ledger/ledger-dock.tsx').then((m) => m.LedgerDock));

type LeftTab = 'parcel' | 'filters';
/** Which panel covers the map on a phone, where there is room for only one at a time. */
type Sheet = 'none' | 'left' | 'right';
/** Where panels become bottom sheets over the map (layout.css). */
const PHONE = '(max-width: 820px)';
const LEFT_TABS = [
  { key: 'parcel' as const, label: '地块详情' },
  { key: 'filters' as const, label: '筛选与图例' },
];

interface WorkspaceProps {
  config: AppConfig;
  campaigns: CampaignSummary[];
  campaignId: number;
  onCampaignChange: (id: number) => void;
  initial: UrlState;
  notice: string | null;
}

export function Workspace({ config, campaigns, campaignId, onCampaignChange, initial, notice }: WorkspaceProps) {
  const [filters, setFilters] = useState<ParcelFilters>({ categories: initial.categories, statuses: initial.statuses, unitId: initial.unit });
  const [selected, setSelected] = useState<number | null>(initial.parcel);
  const [date, setDate] = useState<IsoDate | null>(initial.date);
  const [task, setTask] = useState<TaskKey>(initial.task);
  const [view, setView] = useState<MapView | null>(initial.view);
  // null: the default base layer the admin set.
  const [basemap, setBasemap] = useState<string | null>(null);
  const [leftTab, setLeftTab] = useState<LeftTab>(initial.parcel !== null ? 'parcel' : 'filters');
  const [sheet, setSheet] = useState<Sheet>(initial.parcel !== null ? 'left' : 'none');
  const [dismissed, setDismissed] = useState(false);
  // The parcel an admin just deleted, until undeleted or dismissed: its own URL answers 404 now.
  const [deleted, setDeleted] = useState<DeletedParcel | null>(null);
  // State, not a ref: showing a linked parcel waits for both the map and the parcel, whichever comes last.
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const leftSheet = useRef<HTMLElement>(null);
  // A shared link to a parcel without a view: show the parcel once its shape is known.
  const flyToSelected = useRef(initial.parcel !== null && initial.view === null);
  const { user } = useSession();
  // A new polygon or a boundary being edited on the map; the left panel then belongs to it.
  const [drawing, setDrawing] = useState<DrawTarget | null>(null);
  // Raised by every change saved here: the parcel, the progress figures and the map's tiles are fetched anew.
  const [revision, setRevision] = useState(0);
  // 台账: the ledger table docked under the map.
  const [ledgerOpen, setLedgerOpen] = useState(initial.asOf !== null);
  const [ledgerAsOf, setLedgerAsOf] = useState(initial.asOf);
  const [preview, setPreview] = useState<Polygon | MultiPolygon | null>(null);
  // 预警: the warnings view takes the right panel's place while open.
  const [warningsOpen, setWarningsOpen] = useState(false);
  const warnings = useWarnings(campaignId, date, revision);
  const rev = revision || null;

  const detail = useApi<CampaignDetail>(`/api/campaigns/${campaignId}`, 'campaign');
  const progress = useApi<CampaignProgress>(`/api/campaigns/${campaignId}/progress${query({ date, rev })}`, campaignId);
  // The page's date: the parcel's idle-land class is computed for the same day as the progress and the warnings.
  const parcel = useApi<ParcelDetail>(selected === null ? null : `/api/parcels/${selected}${query({ rev, date })}`);
  const campaign = dataOf(detail);
  const currentCampaign = campaign?.id === campaignId ? campaign : null;
  // A task type the campaign does not assign (e.g. 低效用地 for Anze) falls back to the sum.
  const effectiveTask: TaskKey = task === 'overall' || currentCampaign?.taskTypes.includes(task) !== false ? task : 'overall';
  const unitLabels = useUnitLabels(currentCampaign, dataOf(progress), effectiveTask);

  useEffect(() => {
    writeUrlState({
      campaign: campaignId,
      view,
      categories: filters.categories,
      statuses: filters.statuses,
      unit: filters.unitId,
      parcel: selected,
      date,
      task: effectiveTask,
      asOf: ledgerOpen ? ledgerAsOf : null,
    });
  }, [campaignId, view, filters, selected, date, effectiveTask, ledgerOpen, ledgerAsOf]);

  // On a phone the parcel's sheet covers the lower map; its laid-out height is known even while it slides in.
  const coveredByParcelSheet = () => (window.matchMedia(PHONE).matches ? (leftSheet.current?.offsetHeight ?? 0) : 0);

  useEffect(() => {
    if (!flyToSelected.current || parcel.state !== 'ready' || !map || !parcel.data.geometry) return;
    flyToSelected.current = false;
    flyToGeometry(map, parcel.data.geometry, { coveredBottom: coveredByParcelSheet() });
  }, [parcel, map]);

  const selectParcel = (id: number) => {
    setSelected(id);
    setPreview(null);
    setLeftTab('parcel');
    setSheet('left');
  };

  // A tap on a phone: keep the tapped parcel in sight above the sheet that opens over the map.
  const selectParcelOnMap = (id: number, at: LngLat) => {
    // While drawing, clicks place vertices; they must not open the parcel underneath.
    if (drawing) return;
    selectParcel(id);
    const covered = coveredByParcelSheet();
    // An offset, not camera padding: MapLibre keeps padding for every later move, an offset applies to this one only.
    if (map && covered > 0) map.easeTo({ center: at, offset: [0, -covered / 2], duration: 500 });
  };

  const chooseSearchResult = (result: ParcelFeature) => {
    selectParcel(result.properties.id);
    if (map && result.geometry) flyToGeometry(map, result.geometry, { coveredBottom: coveredByParcelSheet() });
  };

  const closeParcel = useCallback(() => {
    setSelected(null);
    setPreview(null);
    setLeftTab('filters');
    setSheet((s) => (s === 'left' ? 'none' : s));
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented || drawing) return;
      if (selected !== null) closeParcel();
      else setSheet('none');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selected, closeParcel, drawing]);

  useEffect(() => {
    if (map) showBoundaryPreview(map, drawing ? null : preview);
  }, [map, preview, drawing]);

  const changed = useCallback((saved: ParcelFeature | null) => {
    setRevision((r) => r + 1);
    if (saved) setSelected(saved.properties.id);
  }, []);

  const finishDrawing = (saved: ParcelFeature) => {
    setDrawing(null);
    changed(saved);
    setLeftTab('parcel');
    setSheet('left');
  };
  const cancelDrawing = useCallback(() => setDrawing(null), []);

  const startDrawing = (target: DrawTarget) => {
    setPreview(null);
    setDrawing(target);
    setSheet('left');
  };

  const changeCampaign = (id: number) => {
    setFilters(NO_FILTERS);
    setSelected(null);
    setDate(null);
    setTask('overall');
    setLeftTab('filters');
    onCampaignChange(id);
  };

  const zoomToUnit = (unitId: number) => {
    const unit = currentCampaign?.units.features.find((u) => u.properties.id === unitId);
    if (map && unit?.geometry) flyToGeometry(map, unit.geometry, { maxZoom: 13 });
    setSheet('none');
  };

  /** Bottom bar on a phone: opens a panel, or hides it when it is already the one shown. */
  const toggleSheet = (target: Sheet, tab?: LeftTab) => {
    const showing = sheet === target && (tab === undefined || leftTab === tab);
    if (tab) setLeftTab(tab);
    setSheet(showing ? 'none' : target);
  };

  const hasParcel = selected !== null;
  const mayCreate = user ? mayEditParcels(user.role) : false;
  return (
    <div className={`app sheet-${sheet}`}>
      <TopBar
        campaigns={campaigns}
        campaignId={campaignId}
        onCampaignChange={changeCampaign}
        onSearchChoose={chooseSearchResult}
        actions={
          <>
            <button type="button" className="topbar-action" aria-pressed={ledgerOpen} title="以表格查看、筛选、批量修改和导出全部地块" onClick={() => setLedgerOpen((open) => !open)}>
              台账
            </button>
            <WarningsButton
              warnings={warnings}
              open={warningsOpen}
              onToggle={() => {
                setWarningsOpen((open) => !open);
                setSheet('right');
              }}
            />
            <ReportsButton campaignId={campaignId} campaignName={currentCampaign?.name ?? ''} />
            <ImportButton map={map} campaignId={campaignId} onImported={() => setRevision((r) => r + 1)} />
            <ExportMenu campaignId={campaignId} filters={filters} parcel={parcel.state === 'ready' && parcel.data.properties.id === selected ? { id: selected, code: parcel.data.properties.code } : null} />
            <CampaignSetupActions campaignId={campaignId} />
          </>
        }
      />
      <DatabaseBanner />
      {notice && !dismissed && (
        <div className="banner" role="status">
          {notice}
          <button type="button" className="link-button" onClick={() => setDismissed(true)}>
            知道了
          </button>
        </div>
      )}

      <div className={`workspace ${hasParcel || drawing ? 'workspace--parcel' : ''}`}>
        <aside ref={leftSheet} className="side side--left" aria-label={drawing ? '绘制地块' : hasParcel && leftTab === 'parcel' ? '地块详情' : '筛选与图例'}>
          {drawing && map && currentCampaign ? (
            <DrawingPanel
              key={drawing.kind === 'new' ? 'new' : drawing.detail.properties.id}
              map={map}
              campaignId={campaignId}
              tolerance={currentCampaign.tolerance}
              target={drawing}
              onSaved={finishDrawing}
              onCancel={cancelDrawing}
            />
          ) : (
            <>
              <SheetHeader
                title="筛选与图例"
                tabs={hasParcel ? { items: LEFT_TABS, active: leftTab, onChange: setLeftTab } : null}
                onCollapse={() => setSheet('none')}
              />
              {hasParcel && (
                <div hidden={leftTab !== 'parcel'}>
                  <ParcelPanel
                    key={selected}
                    parcelId={selected}
                    parcel={parcel}
                    onClose={closeParcel}
                    onChanged={changed}
                    onDeleted={(gone) => {
                      setDeleted(gone);
                      setRevision((r) => r + 1);
                      closeParcel();
                    }}
                    onEditBoundary={(detail) => startDrawing({ kind: 'boundary', detail })}
                    onPreviewBoundary={setPreview}
                  />
                </div>
              )}
              <div hidden={hasParcel && leftTab !== 'filters'}>
                {currentCampaign ? (
                  <>
                    <FilterPanel campaignId={campaignId} revision={revision} units={currentCampaign.units.features} filters={filters} onChange={setFilters} />
                    <FilterResults
                      campaignId={campaignId}
                      filters={filters}
                      revision={revision}
                      selectedId={selected}
                      onChoose={chooseSearchResult}
                      onOpenLedger={() => setLedgerOpen(true)}
                    />
                  </>
                ) : (
                  <div className="skeleton" aria-label="正在加载" />
                )}
                <Legend />
                <DeletedParcels
                  campaignId={campaignId}
                  revision={revision}
                  onRestored={(parcel) => {
                    changed(parcel);
                    selectParcel(parcel.properties.id);
                  }}
                />
              </div>
            </>
          )}
        </aside>

        <MapArea
          config={config}
          detail={detail}
          campaign={campaign}
          initialView={initial.view}
          filters={filters}
          selectedParcelId={selected}
          unitLabels={unitLabels}
          basemap={basemap}
          onBasemapChange={setBasemap}
          onMapReady={setMap}
          onSelectParcel={selectParcelOnMap}
          onViewChange={setView}
          tilesRevision={revision}
        >
          {deleted && (
            <UndoDelete
              key={deleted.id}
              deleted={deleted}
              onDismiss={() => setDeleted(null)}
              onUndeleted={(parcel) => {
                setDeleted(null);
                changed(parcel);
                selectParcel(parcel.properties.id);
              }}
            />
          )}
          {mayCreate && !drawing && (
            <button type="button" className="button new-parcel-button" onClick={() => startDrawing({ kind: 'new' })}>
              ＋ 新建地块
            </button>
          )}
          {map && !drawing && <ApprovalOverlay map={map} campaignId={campaignId} revision={revision} onConverted={() => setRevision((r) => r + 1)} />}
          {ledgerOpen && currentCampaign && (
            <LedgerDock
              key={currentCampaign.id}
              campaign={currentCampaign}
              map={map}
              revision={revision}
              asOf={ledgerAsOf}
              onAsOf={setLedgerAsOf}
              focusId={selected}
              onOpenParcel={selectParcel}
              onChanged={() => setRevision((r) => r + 1)}
              onClose={() => setLedgerOpen(false)}
              mapFilters={filters}
              onMapFiltersChange={setFilters}
            />
          )}
        </MapArea>

        <aside className="side side--right" aria-label={warningsOpen ? '预警' : '任务进度'}>
          <SheetHeader title={warningsOpen ? '预警' : '任务进度'} onCollapse={() => setSheet('none')} />
          {warningsOpen ? (
            <WarningsPanel
              campaignId={campaignId}
              warnings={warnings}
              selectedParcelId={selected}
              onOpenParcel={(id) => {
                // Shown on the map once its boundary has loaded, as a shared link to a parcel is (at once if already open).
                if (id !== selected) flyToSelected.current = true;
                else if (map && parcel.state === 'ready' && parcel.data.geometry) flyToGeometry(map, parcel.data.geometry, { coveredBottom: coveredByParcelSheet() });
                selectParcel(id);
              }}
              onOpenUnit={zoomToUnit}
              onClose={() => setWarningsOpen(false)}
            />
          ) : currentCampaign ? (
            <ProgressPanel
              campaign={currentCampaign}
              progress={progress}
              task={effectiveTask}
              onTaskChange={setTask}
              onDateChange={(value) => setDate(value as IsoDate)}
              onZoomToUnit={zoomToUnit}
            />
          ) : (
            <div className="skeleton" aria-label="正在加载" />
          )}
        </aside>
      </div>

      <nav className="bottom-nav" aria-label="面板">
        <button type="button" aria-pressed={sheet === 'left' && (!hasParcel || leftTab === 'filters')} onClick={() => toggleSheet('left', 'filters')}>
          筛选与图例
        </button>
        <button type="button" aria-pressed={sheet === 'right'} onClick={() => toggleSheet('right')}>
          任务进度
        </button>
        <button type="button" disabled={!hasParcel} aria-pressed={sheet === 'left' && hasParcel && leftTab === 'parcel'} onClick={() => toggleSheet('left', 'parcel')}>
          地块详情
        </button>
      </nav>
    </div>
  );
}
