/**
 * Step 2 (单位边界): the units from a boundary file (fields chosen by the user) or a plain list; the server's preview
 * with each unit's area in mu, overlapping pairs (refused, drawn in red) and gaps in an optional parent boundary.
 */
import { useEffect, useRef, useState } from 'react';
import { sendJson } from '../../api/client.ts';
import { mu, sendForm, type UnitsPreview } from './api.ts';
import { FilePick } from './file-pick.tsx';
import { UnitMap } from './unit-map.tsx';

type Source = 'file' | 'list';
const KIND_LABELS: Record<string, string> = { county: '县区', zone: '功能区', town: '乡镇' };

export function StepUnits(props: { campaignId: number; onDone: (unitCount: number) => void }) {
  const [source, setSource] = useState<Source>('file');
  const [file, setFile] = useState<File | null>(null);
  const [parent, setParent] = useState<File | null>(null);
  const [fields, setFields] = useState<{ name: string; code: string; fullName: string }>({ name: '', code: '', fullName: '' });
  const [threshold, setThreshold] = useState('0.01');
  const [list, setList] = useState('');
  const [preview, setPreview] = useState<UnitsPreview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'commit' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState<number | null>(null);

  const run = async (override: Partial<typeof fields> = {}) => {
    const chosen = { ...fields, ...override };
    const form = new FormData();
    if (source === 'file') {
      if (!file) return;
      form.set('file', file);
      if (chosen.name) form.set('nameField', chosen.name);
      if (chosen.code) form.set('codeField', chosen.code);
      if (chosen.fullName) form.set('fullNameField', chosen.fullName);
      if (parent) form.set('parentFile', parent);
    } else {
      const rows = list.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
        const [name, code, fullName] = l.split(/[,，\t]/).map((x) => x.trim());
        return { name, code, fullName };
      });
      if (!rows.length) {
        setError('请每行填写一个单位：名称,代码');
        return;
      }
      form.set('list', JSON.stringify(rows));
    }
    form.set('overlapThresholdMu', threshold);
    setBusy('preview');
    setError(null);
    try {
      const answer = await sendForm<UnitsPreview>(`/api/campaign-setup/${props.campaignId}/units/preview`, form);
      setPreview(answer);
      setFields({ ...chosen, name: answer.mapping.name ?? '', code: answer.mapping.code ?? '' });
    } catch (e) {
      setPreview(null);
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  // A new file is previewed at once with the server's guess of the fields; a new parent boundary keeps the fields
  // chosen. Only these changes (not every keystroke in the threshold) send the file again.
  const lastFile = useRef<File | null>(null);
  useEffect(() => {
    if (source !== 'file' || !file) {
      setPreview(null);
      return;
    }
    const fresh = lastFile.current !== file;
    lastFile.current = file;
    void run(fresh ? { name: '', code: '', fullName: '' } : {});
  }, [file, parent, source]);

  const commit = async () => {
    if (!preview?.previewId) return;
    setBusy('commit');
    setError(null);
    try {
      await sendJson('POST', `/api/campaign-setup/${props.campaignId}/units/commit`, { previewId: preview.previewId });
      props.onDone(preview.units.length);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const totalMu = preview?.units.reduce((s, u) => s + (u.areaMu ?? 0), 0) ?? 0;
  const bad = preview?.units.filter((u) => u.errors.length).length ?? 0;
  return (
    <div className="setup-step setup-units">
      <div className="setup-units__side">
        <div className="segmented" role="group" aria-label="单位来源">
          {(['file', 'list'] as const).map((s) => (
            <button key={s} type="button" aria-pressed={source === s} onClick={() => setSource(s)}>
              {s === 'file' ? '边界文件' : '名单（无边界）'}
            </button>
          ))}
        </div>
        {source === 'file' ? (
          <>
            <FilePick label="单位边界" accept=".zip,.geojson,.json,.txt,.kml" hint="Shapefile（.zip）、GeoJSON 或界址点坐标文件（.txt）" file={file} onFile={setFile} disabled={busy !== null} testId="units-file" />
            {preview && preview.fields.length > 0 && (
              <div className="setup-inline">
                {([['name', '名称字段'], ['code', '代码字段'], ['fullName', '全称字段（可选）']] as const).map(([key, label]) => (
                  <label key={key} className="form-field">
                    {label}
                    <select
                      value={fields[key]}
                      disabled={busy !== null}
                      onChange={(e) => {
                        setFields({ ...fields, [key]: e.target.value });
                        void run({ [key]: e.target.value });
                      }}
                    >
                      <option value="">{key === 'fullName' ? '（同名称）' : '请选择…'}</option>
                      {preview.fields.map((f) => (
                        <option key={f.name} value={f.name}>
                          {f.name}（如 {f.samples.slice(0, 2).join('、') || '空'}）
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
              </div>
            )}
            <FilePick label="上级边界（可选）" accept=".zip,.geojson,.json,.txt,.kml" hint="用于检查各单位是否留有缺口" file={parent} onFile={setParent} disabled={busy !== null} />
            <label className="form-field setup-threshold">
              重叠容许（亩）：小于此值视为数字化误差
              <input type="number" min="0" max="10" step="0.01" value={threshold} onChange={(e) => setThreshold(e.target.value)} onBlur={() => file && void run()} />
            </label>
          </>
        ) : (
          <>
            <label className="form-field">
              每行一个单位：名称,代码[,全称]
              <textarea rows={7} value={list} onChange={(e) => setList(e.target.value)} placeholder={'府城镇,141026-fucheng\n唐城镇,141026-tangcheng'} />
            </label>
            <button type="button" className="button button--small button--quiet" disabled={busy !== null} onClick={() => void run()}>
              预览名单
            </button>
          </>
        )}
        {error && <p className="error-box" role="alert">{error}</p>}
      </div>

      <div className="setup-units__main" aria-busy={busy === 'preview'}>
        {busy === 'preview' && <p className="setup-loading">正在读取并计算面积、重叠…</p>}
        {!preview && busy !== 'preview' && <div className="setup-empty">选择边界文件后，这里显示各单位的边界、面积（亩）以及重叠和缺口。</div>}
        {preview && (
          <>
            <p className="setup-summary">
              <strong>{preview.units.length}</strong> 个单位（{preview.format}），合计 <strong>{mu(totalMu)}</strong> 亩
              {bad > 0 && <span className="badge badge--bad">{bad} 个有错误</span>}
              {preview.overlaps.length > 0 && <span className="badge badge--bad">{preview.overlaps.length} 处重叠，不能导入</span>}
              {preview.canCommit && <span className="badge badge--ok">可以导入</span>}
            </p>
            {preview.units.some((u) => u.geometry) && (
              <figure className="setup-map">
                <UnitMap units={preview.units} overlaps={[...preview.overlaps, ...preview.tinyOverlaps]} gaps={preview.parent?.gaps ?? []} active={active} onActivate={setActive} />
                <figcaption className="setup-map__legend">
                  <span><i className="swatch-unit" />单位边界</span>
                  <span><i className="swatch-overlap" />重叠</span>
                  {preview.parent && <span><i className="swatch-gap" />上级边界内的缺口</span>}
                  <span className="hint">示意图，未叠加底图</span>
                </figcaption>
              </figure>
            )}
            {preview.overlaps.length > 0 && (
              <section className="setup-alert" aria-label="重叠的单位">
                <h3>单位边界重叠，已拒绝导入</h3>
                <p className="hint">同一块土地不能同时属于两个单位。请在 GIS 软件中修正边界（图中红色斜线处）后重新上传。</p>
                <ul>
                  {preview.overlaps.map((o, i) => (
                    <li key={i}>
                      <strong>{o.a}</strong> 与 <strong>{o.b}</strong> 重叠 <strong className="setup-mu">{mu(o.overlapMu)} 亩</strong>
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {preview.warnings.length > 0 && (
              <ul className="setup-warnings">
                {preview.warnings.map((w) => <li key={w}>{w}</li>)}
              </ul>
            )}
            {preview.parent && (
              <p className="hint">
                上级边界 {mu(preview.parent.parentMu)} 亩，各单位合计 {mu(preview.parent.unitsMu)} 亩；缺口 {preview.parent.gaps.length} 处
                {preview.parent.gaps.length > 0 && `（${preview.parent.gaps.map((g) => `${mu(g.areaMu)} 亩`).join('、')}）`}
                {preview.parent.slivers.count > 0 && `；另有 ${preview.parent.slivers.count} 处细小缝隙共 ${mu(preview.parent.slivers.areaMu, 3)} 亩`}
              </p>
            )}
            <div className="setup-table-wrap">
              <table className="setup-table">
                <thead>
                  <tr><th>#</th><th>名称</th><th>代码</th><th>类型</th><th className="num">面积（亩）</th><th>问题</th></tr>
                </thead>
                <tbody>
                  {preview.units.map((u) => (
                    <tr key={u.index} className={`${u.errors.length ? 'is-bad' : ''} ${active === u.index ? 'is-active' : ''}`} onMouseEnter={() => setActive(u.index)} onMouseLeave={() => setActive(null)}>
                      <td>{u.index}</td>
                      <td>{u.name || '—'}{u.fullName !== u.name && <span className="hint"> {u.fullName}</span>}</td>
                      <td className="mono">{u.code || '—'}</td>
                      <td>{KIND_LABELS[u.kind] ?? u.kind}</td>
                      <td className="num">{mu(u.areaMu)}</td>
                      <td>{u.errors.join('；') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        <div className="setup-actions">
          <button type="button" className="button" disabled={!preview?.canCommit || busy !== null} onClick={() => void commit()}>
            {busy === 'commit' ? '正在导入…' : preview?.canCommit ? `导入 ${preview.units.length} 个单位并继续` : '导入单位'}
          </button>
        </div>
      </div>
    </div>
  );
}
