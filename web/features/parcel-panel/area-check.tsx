/**
 * The parcel's areas and the ledger check. The ellipsoidal (CGCS2000) area is the authoritative one the ledger is
 * checked against; the Gauss–Krüger plane and spherical (Turf) areas are shown for comparison, each named.
 */
import type { ParcelProperties } from '../../api/types.ts';
import { mu, pct, signedMu } from '../../format.ts';

export function AreaCheck({ parcel }: { parcel: ParcelProperties }) {
  const { areaMu, areaCheck } = parcel;
  if (!areaMu || !areaCheck) {
    return (
      <section className="field-group">
        <h3 className="field-group__title">面积核对</h3>
        <p className="hint">该地块暂无图形，无法计算图形面积。</p>
      </section>
    );
  }
  const { tolerance } = areaCheck;
  return (
    <section className="field-group">
      <h3 className="field-group__title">面积核对</h3>
      <div className={`area-badge ${areaCheck.ok ? 'area-badge--ok' : 'area-badge--bad'}`} role="status">
        <strong>{areaCheck.ok ? '✓ 面积相符' : '⚠ 面积不符'}</strong>
        <span>
          差值 {signedMu(areaCheck.diffMu)} 亩{areaCheck.diffRatio !== null ? `（${signedPct(areaCheck.diffRatio)}）` : ''}，容差 ±
          {areaCheck.toleranceMu.toFixed(2)} 亩
        </span>
      </div>
      <table className="area-table">
        <caption className="visually-hidden">地块面积（亩）</caption>
        <tbody>
          <tr>
            <th scope="row">台账面积</th>
            <td>{mu(parcel.ledgerMu)} 亩</td>
          </tr>
          <tr className="area-table__authoritative">
            <th scope="row">
              椭球面积 <span className="tag tag--primary">核对依据</span>
              <small>CGCS2000 椭球面</small>
            </th>
            <td>{mu(areaMu.ellipsoidal)} 亩</td>
          </tr>
          <tr>
            <th scope="row">
              高斯平面面积<small>CGCS2000 3° 带 第 {areaMu.gaussKrugerZone} 带</small>
            </th>
            <td>{mu(areaMu.plane)} 亩</td>
          </tr>
          <tr>
            <th scope="row">
              球面面积<small>Turf，球半径 6378137 米，仅供参考</small>
            </th>
            <td>{mu(areaMu.spherical)} 亩</td>
          </tr>
        </tbody>
      </table>
      <p className="hint">
        差值 = 台账面积 − 椭球面积；容差取台账面积的 {+(tolerance.relative * 100).toFixed(2)}% 与 {tolerance.absoluteMu} 亩中的较大者。
      </p>
    </section>
  );
}

function signedPct(fraction: number): string {
  const text = pct(Math.abs(fraction));
  return fraction > 0 ? `+${text}` : fraction < 0 ? `−${text}` : text;
}
