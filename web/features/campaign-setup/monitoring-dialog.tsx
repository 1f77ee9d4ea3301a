/**
 * 监测系统比对: upload the monitoring system's exported parcel list; see which parcels are missing on either side and
 * whose areas differ beyond the campaign's tolerance, each linked to its ledger parcel.
 */
import { useEffect, useRef, useState } from 'react';
import { mu, sendForm, type MonitoringResult } from './api.ts';
import { FilePick } from './file-pick.tsx';
import './campaign-setup.css';

export function MonitoringDialog(props: { campaignId: number; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<MonitoringResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  useEffect(() => {
    if (!file) return;
    const form = new FormData();
    form.set('file', file);
    setBusy(true);
    setError(null);
    setResult(null);
    sendForm<MonitoringResult>(`/api/campaigns/${props.campaignId}/monitoring`, form).then(setResult, (e: Error) => setError(e.message)).finally(() => setBusy(false));
  }, [file, props.campaignId]);

  const link = (id: number, code: string) => <a href={`/?campaign=${props.campaignId}&parcel=${id}`}>{code}</a>;
  return (
    <dialog ref={dialog} className="setup-dialog setup-dialog--narrow" aria-labelledby="monitoring-title" onClose={props.onClose} data-testid="monitoring">
      <header className="setup-dialog__header">
        <h2 id="monitoring-title">与监测监管系统比对</h2>
        <button type="button" className="icon-button" aria-label="关闭" onClick={() => dialog.current?.close()}>
          ×
        </button>
      </header>
      <div className="setup-dialog__body">
        <div className="setup-step">
          <FilePick label="监测系统导出清单" accept=".xlsx,.csv" hint="Excel 或 CSV，须含“电子监管号”和“供地面积（公顷或亩）”列" file={file} onFile={setFile} disabled={busy} testId="monitoring-file" />
          {busy && <p className="setup-loading">正在比对…</p>}
          {error && <p className="error-box" role="alert">{error}</p>}
          {!result && !busy && !error && <div className="setup-empty">按电子监管号与台账逐宗比对，列出两边缺失的地块和面积差超出容差的地块。</div>}
          {result && (
            <>
              <p className="setup-summary">
                清单 <strong>{result.records}</strong> 宗（面积单位：{result.areaUnit}），台账 <strong>{result.ledgerParcels}</strong> 宗，匹配 <strong>{result.matched}</strong> 宗；
                容差取 {result.tolerance.relative * 100}% 与 {result.tolerance.absoluteMu} 亩中较大者。
              </p>
              {result.problems.length > 0 && <ul className="setup-problems">{result.problems.map((p, i) => <li key={i}>{p.message}</li>)}</ul>}
              <section className="setup-sheet">
                <h3>面积差超出容差 <span className="badge badge--bad">{result.areaDifferences.length}</span></h3>
                {result.areaDifferences.length ? (
                  <div className="setup-table-wrap">
                    <table className="setup-table">
                      <thead><tr><th>地块</th><th>电子监管号</th><th>项目名称</th><th className="num">台账（亩）</th><th className="num">监测系统（亩）</th><th className="num">差（亩）</th></tr></thead>
                      <tbody>
                        {result.areaDifferences.map((d) => (
                          <tr key={d.parcelId}><td>{link(d.parcelId, d.code)}</td><td className="mono">{d.supervisionNumber}</td><td>{d.projectName}</td><td className="num">{mu(d.ledgerMu)}</td><td className="num">{mu(d.monitoringMu)}</td><td className="num">{mu(d.diffMu)}</td></tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ) : <p className="hint">没有。</p>}
              </section>
              <section className="setup-sheet">
                <h3>台账有、监测系统没有 <span className="badge badge--warn">{result.missingInMonitoring.length}</span></h3>
                {result.missingInMonitoring.length ? (
                  <ul className="setup-list">{result.missingInMonitoring.map((p) => <li key={p.parcelId}>{link(p.parcelId, p.code)} <span className="mono">{p.supervisionNumber}</span> {p.projectName}，{mu(p.ledgerMu)} 亩</li>)}</ul>
                ) : <p className="hint">没有。</p>}
              </section>
              <section className="setup-sheet">
                <h3>监测系统有、台账没有 <span className="badge badge--warn">{result.missingInLedger.length}</span></h3>
                {result.missingInLedger.length ? (
                  <ul className="setup-list">{result.missingInLedger.map((r) => <li key={r.supervisionNumber}>第 {r.row} 行 <span className="mono">{r.supervisionNumber}</span> {r.projectName ?? ''}，{mu(r.areaMu)} 亩</li>)}</ul>
                ) : <p className="hint">没有。</p>}
              </section>
              {result.withoutNumber > 0 && <p className="hint">另有 {result.withoutNumber} 宗台账地块没有电子监管号，无法比对。</p>}
            </>
          )}
        </div>
      </div>
    </dialog>
  );
}
