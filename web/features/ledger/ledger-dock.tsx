/**
 * 台账: the campaign's parcels as a table docked under the map. Filters, sort and shown columns make the view; the
 * export writes exactly that view. Rows selected here are highlighted on the map; a parcel clicked on the map is
 * selected and brought into view here. Editors edit cells in place, change many rows at once and enter disposals.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { LEDGER_TABLE_COLUMNS, type LedgerColumnKey, type LedgerRow } from '../../../core/ledger/row.ts';
import { viewQuery } from '../../../core/ledger/view-params.ts';
import { isSharedColumn, ledgerFiltersOf, withColumnFilter } from '../../../core/ledger/map-filters.ts';
import { ledgerView, type ColumnFilter, type LedgerFilters, type LedgerSort } from '../../../core/ledger/view.ts';
import { NO_FILTERS, type ParcelFilters } from '../filters/parcel-filters.ts';
import type { ParcelFields } from '../../../core/parcel.ts';
import { parseIsoDate, todayInChina, type IsoDate } from '../../../core/dates.ts';
import { mayEditParcels } from '../../../core/roles.ts';
import { getJson, query } from '../../api/client.ts';
import type { CampaignDetail, ParcelList } from '../../api/types.ts';
import { useSession } from '../auth/session.tsx';
import { mayEditParcel } from '../editing/permissions.ts';
import { flyToGeometry } from '../map/camera.ts';
import { BulkBar, type BulkResult } from './bulk-bar.tsx';
import { DEFAULT_COLUMNS } from './columns.ts';
import { DisposalDialog } from './disposal-dialog.tsx';
import { LedgerGrid } from './ledger-grid.tsx';
import { hideLedgerSelection, showLedgerSelection } from './map-highlight.ts';
import { saveCell } from './save-field.ts';
import { SelectionActions } from './selection-actions.tsx';
import { clickRow, NO_SELECTION, toggleAllShown, type Selection } from '../../../core/ledger/selection.ts';
import { useLedgerRows } from './use-ledger-rows.ts';
import './ledger.css';

interface LedgerDockProps {
  campaign: CampaignDetail;
  map: MapLibreMap | null;
  revision: number;
  /** The day the table shows the ledger as it stood (台账截至); null: as it stands now, editable. */
  asOf: IsoDate | null;
  onAsOf: (date: IsoDate | null) => void;
  /** The parcel open in the page (chosen on the map, by search or here). */
  focusId: number | null;
  onOpenParcel: (id: number) => void;
  /** Something was saved here: the page refreshes the map, progress and the open parcel. */
  onChanged: () => void;
  onClose: () => void;
  /** The page's filters: the map's, and the table's 类别, 状态 and 所在单位 columns. */
  mapFilters: ParcelFilters;
  onMapFiltersChange: (filters: ParcelFilters) => void;
}

export function LedgerDock({ campaign, map, revision, asOf, onAsOf, focusId, onOpenParcel, onChanged, onClose, mapFilters, onMapFiltersChange }: LedgerDockProps) {
  const { result, patch } = useLedgerRows(campaign.id, revision, asOf);
  const today = todayInChina();
  const { user } = useSession();
  const [columns, setColumns] = useState<LedgerColumnKey[]>(DEFAULT_COLUMNS);
  const [sort, setSort] = useState<LedgerSort | null>(null);
  // The table's own column filters; those of the shared columns come from the page's (the map's) filters.
  const [ownFilters, setOwnFilters] = useState<LedgerFilters>({});
  const [maximised, setMaximised] = useState(false);
  const unitRefs = useMemo(() => campaign.units.features.map((u) => ({ id: u.properties.id, name: u.properties.name })), [campaign]);
  const filters = useMemo<LedgerFilters>(() => ({ ...ownFilters, ...ledgerFiltersOf(mapFilters, unitRefs) }), [ownFilters, mapFilters, unitRefs]);
  const setFilter = (column: LedgerColumnKey, filter: ColumnFilter | undefined) => {
    if (isSharedColumn(column)) onMapFiltersChange(withColumnFilter(mapFilters, column, filter, unitRefs));
    else setOwnFilters((fs) => ({ ...fs, [column]: filter }));
  };
  const clearFilters = () => {
    setOwnFilters({});
    onMapFiltersChange(NO_FILTERS);
  };
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const [reveal, setReveal] = useState<{ id: number; nonce: number } | null>(null);
  const [disposalFor, setDisposalFor] = useState<number | null>(null);
  // Typing in a filter stays responsive: the 10,000-row view follows a moment later.
  const deferredFilters = useDeferredValue(filters);
  const openedHere = useRef<number | null>(null);

  const rows = result.state === 'ready' ? result.rows : result.state === 'loading' ? result.rows : null;
  const units = useMemo(() => campaign.units.features.map((u) => u.properties.name), [campaign]);
  const view = useMemo(() => ledgerView(rows ?? [], { filters: deferredFilters, sort, unitOrder: units }), [rows, deferredFilters, sort, units]);
  const shownIds = useMemo(() => view.groups.flatMap((g) => g.rows.map((r) => r.id)), [view]);
  const byId = useMemo(() => new Map((rows ?? []).map((r) => [r.id, r])), [rows]);
  const selectedRows = useMemo(() => [...selection.ids].flatMap((id) => byId.get(id) ?? []), [selection, byId]);

  useEffect(() => {
    if (!map) return;
    const apply = () => showLedgerSelection(map, [...selection.ids]);
    if (map.isStyleLoaded()) apply();
    else map.once('idle', apply);
    return () => {
      map.off('idle', apply);
    };
  }, [map, selection]);
  useEffect(() => (map ? () => hideLedgerSelection(map) : undefined), [map]);

  // A parcel chosen elsewhere (the map, the search) becomes the table's selection and scrolls into view.
  useEffect(() => {
    if (focusId === null || focusId === openedHere.current) return;
    openedHere.current = null;
    setSelection({ ids: new Set([focusId]), anchor: focusId });
    setReveal({ id: focusId, nonce: Date.now() });
  }, [focusId]);
  // Rows arrive after the parcel was chosen: bring it into view once they are there.
  const loaded = rows !== null;
  useEffect(() => {
    if (loaded && focusId !== null && focusId !== openedHere.current) setReveal({ id: focusId, nonce: Date.now() });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded]);

  /** The parcel in the page's panel (double-click, or Enter on a cell not edited in place). */
  const openParcel = (id: number) => {
    openedHere.current = id;
    onOpenParcel(id);
    flyTo(id);
  };

  /**
   * A plain click selects the row and shows the parcel on the map, without opening the panel: opening it would widen
   * the side panel and move the table under the pointer between the two clicks of a double-click.
   */
  const flyTo = (id: number) => {
    if (!map) return;
    void getJson<ParcelList>(`/api/parcels${query({ ids: String(id), limit: 1 })}`).then((list) => {
      const geometry = list.features[0]?.geometry;
      if (geometry) flyToGeometry(map, geometry, { maxZoom: 14 });
    }, () => undefined);
  };

  /** Fits the map to the selected parcels (those with a boundary; the first 500 are enough to frame them). */
  const showSelectionOnMap = () => {
    const ids = [...selection.ids].slice(0, 500);
    if (!map || !ids.length) return;
    void getJson<ParcelList>(`/api/parcels${query({ ids: ids.map(String), limit: ids.length })}`).then((list) => {
      const coordinates = list.features.flatMap((f) => (f.geometry?.type === 'MultiPolygon' ? f.geometry.coordinates : f.geometry ? [f.geometry.coordinates] : []));
      if (coordinates.length) flyToGeometry(map, { type: 'MultiPolygon', coordinates }, { maxZoom: 14 });
    }, () => undefined);
  };

  const onRowClick = (id: number, keys: { toggle: boolean; range: boolean }) => {
    setSelection((s) => clickRow(s, id, keys, shownIds));
    // With the panel already open, it follows the clicked row (the layout then stays as it is).
    if (!keys.toggle && !keys.range) (focusId !== null ? openParcel(id) : flyTo(id));
  };

  // The ledger as it stood on a past day is read only: edits are made to the ledger as it stands.
  const mayEdit = (row: LedgerRow) => (user && !asOf ? mayEditParcel(user, { unitId: row.unitId ?? -1 }) : false);

  const onSaveCell = async (row: LedgerRow, column: keyof ParcelFields, text: string) => {
    const saved = await saveCell(row, column, text);
    if (saved.ok) {
      patch(row.id, saved.change);
      onChanged();
      return null;
    }
    if (saved.current) patch(row.id, saved.current);
    return saved.message;
  };

  const onBulkDone = (done: BulkResult) => {
    for (const p of done.parcels) patch(p.id, { version: p.version });
    onChanged();
  };

  const exportUrl = `/api/ledger/export${query({ campaign: campaign.id, asOf, ...viewQuery({ columns, sort, filters: deferredFilters }) })}`;
  const filtered = Object.values(filters).some((f) => f !== undefined);
  const followsMap = Object.values(ledgerFiltersOf(mapFilters, unitRefs)).some((f) => f !== undefined);
  const disposalRow = disposalFor === null ? null : byId.get(disposalFor) ?? null;

  return (
    <section className={`ledger-dock ${maximised ? 'ledger-dock--maximised' : ''}`} aria-label="地块台账" data-testid="ledger-dock">
      <header className="ledger-dock__bar">
        <h2 className="ledger-dock__title">地块台账</h2>
        <span className="ledger-dock__summary" role="status">
          {rows === null
            ? ''
            : filtered
              ? `筛选出 ${view.total.count.toLocaleString('zh-CN')} 宗 / 共 ${rows.length.toLocaleString('zh-CN')} 宗${followsMap ? '（与地图筛选一致）' : ''}`
              : `${asOf ? `截至 ${asOf} ` : ''}共 ${rows.length.toLocaleString('zh-CN')} 宗，按单位分组`}
          {result.state === 'ready' && result.reloading ? ' · 正在更新…' : ''}
        </span>
        {filtered && (
          <button type="button" className="link-button" onClick={clearFilters}>
            清除筛选
          </button>
        )}
        <span className="ledger-dock__tools">
          <label className={`ledger-as-of ${asOf ? 'ledger-as-of--past' : ''}`} title="按各地块登记的事项，显示该日的类别、状态与已处置面积；该日尚未批准或已不在台账类别中的地块不显示">
            台账截至
            <input
              type="date"
              aria-label="台账截至"
              max={today}
              value={asOf ?? today}
              onChange={(e) => {
                const date = parseIsoDate(e.target.value);
                if (date) onAsOf(date >= today ? null : date);
              }}
            />
          </label>
          {asOf && (
            <button type="button" className="button button--small button--quiet" onClick={() => onAsOf(null)}>
              回到今天
            </button>
          )}
          <details className="ledger-columns">
            <summary className="button button--small button--quiet">显示列（{columns.length}）</summary>
            <div className="ledger-columns__menu" role="group" aria-label="显示的列">
              {LEDGER_TABLE_COLUMNS.map((c) => (
                <label key={c.key}>
                  <input
                    type="checkbox"
                    checked={columns.includes(c.key)}
                    disabled={c.key === 'code'}
                    onChange={() =>
                      setColumns((cs) => (cs.includes(c.key) ? cs.filter((k) => k !== c.key) : LEDGER_TABLE_COLUMNS.map((x) => x.key).filter((k) => k === c.key || cs.includes(k))))
                    }
                  />
                  {c.header}
                </label>
              ))}
            </div>
          </details>
          <a className="button button--small" href={exportUrl} download aria-disabled={rows === null}>
            导出当前表格
          </a>
          <button
            type="button"
            className="button button--small button--quiet"
            aria-pressed={maximised}
            title={maximised ? '还原：台账停靠在地图下方' : '最大化：台账占满整个窗口'}
            onClick={() => setMaximised((m) => !m)}
          >
            {maximised ? '还原' : '最大化'}
          </button>
          <button type="button" className="icon-button" aria-label="关闭台账" title="关闭台账" onClick={onClose}>
            ×
          </button>
        </span>
      </header>

      {selection.ids.size > 0 && rows && (
        <BulkBar
          key={campaign.id}
          rows={selectedRows}
          canEdit={user && !asOf ? mayEditParcels(user.role) : false}
          refusedHere={selectedRows.filter((r) => !mayEdit(r)).length}
          onDone={onBulkDone}
          onClear={() => setSelection(NO_SELECTION)}
          onShowOnMap={map ? showSelectionOnMap : null}
          onDisposal={selectedRows.length === 1 && mayEdit(selectedRows[0]!) ? () => setDisposalFor(selectedRows[0]!.id) : null}
        >
          <SelectionActions rows={selectedRows} pastDay={asOf !== null} />
        </BulkBar>
      )}

      {result.state === 'error' ? (
        <p className="error-box ledger-dock__state" role="alert">无法加载台账：{result.message}</p>
      ) : rows === null ? (
        <div className="ledger-dock__state" role="status" aria-busy="true">
          <div className="skeleton" />
          <p className="hint">
            正在加载台账…{result.state === 'loading' && result.total ? `（${result.loaded.toLocaleString('zh-CN')} / ${result.total.toLocaleString('zh-CN')} 宗）` : ''}
          </p>
        </div>
      ) : rows.length === 0 ? (
        <div className="ledger-dock__state ledger-dock__empty">
          <h3>该专项行动尚未登记地块</h3>
          <p className="hint">通过“导入”上传 Excel 台账、界址点坐标文件或 Shapefile，或在地图上新建地块。</p>
        </div>
      ) : (
        <>
          <LedgerGrid
            view={view}
            columns={columns}
            sort={sort}
            onSort={setSort}
            filters={filters}
            onFilter={setFilter}
            units={units}
            selected={selection.ids}
            onRowClick={onRowClick}
            onOpenParcel={openParcel}
            onSelectIds={(ids, on) =>
              setSelection((s) => {
                const next = new Set(s.ids);
                for (const id of ids) (on ? next.add(id) : next.delete(id));
                return { ids: next, anchor: s.anchor };
              })
            }
            onToggleAll={() => setSelection((s) => toggleAllShown(s, shownIds))}
            reveal={reveal}
            mayEdit={mayEdit}
            onSaveCell={onSaveCell}
          />
          {view.total.count === 0 && (
            <div className="ledger-dock__none" role="status">
              没有符合筛选条件的地块。
              <button type="button" className="link-button" onClick={clearFilters}>
                清除筛选
              </button>
            </div>
          )}
        </>
      )}

      {disposalRow && (
        <DisposalDialog
          parcel={disposalRow}
          onChanged={(disposedMu) => {
            patch(disposalRow.id, { disposedMu });
            onChanged();
          }}
          onClose={() => setDisposalFor(null)}
        />
      )}
    </section>
  );
}
