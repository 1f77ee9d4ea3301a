/**
 * Uploading batches (批次范围) or supply records (供地) from a boundary file, with the optional field mapping. Shows what
 * was written and every repair the server made (a self-intersecting polygon fixed by ST_MakeValid), or why nothing was.
 */
import { useState, type FormEvent } from 'react';
import { AREA_UNITS, AREA_UNIT_LABELS } from '../../../core/approval-overlay/records.ts';
import { ApiError, currentCsrfToken, errorOf } from '../../api/client.ts';
import { mu } from '../../format.ts';

type Kind = 'approval-batches' | 'supply-records';
const FIELDS: Record<Kind, Array<[name: string, label: string]>> = {
  'approval-batches': [['batchNameField', '批次名称'], ['approvalNumberField', '批准文号'], ['approvalDateField', '批准日期'], ['approvedAreaField', '批准面积']],
  'supply-records': [['supervisionNumberField', '电子监管号'], ['supplyDateField', '供地日期'], ['suppliedAreaField', '供应面积']],
};

interface Uploaded {
  created: number;
  repairs: Array<{ source: string; problem: string; repairedMu: number; parts: number }>;
}

type State = { kind: 'idle' } | { kind: 'sending' } | { kind: 'done'; result: Uploaded } | { kind: 'failed'; message: string; errors: string[] };

export function UploadForm({ campaignId, onUploaded }: { campaignId: number; onUploaded: () => void }) {
  const [target, setTarget] = useState<Kind>('approval-batches');
  const [state, setState] = useState<State>({ kind: 'idle' });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (!(form.get('file') instanceof File) || !(form.get('file') as File).size) {
      setState({ kind: 'failed', message: '请选择要上传的文件', errors: [] });
      return;
    }
    setState({ kind: 'sending' });
    try {
      const response = await fetch(`/api/campaigns/${campaignId}/${target}`, { method: 'POST', body: form, headers: { 'X-CSRF-Token': currentCsrfToken() ?? '' }, credentials: 'same-origin' });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) throw errorOf(response.status, body);
      setState({ kind: 'done', result: body as Uploaded });
      onUploaded();
    } catch (error) {
      const errors = error instanceof ApiError && Array.isArray(error.extra.errors) ? (error.extra.errors as string[]) : [];
      setState({ kind: 'failed', message: error instanceof ApiError ? error.message : '无法连接服务器，请稍后重试', errors });
    }
  };

  return (
    <details className="overlay-upload">
      <summary>上传批次范围或供地图形</summary>
      <form onSubmit={submit} className="overlay-upload__form">
        <div className="segmented" role="group" aria-label="上传内容">
          <button type="button" aria-pressed={target === 'approval-batches'} onClick={() => setTarget('approval-batches')}>批次范围（批准）</button>
          <button type="button" aria-pressed={target === 'supply-records'} onClick={() => setTarget('supply-records')}>供地</button>
        </div>
        <label className="form-field">
          文件（GeoJSON、Shapefile .zip、界址点坐标文件 .txt）
          <input type="file" name="file" accept=".geojson,.json,.zip,.txt,.kml" />
        </label>
        <fieldset className="overlay-upload__fields">
          <legend>字段对应（留空则按常用字段名识别）</legend>
          {FIELDS[target].map(([name, label]) => (
            <label key={name} className="form-field">
              {label}
              <input name={name} placeholder="字段名" autoComplete="off" />
            </label>
          ))}
          <label className="form-field">
            面积单位
            <select name="areaUnit" defaultValue="mu">
              {AREA_UNITS.map((u) => <option key={u} value={u}>{AREA_UNIT_LABELS[u]}</option>)}
            </select>
          </label>
        </fieldset>
        <button type="submit" className="button button--small" disabled={state.kind === 'sending'}>
          {state.kind === 'sending' ? '正在上传…' : '上传'}
        </button>
        {state.kind === 'done' && (
          <div className="overlay-result" role="status">
            已写入 {state.result.created} 个{target === 'approval-batches' ? '批次' : '供地图形'}。
            {state.result.repairs.length > 0 && (
              <ul className="overlay-upload__repairs">
                {state.result.repairs.map((r) => (
                  <li key={r.source}>{r.source}：{r.problem}；已用 ST_MakeValid 修复为 {r.parts} 个面（{mu(r.repairedMu)} 亩）</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {state.kind === 'failed' && (
          <div className="error-box" role="alert">
            {state.errors.length ? '文件有错误，未写入任何数据：' : state.message}
            {state.errors.length > 0 && <ul className="overlay-upload__repairs">{state.errors.map((e) => <li key={e}>{e}</li>)}</ul>}
          </div>
        )}
      </form>
    </details>
  );
}
