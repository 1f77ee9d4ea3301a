/** Disposal records (处置记录): what part of the parcel was disposed, when and how; the total counts toward progress. */
import type { Disposal } from '../../api/types.ts';
import { mu, pct } from '../../format.ts';
import { DisposalForm, type DisposalTarget } from '../ledger/disposal-form.tsx';

interface DisposalsProps {
  disposals: Disposal[];
  disposedMu: number;
  ledgerMu: number;
  /** For those who may edit the parcel: entering a new record. */
  entry?: { parcel: DisposalTarget; onSaved: () => void } | null;
}

export function Disposals(props: DisposalsProps) {
  const { entry } = props;
  return (
    <>
      <DisposalTable disposals={props.disposals} total={{ disposedMu: props.disposedMu, ledgerMu: props.ledgerMu }} />
      {entry && (
        <details className="disposal-entry">
          <summary className="link-button">＋ 登记处置</summary>
          <DisposalForm key={props.disposedMu} parcel={entry.parcel} onSaved={entry.onSaved} />
        </details>
      )}
    </>
  );
}

/**
 * The records table, shared with the ledger's disposal dialog: with `total`, a caption and a total row against the
 * ledger area; with `onRemove`, a delete button on each record.
 */
export function DisposalTable({ disposals, total, onRemove }: { disposals: Disposal[]; total?: { disposedMu: number; ledgerMu: number }; onRemove?: (d: Disposal) => void }) {
  if (disposals.length === 0) return <p className="hint">暂无处置记录。</p>;
  return (
    <table className="records">
      {total && (
        <caption className="records__caption">
          处置记录 {disposals.length} 条，合计 <strong>{mu(total.disposedMu)} 亩</strong>
          {total.ledgerMu > 0 ? `，占台账面积 ${pct(total.disposedMu / total.ledgerMu)}` : ''}
        </caption>
      )}
      <thead>
        <tr>
          <th scope="col">日期</th>
          <th scope="col" className="num">面积（亩）</th>
          <th scope="col">方式 / 说明</th>
          {onRemove && <th />}
        </tr>
      </thead>
      <tbody>
        {disposals.map((d) => (
          <tr key={d.id}>
            <td>{d.date}</td>
            <td className="num">{mu(d.mu)}</td>
            <td>{[d.method, d.note].filter(Boolean).join('；') || '—'}</td>
            {onRemove && (
              <td>
                <button type="button" className="link-button" aria-label={`删除 ${d.date} 的处置记录`} onClick={() => onRemove(d)}>删除</button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
      {total && (
        <tfoot>
          <tr>
            <th scope="row">合计</th>
            <td className="num">{mu(total.disposedMu)}</td>
            <td />
          </tr>
        </tfoot>
      )}
    </table>
  );
}
