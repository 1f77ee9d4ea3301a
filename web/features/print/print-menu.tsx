/**
 * 打印: the thematic map of the campaign or one unit as a PDF (A3/A4, landscape/portrait), and the dossiers of a
 * unit's parcels as one PDF, with a progress bar while the server prints them.
 */
import { useState } from 'react';
import { download } from '../../api/download.ts';
import { useSession } from '../auth/session.tsx';
import { BatchProgress, useDossierBatch } from './dossier-batch.tsx';
import './print-menu.css';

export function PrintMenu({ campaignId, date, units }: { campaignId: number; date: string | null; units: Array<{ id: number; name: string }> }) {
  const { user } = useSession();
  const [unit, setUnit] = useState<number | null>(null);
  const [size, setSize] = useState<'A3' | 'A4'>('A3');
  const [orientation, setOrientation] = useState<'landscape' | 'portrait'>('landscape');
  const [mapState, setMapState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const { batch, start } = useDossierBatch();

  const printMap = async () => {
    setMapState({ busy: true, error: null });
    const query = new URLSearchParams({ size, orientation, ...(unit ? { unit: String(unit) } : {}), ...(date ? { date } : {}) });
    try {
      await download(`/api/campaigns/${campaignId}/map.pdf?${query}`, '专题图.pdf');
      setMapState({ busy: false, error: null });
    } catch (e) {
      setMapState({ busy: false, error: e instanceof Error ? e.message : String(e) });
    }
  };

  const startBatch = () => (unit ? start({ campaignId, unitId: unit }) : Promise.resolve());

  return (
    <section className="print-menu" aria-labelledby="print-title">
      <h3 id="print-title">打印</h3>
      <div className="print-menu__row">
        <label>
          <span>范围</span>
          <select value={unit ?? ''} onChange={(e) => setUnit(e.target.value ? Number(e.target.value) : null)}>
            <option value="">全部单位</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>纸张</span>
          <select value={size} onChange={(e) => setSize(e.target.value as 'A3' | 'A4')}>
            <option value="A3">A3</option>
            <option value="A4">A4</option>
          </select>
        </label>
        <label>
          <span>方向</span>
          <select value={orientation} onChange={(e) => setOrientation(e.target.value as 'landscape' | 'portrait')}>
            <option value="landscape">横向</option>
            <option value="portrait">纵向</option>
          </select>
        </label>
      </div>
      <div className="print-menu__row">
        <button type="button" className="button button--small" disabled={mapState.busy} onClick={() => void printMap()} data-testid="print-map">
          {mapState.busy ? '正在生成专题图…' : '下载专题图（PDF）'}
        </button>
        {user && (
          <button type="button" className="button button--small button--quiet" disabled={!unit || batch.kind === 'running'} title={unit ? '' : '先选择一个单位'} onClick={() => void startBatch()}>
            打印该单位全部宗地档案
          </button>
        )}
      </div>
      <BatchProgress batch={batch} />
      {mapState.error && <p className="error-box" role="alert">{mapState.error}</p>}
    </section>
  );
}
