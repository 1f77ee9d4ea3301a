/** The 批供比对 panel: totals, legend, and the batches (each with its figures and the conversion step). */
import { forwardRef } from 'react';
import type { Remote } from '../../api/use-api.ts';
import { dataOf } from '../../api/use-api.ts';
import { mu, pct } from '../../format.ts';
import { BatchRow } from './batch-row.tsx';
import { UploadForm } from './upload-form.tsx';
import type { ApprovalOverlay } from './types.ts';

interface Props {
  campaignId: number;
  answer: Remote<ApprovalOverlay>;
  selectedBatchId: number | null;
  /** Editors and admins: upload files and convert remainders. */
  mayEdit: boolean;
  onSelect: (batchId: number) => void;
  onClose: () => void;
  onConverted: () => void;
}

function OverlayLegend({ thresholds }: { thresholds: ApprovalOverlay['thresholds'] | null }) {
  return (
    <ul className="overlay-legend" aria-label="图例">
      <li><span className="overlay-swatch overlay-swatch--batch" aria-hidden="true" />批次范围（批准）</li>
      <li><span className="overlay-swatch overlay-swatch--supply" aria-hidden="true" />已供地</li>
      <li><span className="overlay-swatch overlay-swatch--remainder" aria-hidden="true" />未供剩余</li>
      <li>
        <span className="overlay-swatch overlay-swatch--sliver" aria-hidden="true" />
        碎片{thresholds ? `（< ${thresholds.minAreaM2} 平方米或平均宽度 < ${thresholds.minMeanWidthM} 米）` : ''}
      </li>
    </ul>
  );
}

export const OverlayPanel = forwardRef<HTMLElement, Props>(function OverlayPanel({ campaignId, answer, selectedBatchId, mayEdit, onSelect, onClose, onConverted }, ref) {
  const data = dataOf(answer);
  return (
    <section ref={ref} className="overlay-panel" aria-labelledby="overlay-title">
      <header className="overlay-panel__header">
        <div>
          <h2 id="overlay-title">批供比对</h2>
          <p className="hint">批准范围减去供地，得出未供剩余；面积均为椭球面积（亩）</p>
        </div>
        <button type="button" className="icon-button" aria-label="关闭批供比对" onClick={onClose}>×</button>
      </header>
      {answer.state === 'error' && <div className="error-box" role="alert">无法加载批供比对：{answer.message}</div>}
      {!data && answer.state === 'loading' && <div className="skeleton overlay-panel__skeleton" aria-label="正在加载" />}
      {data && data.batches.length === 0 && (
        <div className="overlay-empty" role="status">
          <h3>尚未上传批次数据</h3>
          <p>上传批次范围（批准）与供地图形（GeoJSON、Shapefile 或界址点坐标文件）后，即可按批次比对未供面积。{mayEdit ? '' : '上传需编辑或管理员账号。'}</p>
        </div>
      )}
      {mayEdit && <UploadForm campaignId={campaignId} onUploaded={onConverted} />}
      {data && data.batches.length > 0 && (
        <>
          <dl className="overlay-totals" aria-busy={answer.state === 'loading'}>
            <div><dt>批次</dt><dd>{data.batches.length} 个</dd></div>
            <div><dt>批准</dt><dd>{mu(data.totals.approvedMu)} 亩</dd></div>
            <div><dt>已供</dt><dd>{mu(data.totals.suppliedMu)} 亩</dd></div>
            <div><dt>未供剩余</dt><dd className="overlay-figures__remainder">{mu(data.totals.remainderMu)} 亩</dd></div>
            <div><dt>供地率</dt><dd>{data.totals.supplyRate === null ? '—' : pct(data.totals.supplyRate)}</dd></div>
            <div><dt>台账未供</dt><dd>{mu(data.totals.ledgerMu)} 亩</dd></div>
          </dl>
          <OverlayLegend thresholds={data.thresholds} />
          <ol className="overlay-batches">
            {data.batches.map((batch) => (
              <BatchRow
                key={batch.id}
                campaignId={campaignId}
                batch={batch}
                selected={batch.id === selectedBatchId}
                mayConvert={mayEdit}
                onSelect={() => onSelect(batch.id)}
                onConverted={onConverted}
              />
            ))}
          </ol>
        </>
      )}
    </section>
  );
});
