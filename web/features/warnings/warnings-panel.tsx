/**
 * The warnings view: everything the rules flag on the date, grouped by kind with counts, narrowed by kind and unit;
 * a warning opens its parcel on the map (or, for a unit behind its schedule, shows the unit). Links to the daily digest.
 */
import { useState } from 'react';
import { WARNING_KINDS, WARNING_KIND_LABELS, type Warning, type WarningKind } from '../../../core/warnings/types.ts';
import { query } from '../../api/client.ts';
import { dataOf } from '../../api/use-api.ts';
import { dateZh } from '../../format.ts';
import { STALE_DAY_CHOICES, useWarningList, WARNINGS_PAGE, type WarningsState } from './use-warnings.ts';
import { WarningItem } from './warning-item.tsx';
import './warnings.css';
import { WarningsKeyCases } from '../reports/key-case-notes.tsx';

/** The server's largest page (server/warnings/routes.ts): past it, filters and the digest serve better than scrolling. */
const MAX_SHOWN = 1000;

interface WarningsPanelProps {
  campaignId: number;
  warnings: WarningsState;
  selectedParcelId: number | null;
  onOpenParcel: (parcelId: number) => void;
  onOpenUnit: (unitId: number) => void;
  onClose: () => void;
}

export function WarningsPanel({ campaignId, warnings, selectedParcelId, onOpenParcel, onOpenUnit, onClose }: WarningsPanelProps) {
  const [kind, setKindState] = useState<WarningKind | null>(null);
  const [unitId, setUnitIdState] = useState<number | null>(null);
  // How many of the filtered list to show; a new filter starts again at one page.
  const [limit, setLimit] = useState(WARNINGS_PAGE);
  const setKind = (k: WarningKind | null) => (setKindState(k), setLimit(WARNINGS_PAGE));
  const setUnitId = (u: number | null) => (setUnitIdState(u), setLimit(WARNINGS_PAGE));
  const { remote } = warnings;
  const data = dataOf(remote);
  const listRemote = useWarningList(warnings, kind, unitId, limit);
  const list = dataOf(listRemote);

  // The chips count within the chosen unit, from the server's counts (each unit's by kind), not from a downloaded list.
  const unitCounts = unitId === null ? null : data?.counts.byUnit.find((u) => u.unitId === unitId);
  const countOf = (k: WarningKind) => (unitId === null ? data?.counts.byKind[k] : unitCounts?.byKind[k]) ?? 0;
  const inUnitTotal = (unitId === null ? data?.counts.total : unitCounts?.total) ?? 0;
  const shown = list?.warnings ?? [];
  const more = list ? list.total - shown.length : 0;
  const open = (w: Warning) => {
    if (w.parcelId != null) onOpenParcel(w.parcelId);
    else if (w.unitId != null) onOpenUnit(w.unitId);
  };
  const severity = data?.counts.bySeverity;

  return (
    <section className="warnings-panel" data-testid="warnings-panel" aria-labelledby="warnings-title" aria-busy={remote.state === 'loading'}>
      <header className="warnings-panel__header">
        <div>
          <h2 id="warnings-title">预警</h2>
          {data && <p className="hint warnings-panel__date">按 {dateZh(data.date)} 计算 · 依《闲置土地处置办法》与行动时序</p>}
        </div>
        <button type="button" className="icon-button" aria-label="关闭预警，返回任务进度" title="返回任务进度" onClick={onClose}>
          ×
        </button>
      </header>

      {remote.state === 'error' && (
        <p className="error-box" role="alert">
          预警加载失败：{remote.message}
        </p>
      )}
      {!data && remote.state === 'loading' && <div className="skeleton" aria-label="正在计算预警" />}
      <WarningsKeyCases campaignId={campaignId} onOpenParcel={onOpenParcel} />

      {data && severity && (
        <>
          <div className="severity-summary" aria-label="按严重程度">
            <div className="severity-summary__cell severity-summary__cell--high">
              <strong>{severity.high}</strong>严重
            </div>
            <div className="severity-summary__cell severity-summary__cell--medium">
              <strong>{severity.medium}</strong>警示
            </div>
            <div className="severity-summary__cell severity-summary__cell--low">
              <strong>{severity.low}</strong>提示
            </div>
          </div>

          <div className="warnings-filters">
            <div className="chips" role="group" aria-label="预警类型">
              <button type="button" className="chip" aria-pressed={kind === null} onClick={() => setKind(null)}>
                全部<span className="chip__count">{inUnitTotal}</span>
              </button>
              {WARNING_KINDS.map((k) => (
                <button key={k} type="button" className="chip" aria-pressed={kind === k} onClick={() => setKind(kind === k ? null : k)}>
                  {WARNING_KIND_LABELS[k]}
                  <span className="chip__count">{countOf(k)}</span>
                </button>
              ))}
            </div>
            <div className="warnings-filters__row">
              <label className="form-field warnings-filters__unit">
                <span>单位</span>
                <select value={unitId ?? ''} onChange={(event) => setUnitId(event.target.value ? Number(event.target.value) : null)}>
                  <option value="">全部单位（{data.counts.total}）</option>
                  {data.units.map((u) => (
                    <option key={u.unitId} value={u.unitId}>
                      {u.name}（{data.counts.byUnit.find((c) => c.unitId === u.unitId)?.total ?? 0}）
                    </option>
                  ))}
                </select>
              </label>
              <label className="form-field">
                <span>久未更新</span>
                <select value={warnings.staleDays} onChange={(event) => warnings.setStaleDays(Number(event.target.value))}>
                  {STALE_DAY_CHOICES.map((d) => (
                    <option key={d} value={d}>
                      超过 {d} 天
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </div>

          {listRemote.state === 'error' && (
            <p className="error-box" role="alert">
              预警列表加载失败：{listRemote.message}
            </p>
          )}
          {!list && listRemote.state === 'loading' && <div className="skeleton" aria-label="正在加载预警列表" />}
          {list && shown.length === 0 ? (
            <div className="warnings-empty" role="status">
              <strong>没有预警</strong>
              <p>{data.counts.total === 0 ? `${dateZh(data.date)}，本专项行动没有需要处理的事项。` : '当前筛选下没有预警，可换个单位或类型看看。'}</p>
            </div>
          ) : (
            WARNING_KINDS.filter((k) => shown.some((w) => w.kind === k)).map((k) => {
              const items = shown.filter((w) => w.kind === k);
              return (
                <section key={k} className="warning-group" aria-label={WARNING_KIND_LABELS[k]}>
                  <h3 className="warning-group__title">
                    {WARNING_KIND_LABELS[k]}
                    <span className="chip__count">{countOf(k)}</span>
                  </h3>
                  <ul className="warning-list">
                    {items.map((w) => (
                      <WarningItem key={w.id} warning={w} selected={w.parcelId != null && w.parcelId === selectedParcelId} onOpen={open} />
                    ))}
                  </ul>
                </section>
              );
            })
          )}
          {more > 0 && limit >= MAX_SHOWN && <p className="hint">已显示前 {shown.length} 项：其余请按单位或类型筛选，或下载预警日报。</p>}
          {more > 0 && limit < MAX_SHOWN && (
            <button type="button" className="link-button" disabled={listRemote.state === 'loading'} onClick={() => setLimit(limit + WARNINGS_PAGE)}>
              再显示 {Math.min(more, WARNINGS_PAGE)} 项（共 {list!.total} 项，已显示 {shown.length} 项）
            </button>
          )}

          <footer className="warnings-panel__footer">
            <a className="button button--quiet button--small" href={`/digest${query({ campaign: campaignId, date: data.date, staleDays: data.staleDays })}`} target="_blank" rel="noreferrer">
              预警日报（可打印）
            </a>
            <a className="button button--quiet button--small" href={`/api/campaigns/${campaignId}/warnings/digest.xlsx${query({ date: data.date, staleDays: data.staleDays })}`} download>
              下载日报 .xlsx
            </a>
          </footer>
        </>
      )}
    </section>
  );
}
