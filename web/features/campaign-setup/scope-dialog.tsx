/**
 * 行动范围调整: a person's decisions to count a parcel in this campaign or not (纳入本次行动 / 移出本次行动), each with
 * its reason and who made it; listed, with the log, and each one reversible (back to what the scope rules say).
 */
import { useState } from 'react';
import type { DecisionLogRow, DecisionRow, ScopeState } from '../../../server/campaigns/scope-decisions.ts';
import { sendJson } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { mu, timestampZh } from '../../format.ts';
import { SheetDialog } from './sheet-dialog.tsx';
import './next-year.css';

const ACTION_LABELS: Record<DecisionLogRow['action'], string> = { include: '纳入', exclude: '移出', revoke: '撤销决定' };

export function ScopeDialog(props: { campaignId: number; onClose: () => void }) {
  const [revision, setRevision] = useState(0);
  const list = useApi<{ decisions: DecisionRow[]; log: DecisionLogRow[] }>(`/api/campaigns/${props.campaignId}/scope-decisions?rev=${revision}`, props.campaignId);
  const [code, setCode] = useState('');
  const [include, setInclude] = useState(false);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<ScopeState | null>, done: (s: ScopeState) => string) => {
    setBusy(true);
    setMessage(null);
    try {
      const state = (await action())!;
      setMessage({ ok: true, text: done(state) });
      setRevision((r) => r + 1);
      return true;
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const decide = async () => {
    const ok = await run(
      () => sendJson<ScopeState>('PUT', `/api/campaigns/${props.campaignId}/scope-decisions`, { parcelCode: code.trim(), include, reason }),
      (s) => `${s.code} 已${include ? '纳入' : '移出'}本次行动，进度与排名已按新范围统计。`,
    );
    if (ok) {
      setCode('');
      setReason('');
    }
  };
  // The decision being taken back, and why: a reason is asked for, as for the decision itself.
  const [revoking, setRevoking] = useState<{ parcelId: number; reason: string } | null>(null);
  const revoke = async (d: DecisionRow, why: string) => {
    const ok = await run(
      () => sendJson<ScopeState>('POST', `/api/campaigns/${props.campaignId}/scope-decisions/${d.parcelId}/revoke`, { reason: why }),
      (s) => `${s.code} 已撤销人工决定，按规则${s.inScope ? '计入' : '不计入'}本次行动（${s.reason}）。`,
    );
    if (ok) setRevoking(null);
  };

  return (
    <SheetDialog
      testId="scope-decisions"
      narrow
      title="行动范围调整"
      header={<span className="setup-dialog__name">人工纳入或移出本次行动的地块</span>}
      onClose={props.onClose}
    >
      <div className="setup-step">
        <form
          className="setup-sheet scope-form"
          onSubmit={(event) => {
            event.preventDefault();
            void decide();
          }}
        >
          <h3>新的决定</h3>
          <div className="next-year__choose">
            <label className="form-field">
              地块编号
              <input value={code} onChange={(e) => setCode(e.target.value)} placeholder="如 ZMD-411702-0001" required maxLength={100} />
            </label>
            <div className="segmented" role="group" aria-label="决定">
              <button type="button" aria-pressed={!include} onClick={() => setInclude(false)}>
                移出本次行动
              </button>
              <button type="button" aria-pressed={include} onClick={() => setInclude(true)}>
                纳入本次行动
              </button>
            </div>
          </div>
          <label className="form-field">
            理由（必填，将记录决定人和时间）
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="如：经核查为重复上图 / 省厅督察清单点名须纳入" />
          </label>
          <div className="setup-actions">
            <button type="submit" className="button" disabled={busy || !code.trim() || reason.trim().length < 2}>
              {include ? '纳入本次行动' : '移出本次行动'}
            </button>
          </div>
          {message && (
            <p className={message.ok ? 'setup-summary' : 'error-box'} role={message.ok ? 'status' : 'alert'}>
              {message.text}
            </p>
          )}
        </form>

        <section className="setup-sheet" data-testid="scope-decision-list">
          <h3>生效中的决定</h3>
          {list.state === 'error' && <p className="error-box">{list.message}</p>}
          {list.state === 'ready' && list.data.decisions.length === 0 && <p className="setup-empty">本次行动没有人工决定，范围全部按规则（基准日类别、来源清单、批准年份）确定。</p>}
          {list.state === 'ready' && list.data.decisions.length > 0 && (
            <table className="setup-table scope-table">
              <thead>
                <tr>
                  <th>地块</th>
                  <th className="num">台账面积（亩）</th>
                  <th>决定</th>
                  <th>理由</th>
                  <th>决定人 · 时间</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.data.decisions.map((d) => (
                  <tr key={d.parcelId}>
                    <td>
                      <span className="mono">{d.code}</span>
                      <br />
                      {d.projectName}
                    </td>
                    <td className="num">{mu(d.ledgerMu)}</td>
                    <td>
                      <span className={`badge ${d.include ? 'badge--ok' : 'badge--bad'}`}>{d.include ? '纳入' : '移出'}</span>
                    </td>
                    <td>{d.reason}</td>
                    <td>
                      {d.decidedBy}
                      <br />
                      <small>{timestampZh(d.decidedAt)}</small>
                    </td>
                    <td>
                      {revoking?.parcelId === d.parcelId ? (
                        <span className="scope-revoke">
                          <input aria-label={`撤销 ${d.code} 的理由`} value={revoking.reason} maxLength={500} placeholder="撤销理由" onChange={(e) => setRevoking({ parcelId: d.parcelId, reason: e.target.value })} />
                          <button type="button" className="link-button" disabled={busy || revoking.reason.trim().length < 2} onClick={() => void revoke(d, revoking.reason)}>
                            确认撤销
                          </button>
                        </span>
                      ) : (
                        <button type="button" className="link-button" disabled={busy} onClick={() => setRevoking({ parcelId: d.parcelId, reason: '' })}>
                          撤销
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        {list.state === 'ready' && list.data.log.length > 0 && (
          <section className="setup-sheet">
            <h3>记录</h3>
            <ul className="setup-list">
              {list.data.log.map((l) => (
                <li key={l.id}>
                  {timestampZh(l.at)} {l.actor} {ACTION_LABELS[l.action]} <span className="mono">{l.code}</span>：{l.reason}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </SheetDialog>
  );
}
