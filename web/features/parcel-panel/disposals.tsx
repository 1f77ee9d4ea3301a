/** Disposal records (处置记录): what part of the parcel was disposed, when and how; the total counts toward progress. */
import type { Disposal } from '../../api/types.ts';
import { mu, pct } from '../../format.ts';

export function Disposals(props: { disposals: Disposal[]; disposedMu: number; ledgerMu: number }) {
  const { disposals, disposedMu, ledgerMu } = props;
  if (disposals.length === 0) return <p className="hint">暂无处置记录。</p>;
  return (
    <table className="records">
      <caption className="records__caption">
        处置记录 {disposals.length} 条，合计 <strong>{mu(disposedMu)} 亩</strong>
        {ledgerMu > 0 ? `，占台账面积 ${pct(disposedMu / ledgerMu)}` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">日期</th>
          <th scope="col" className="num">面积（亩）</th>
          <th scope="col">方式 / 说明</th>
        </tr>
      </thead>
      <tbody>
        {disposals.map((d) => (
          <tr key={d.id}>
            <td>{d.date}</td>
            <td className="num">{mu(d.mu)}</td>
            <td>{[d.method, d.note].filter(Boolean).join('；') || '—'}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">合计</th>
          <td className="num">{mu(disposedMu)}</td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}
