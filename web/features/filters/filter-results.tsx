/**
 * 筛选结果: the parcels the map's filters leave, as a list beside the map (code, project, ledger mu, the ledger check):
 * a planner picks one here instead of hunting for a small dot. A row opens the parcel and flies the map to it.
 */
import { query } from '../../api/client.ts';
import type { ParcelFeature, ParcelList } from '../../api/types.ts';
import { dataOf, useApi } from '../../api/use-api.ts';
import { mu } from '../../format.ts';
import { hasFilters, type ParcelFilters } from './parcel-filters.ts';

/** Enough to scan by eye; the whole set is one click away in the 台账. */
const SHOWN = 100;

interface FilterResultsProps {
  campaignId: number;
  filters: ParcelFilters;
  revision: number;
  selectedId: number | null;
  onChoose: (parcel: ParcelFeature) => void;
  onOpenLedger: () => void;
}

export function FilterResults({ campaignId, filters, revision, selectedId, onChoose, onOpenLedger }: FilterResultsProps) {
  const active = hasFilters(filters);
  const url = active
    ? `/api/parcels${query({ campaign: campaignId, category: filters.categories, status: filters.statuses, unit: filters.unitId, limit: SHOWN, rev: revision || null })}`
    : null;
  const remote = useApi<ParcelList>(url, campaignId);
  if (!active) return null;
  const list = dataOf(remote);
  return (
    <section className="panel-section filter-results" aria-labelledby="filter-results-title" data-testid="filter-results">
      <header className="panel-section__header">
        <h2 id="filter-results-title">筛选结果{list ? `（${list.total.toLocaleString('zh-CN')} 宗）` : ''}</h2>
        <button type="button" className="link-button" onClick={onOpenLedger}>
          在台账中查看
        </button>
      </header>
      {remote.state === 'error' ? (
        <p className="error-box" role="alert">无法加载筛选结果：{remote.message}</p>
      ) : !list ? (
        <div className="skeleton" aria-label="正在加载" />
      ) : list.features.length === 0 ? (
        <p className="hint">没有符合筛选条件的地块。</p>
      ) : (
        <>
          <table className="filter-results__table">
            <thead>
              <tr>
                <th scope="col">编号</th>
                <th scope="col">项目名称</th>
                <th scope="col" className="num">台账（亩）</th>
                <th scope="col">核对</th>
              </tr>
            </thead>
            <tbody>
              {list.features.map((f) => {
                const p = f.properties;
                const check = p.areaCheck;
                return (
                  <tr
                    key={p.id}
                    tabIndex={0}
                    aria-selected={p.id === selectedId}
                    data-parcel-id={p.id}
                    onClick={() => onChoose(f)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        onChoose(f);
                      }
                    }}
                  >
                    <td className="filter-results__code">{p.code}</td>
                    <td className="filter-results__name" title={p.projectName}>
                      {p.projectName}
                    </td>
                    <td className="num">{mu(p.ledgerMu)}</td>
                    <td>{check === null ? <span className="hint">无图形</span> : check.ok ? <span className="badge badge--ok">相符</span> : <span className="badge badge--bad">不符</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {list.total > list.features.length && (
            <p className="hint">
              显示前 {list.features.length} 宗，共 {list.total.toLocaleString('zh-CN')} 宗；全部请在台账中查看。
            </p>
          )}
        </>
      )}
    </section>
  );
}
