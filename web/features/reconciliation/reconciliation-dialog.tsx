/**
 * 表格核对: where the campaign's task tables do not add up (totals against their rows, derived columns, one table
 * against another) and where each unit's ledger does not add up to its task base. Nothing is corrected; each
 * difference says which table, which row, what was checked, and by how many mu.
 */
import { useEffect, useRef } from 'react';
import type { Difference } from '../../../core/reconcile.ts';
import { useApi } from '../../api/use-api.ts';
import { mu, signedMu } from '../../format.ts';
import '../campaign-setup/campaign-setup.css';

interface Reconciliation {
  differences: Difference[];
  ledger: Difference[];
}

/** Whole figures as the tables print them; summed ledger areas to the hundredth of a mu, always two places. */
const figure = (x: number) => (Number.isInteger(x) ? x.toLocaleString('zh-CN') : mu(x));

function DifferenceTable(props: { title: string; rows: Difference[]; empty: string; testId: string }) {
  return (
    <section className="setup-sheet" data-testid={props.testId}>
      <h3>
        {props.title} <span className={`badge ${props.rows.length ? 'badge--bad' : ''}`}>{props.rows.length}</span>
      </h3>
      {props.rows.length === 0 ? (
        <p className="setup-empty">{props.empty}</p>
      ) : (
        <div className="setup-table-wrap">
          <table className="setup-table">
            <thead>
              <tr>
                <th>表</th>
                <th>行</th>
                <th>核对</th>
                <th className="num">表中所填</th>
                <th className="num">推算</th>
                <th className="num">差（亩）</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((d, i) => (
                <tr key={i}>
                  <td>{d.table}</td>
                  <td>{d.row}</td>
                  <td>{d.check}</td>
                  <td className="num">{figure(d.stated)}</td>
                  <td className="num">{figure(d.computed)}</td>
                  <td className="num">{signedMu(d.diff)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ReconciliationDialog(props: { campaignId: number; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const result = useApi<Reconciliation>(`/api/campaigns/${props.campaignId}/reconciliation`);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="setup-dialog" aria-labelledby="reconciliation-title" onClose={props.onClose} data-testid="reconciliation">
      <header className="setup-dialog__header">
        <h2 id="reconciliation-title">表格核对</h2>
        <button type="button" className="icon-button" aria-label="关闭" onClick={() => dialog.current?.close()}>
          ×
        </button>
      </header>
      <div className="setup-dialog__body">
        <div className="setup-step">
          {result.state === 'loading' && <p className="setup-loading">正在核对…</p>}
          {result.state === 'error' && (
            <p className="error-box" role="alert">
              {result.message}
            </p>
          )}
          {result.state === 'ready' && (
            <>
              <p className="setup-summary">按文件所填数字逐项推算核对，不作修改：差值 = 表中所填 − 推算。</p>
              <DifferenceTable title="任务表之间（附件2、附件3、附件4）" rows={result.data.differences} empty="各表合计、推算列与相互引用均一致。" testId="reconciliation-tables" />
              <DifferenceTable title="台账与任务基数" rows={result.data.ledger} empty="各单位台账地块面积合计均与任务基数相符（在容差内）。" testId="reconciliation-ledger" />
            </>
          )}
        </div>
      </div>
    </dialog>
  );
}
