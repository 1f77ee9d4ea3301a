/** Category, status and unit filters, each button with the number of parcels it covers. */
import { CATEGORIES, CATEGORY_LABELS, STATUSES, STATUS_LABELS, type Category, type Status } from '../../../core/categories.ts';
import type { UnitFeature } from '../../api/types.ts';
import { dataOf } from '../../api/use-api.ts';
import { CATEGORY_COLORS } from '../map/palette.ts';
import { hasFilters, NO_FILTERS, type ParcelFilters } from './parcel-filters.ts';
import { useFacetCounts } from './use-facet-counts.ts';
import { ChipGroup } from './chip-group.tsx';
import './filters.css';

interface FilterPanelProps {
  campaignId: number;
  /** Moves on after any edit on the page (see useFacetCounts). */
  revision: number;
  units: UnitFeature[];
  filters: ParcelFilters;
  onChange: (filters: ParcelFilters) => void;
}

function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

function unitOptionLabel(unit: UnitFeature['properties']): string {
  if (!unit.hasBoundary) return `${unit.name}（暂无边界）`;
  return unit.illustrative ? `${unit.name}（示意边界）` : unit.name;
}

export function FilterPanel({ campaignId, revision, units, filters, onChange }: FilterPanelProps) {
  const counts = useFacetCounts(campaignId, filters, revision);
  const data = dataOf(counts);
  const countOf = (n: number | undefined) => (n === undefined ? '…' : String(n));

  return (
    <section className="panel-section" aria-labelledby="filters-title">
      <header className="panel-section__header">
        <h2 id="filters-title">筛选地块</h2>
        <button type="button" className="link-button" disabled={!hasFilters(filters)} onClick={() => onChange(NO_FILTERS)}>
          清除筛选
        </button>
      </header>
      <p className="filter-summary" aria-live="polite">
        {counts.state === 'error' ? (
          <span className="error-text">统计失败：{counts.message}</span>
        ) : (
          <>
            地图显示 <strong>{countOf(data?.shown)}</strong> 宗 / 共 {countOf(data?.total)} 宗
          </>
        )}
      </p>

      <ChipGroup
        legend="类别"
        values={CATEGORIES}
        selected={filters.categories}
        label={(category: Category) => (
          <>
            <span className="swatch" style={{ background: CATEGORY_COLORS[category] }} aria-hidden="true" />
            {CATEGORY_LABELS[category]}
          </>
        )}
        count={(category) => data?.categories[category]}
        onToggle={(category) => onChange({ ...filters, categories: toggle(filters.categories, category) })}
      />
      <ChipGroup
        legend="状态"
        values={STATUSES}
        selected={filters.statuses}
        label={(status: Status) => STATUS_LABELS[status]}
        count={(status) => data?.statuses[status]}
        onToggle={(status) => onChange({ ...filters, statuses: toggle(filters.statuses, status) })}
      />

      <label className="filter-group filter-group--select">
        <span className="filter-group__label">所在单位（按边界）</span>
        <select
          value={filters.unitId ?? ''}
          onChange={(event) => onChange({ ...filters, unitId: event.target.value === '' ? null : Number(event.target.value) })}
        >
          <option value="">全部单位</option>
          {units.map((unit) => (
            <option key={unit.properties.id} value={unit.properties.id}>
              {unitOptionLabel(unit.properties)}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">未选任何类别或状态时显示全部。跨单位边界的地块在两个单位下都会显示。</p>
    </section>
  );
}
