/** One batch in the 批供比对 list: approved, supplied and remaining mu, the supply rate, and the ledger's figure. */
import { m2FromMu } from '../../../core/measure.ts';
import { mu, pct, signedMu } from '../../format.ts';
import { ConvertButton } from './convert-button.tsx';
import type { BatchOverlay } from './types.ts';

interface BatchRowProps {
  campaignId: number;
  batch: BatchOverlay;
  selected: boolean;
  mayConvert: boolean;
  onSelect: () => void;
  onConverted: () => void;
}

export function BatchRow({ campaignId, batch, selected, mayConvert, onSelect, onConverted }: BatchRowProps) {
  const rate = batch.supplyRate ?? 0;
  const { ledger } = batch;
  return (
    <li className={`overlay-batch ${selected ? 'overlay-batch--selected' : ''}`} data-batch-id={batch.id}>
      <button type="button" className="overlay-batch__head" onClick={onSelect} aria-pressed={selected} title="在地图上查看该批次">
        <span className="overlay-batch__name">{batch.batchName}</span>
        <span className="overlay-batch__meta">{[batch.approvalNumber, batch.approvalDate].filter(Boolean).join(' · ') || '无批准文号'}</span>
      </button>
      <dl className="overlay-figures">
        <div>
          <dt>批准</dt>
          <dd>{mu(batch.approvedMu.computed)}</dd>
        </div>
        <div>
          <dt>已供</dt>
          <dd>{mu(batch.suppliedMu)}</dd>
        </div>
        <div>
          <dt>未供剩余</dt>
          <dd className="overlay-figures__remainder">{mu(batch.remainderMu)}</dd>
        </div>
      </dl>
      <div className="overlay-rate">
        <div className="progress-bar" role="meter" aria-label="供地率" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(rate * 1000) / 10}>
          <div className="progress-bar__fill overlay-rate__fill" style={{ width: `${Math.min(100, rate * 100)}%` }} />
        </div>
        <span>供地率 {batch.supplyRate === null ? '—' : pct(batch.supplyRate)}</span>
      </div>
      {batch.approvedMu.statedMinusComputed !== null && Math.abs(batch.approvedMu.statedMinusComputed) >= 0.5 && (
        <p className="hint">批文所载 {mu(batch.approvedMu.stated!)} 亩，与图形相差 {signedMu(batch.approvedMu.statedMinusComputed)} 亩</p>
      )}
      <p className={`overlay-ledger ${ledger.ok ? '' : 'overlay-ledger--bad'}`}>
        台账未供 {mu(ledger.ledgerMu)} 亩（{ledger.parcelCount} 宗）· 差 {signedMu(ledger.diffMu)} 亩
        <span className={`badge ${ledger.ok ? 'badge--ok' : 'badge--bad'}`}>{ledger.ok ? '相符' : `超出容差 ${mu(ledger.toleranceMu)} 亩`}</span>
      </p>
      {batch.sliverCount > 0 && (
        <p className="overlay-slivers">
          <span className="overlay-swatch overlay-swatch--sliver" aria-hidden="true" />碎片 {batch.sliverCount} 处，共 {m2FromMu(batch.sliverMu).toFixed(0)} 平方米（未计入剩余）
        </p>
      )}
      {batch.repairNote && <p className="hint">图形已修复：{batch.repairNote}</p>}
      {batch.converted ? (
        <p className="overlay-result">已由 {batch.converted.by ?? '—'} 转为 {batch.converted.parcelIds.length} 个批而未供地块</p>
      ) : (
        mayConvert && batch.remainderParts > 0 && <ConvertButton campaignId={campaignId} batch={batch} onConverted={onConverted} />
      )}
    </li>
  );
}
