/**
 * What an import item would do to the ledger, in the report: the units it lies in with mu in each and the mu outside
 * them, its overlaps, the offer to update the same parcel instead of creating a second one, and the confirmations the
 * commit waits for (wholly outside the campaign's units; overlaps above the campaign's threshold).
 */
import { MATCH_LABELS, overlapsToConfirm } from '../../../core/import-review.ts';
import { mu } from '../../format.ts';
import { updatesOf, type ConfirmationKind, type Confirmations } from './confirmations.ts';
import type { PreviewItem } from './types.ts';

/** Overlaps of less than this are shown as such but not worth a warning colour (shared edges drawn twice). */
const TRACE_MU = 0.01;

/** The placement column: units with mu, the mu outside them, and the overlaps in short. */
export function PlacementCell({ item, confirm }: { item: PreviewItem; confirm: Confirmations }) {
  const updates = updatesOf(item, confirm);
  const overlaps = item.overlaps.filter((o) => !(o.with === 'parcel' && o.parcelId === updates) && o.mu >= TRACE_MU);
  const total = overlaps.reduce((s, o) => s + o.mu, 0);
  if (!item.units.length && item.outsideMu === null) return <span className="hint">—</span>;
  return (
    <div className="import-place" data-testid="import-placement">
      {item.units.map((u) => (
        <span key={u.unitId} className="import-place__unit">
          {u.name} <b>{mu(u.mu)}</b>
        </span>
      ))}
      {item.outsideMu !== null && item.outsideMu >= 0.01 && (
        <span className={`import-place__outside ${item.units.length ? '' : 'import-place__outside--all'}`} title="在本专项行动各单位边界之外的椭球面积">
          单位外 <b>{mu(item.outsideMu)}</b>
        </span>
      )}
      {overlaps.length > 0 && (
        <span className="import-place__overlap" title={overlaps.map((o) => `${o.code} ${mu(o.mu)} 亩`).join('、')} data-testid="import-overlap">
          重叠 {overlaps.length} 处 <b>{mu(total)}</b>
        </span>
      )}
    </div>
  );
}

interface ChecksProps {
  item: PreviewItem;
  chosen: ReadonlySet<number>;
  confirm: Confirmations;
  thresholdMu: number;
  onConfirm: (kind: ConfirmationKind, index: number, on: boolean) => void;
}

/** The offer and the confirmations of one item, under its messages; nothing when it needs neither. */
export function ItemChecks({ item, chosen, confirm, thresholdMu, onConfirm }: ChecksProps) {
  const offer = item.match && item.match.by !== 'code' && item.createInstead ? item.match : null;
  const creating = confirm.create.has(item.index);
  const toConfirm = overlapsToConfirm(
    { index: item.index, source: item.source, code: null, whollyOutside: false, overlaps: item.overlaps, updates: updatesOf(item, confirm) },
    chosen.has(item.index) ? chosen : new Set([...chosen, item.index]),
    thresholdMu,
  );
  const outside = item.needsConfirmation.includes('outside');
  if (!item.valid || (!offer && !toConfirm.length && !outside)) return null;
  return (
    <div className="import-checks" data-testid="import-checks">
      {offer && (
        <div className="import-checks__offer">
          <span>
            与台账地块 <b>{offer.code}</b> {MATCH_LABELS[offer.by]}：
          </span>
          <span className="segmented segmented--small" role="group" aria-label={`${offer.code} 的处理方式`}>
            <button type="button" aria-pressed={!creating} onClick={() => onConfirm('create', item.index, false)}>
              更新该地块
            </button>
            <button type="button" aria-pressed={creating} onClick={() => onConfirm('create', item.index, true)}>
              新建第二宗
            </button>
          </span>
        </div>
      )}
      {outside && (
        <label className="import-checks__confirm">
          <input type="checkbox" checked={confirm.outside.has(item.index)} onChange={(e) => onConfirm('outside', item.index, e.target.checked)} />
          确认导入：该地块全部在本专项行动的单位之外（{mu(item.outsideMu ?? 0)} 亩）
        </label>
      )}
      {toConfirm.length > 0 && (
        <label className="import-checks__confirm">
          <input type="checkbox" checked={confirm.overlaps.has(item.index)} onChange={(e) => onConfirm('overlaps', item.index, e.target.checked)} />
          确认重叠仍导入：与 {toConfirm.map((o) => `${o.code}（${mu(o.mu)} 亩，占本地块 ${o.pctOfItem.toFixed(1)}%）`).join('、')}，超过允许的 {mu(thresholdMu)} 亩
        </label>
      )}
    </div>
  );
}
