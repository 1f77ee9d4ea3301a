/**
 * 打印: the thematic map of the campaign or one unit as a PDF (A3/A4, landscape/portrait), and the dossiers of a
 * unit's parcels as one PDF, with a progress bar while the server prints them.
 */
import { useEffect, useState } from 'react';
import { ApiError, getJson, sendJson } from '../../api/client.ts';
import { download } from '../../api/download.ts';
import { useSession } from '../auth/session.tsx';
import './print-menu.css';

interface Job {
  id: string;
  state: 'running' | 'done' | 'failed';
  total: number;
  done: number;
  phase: string;
  message: string | null;
}

type Batch = { kind: 'idle' } | { kind: 'running'; job: Job } | { kind: 'error'; message: string };

export function PrintMenu({ campaignId, date, units }: { campaignId: number; date: string | null; units: Array<{ id: number; name: string }> }) {
  const { user } = useSession();
  const [unit, setUnit] = useState<number | null>(null);
  const [size, setSize] = useState<'A3' | 'A4'>('A3');
  const [orientation, setOrientation] = useState<'landscape' | 'portrait'>('landscape');
  const [mapState, setMapState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const [batch, setBatch] = useState<Batch>({ kind: 'idle' });

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

  const startBatch = async () => {
    try {
      const answer = await sendJson<{ job: Job }>('POST', '/api/dossiers', { campaignId, unitId: unit });
      if (answer) setBatch({ kind: 'running', job: answer.job });
    } catch (e) {
      setBatch({ kind: 'error', message: e instanceof ApiError || e instanceof Error ? e.message : String(e) });
    }
  };

  // Poll the batch every second until it is done, then hand its PDF to the browser.
  const runningId = batch.kind === 'running' ? batch.job.id : null;
  useEffect(() => {
    if (!runningId) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const { job } = await getJson<{ job: Job }>(`/api/dossiers/${runningId}`);
        if (stopped) return;
        if (job.state === 'running') return setBatch({ kind: 'running', job });
        clearInterval(timer);
        if (job.state === 'failed') return setBatch({ kind: 'error', message: job.message ?? '批量打印失败' });
        setBatch({ kind: 'running', job: { ...job, phase: '正在下载' } });
        await download(`/api/dossiers/${runningId}/file`, '宗地档案.pdf');
        setBatch({ kind: 'idle' });
      } catch (e) {
        clearInterval(timer);
        setBatch({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [runningId]);

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
      {batch.kind === 'running' && (
        <div className="print-menu__progress">
          <progress max={batch.job.total} value={batch.job.done} aria-label="批量打印进度" />
          <span>
            {batch.job.done} / {batch.job.total} 宗 · {batch.job.phase}
          </span>
        </div>
      )}
      {mapState.error && <p className="error-box" role="alert">{mapState.error}</p>}
      {batch.kind === 'error' && <p className="error-box" role="alert">{batch.message}</p>}
    </section>
  );
}
