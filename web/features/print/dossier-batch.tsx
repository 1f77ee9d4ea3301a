/**
 * A batch of dossiers printed by the server as one PDF (POST /api/dossiers): start it, follow its progress each second,
 * and hand the PDF to the browser when done. Used by 打印 (a unit's parcels) and the 台账's 打印所选 (a selection).
 */
import { useEffect, useState } from 'react';
import { ApiError, getJson, sendJson } from '../../api/client.ts';
import { download } from '../../api/download.ts';
import './print-menu.css';

interface Job {
  id: string;
  state: 'running' | 'done' | 'failed';
  total: number;
  done: number;
  phase: string;
  message: string | null;
}

export type Batch = { kind: 'idle' } | { kind: 'running'; job: Job } | { kind: 'error'; message: string };

/** What to print: a selection of parcels, or the parcels lying in a unit of a campaign. */
export type BatchRequest = { ids: number[] } | { campaignId: number; unitId: number };

export function useDossierBatch(): { batch: Batch; start: (request: BatchRequest) => Promise<void> } {
  const [batch, setBatch] = useState<Batch>({ kind: 'idle' });

  const start = async (request: BatchRequest) => {
    try {
      const answer = await sendJson<{ job: Job }>('POST', '/api/dossiers', request);
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

  return { batch, start };
}

/** The batch's progress bar while it runs, or why it failed. */
export function BatchProgress({ batch }: { batch: Batch }) {
  if (batch.kind === 'running') {
    return (
      <div className="print-menu__progress">
        <progress max={batch.job.total} value={batch.job.done} aria-label="批量打印进度" />
        <span>
          {batch.job.done} / {batch.job.total} 宗 · {batch.job.phase}
        </span>
      </div>
    );
  }
  if (batch.kind === 'error') {
    return (
      <p className="error-box" role="alert">
        {batch.message}
      </p>
    );
  }
  return null;
}
