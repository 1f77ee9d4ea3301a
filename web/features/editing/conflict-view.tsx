/**
 * Someone saved the parcel first: both versions side by side, differences marked, and the editor decides: keep
 * theirs (discard mine) or overwrite with mine. Nothing is merged silently.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { areasMu } from '../../../core/area/index.ts';
import { CATEGORIES, CATEGORY_LABELS, isOneOf, STATUSES, STATUS_LABELS } from '../../../core/categories.ts';
import type { ParcelFields } from '../../../core/parcel.ts';
import type { ParcelFeature } from '../../api/types.ts';
import { mu } from '../../format.ts';
import { FIELD_LABELS } from './parcel-form.tsx';

interface ConflictViewProps {
  theirs: ParcelFeature;
  mine: { record: Record<string, unknown>; geometry: Polygon | MultiPolygon | null };
  busy: boolean;
  onKeepTheirs: () => void;
  onOverwrite: () => void;
}

function show(key: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.join('、') : '—';
  if (key === 'category' && isOneOf(CATEGORIES, value)) return CATEGORY_LABELS[value];
  if (key === 'status' && isOneOf(STATUSES, value)) return STATUS_LABELS[value];
  return String(value);
}

const boundaryMu = (g: Polygon | MultiPolygon | null) => (g ? `${mu(areasMu(g).ellipsoidal)} 亩（椭球面积）` : '无图形');

export function ConflictView({ theirs, mine, busy, onKeepTheirs, onOverwrite }: ConflictViewProps) {
  const p = theirs.properties as unknown as Record<string, unknown>;
  const rows = (Object.keys(FIELD_LABELS) as (keyof ParcelFields)[]).map((key) => {
    const a = show(key, p[key]);
    const b = show(key, mine.record[key]);
    return { key: key as string, label: FIELD_LABELS[key], theirs: a, mine: b, differs: a !== b };
  });
  const sameBoundary = JSON.stringify(theirs.geometry) === JSON.stringify(mine.geometry);
  rows.push({ key: 'geometry', label: '边界', theirs: boundaryMu(theirs.geometry), mine: boundaryMu(mine.geometry), differs: !sameBoundary });
  // Only the differences are worth the editor's attention; the rest are counted, not listed.
  const differing = rows.filter((r) => r.differs);
  return (
    <section className="conflict" role="alertdialog" aria-labelledby="conflict-title" data-testid="conflict-view">
      <h3 id="conflict-title">他人已先保存了此地块</h3>
      <p className="hint">
        当前为第 {theirs.properties.version} 版。两个版本有 {differing.length} 处不同，其余 {rows.length - differing.length} 项相同。请选择保留哪一个。
      </p>
      <table className="conflict__table">
        <thead>
          <tr>
            <th scope="col">字段</th>
            <th scope="col">对方的版本</th>
            <th scope="col">我的修改</th>
          </tr>
        </thead>
        <tbody>
          {differing.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td>{r.theirs}</td>
              <td>{r.mine}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-actions form-actions--sticky">
        <button type="button" className="button button--quiet" disabled={busy} onClick={onKeepTheirs}>
          保留对方版本（放弃我的修改）
        </button>
        <button type="button" className="button" disabled={busy} onClick={onOverwrite}>
          用我的修改覆盖
        </button>
      </div>
    </section>
  );
}
