/**
 * What the drawn boundary measures and what is wrong with it, as it is drawn: the ellipsoidal area in 亩 (the
 * authoritative one), the check against the ledger area, the same boundary rules the server applies, and the
 * server's overlap and unit checks.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { areasMu } from '../../../core/area/index.ts';
import { checkBoundary } from '../../../core/geometry-checks.ts';
import { checkLedgerArea, type Tolerance } from '../../../core/ledger-check.ts';
import { mu, signedMu } from '../../format.ts';
import type { OutsideUnits } from '../../../server/parcels/permissions.ts';
import type { ServerCheckState } from './use-boundary-check.ts';

interface LiveCheckProps {
  polygon: Polygon | MultiPolygon | null;
  closed: boolean;
  /** The ledger area to check against; null while none is typed yet. */
  ledgerMu: number | null;
  /** The campaign's tolerance: the same rule and figures the server applies once the parcel is saved. */
  tolerance: Tolerance;
  server: ServerCheckState;
}

/** Local problems of a boundary; none until it has at least three distinct vertices. */
export function localProblems(polygon: Polygon | MultiPolygon | null) {
  return polygon && vertexCount(polygon) >= 3 ? checkBoundary(polygon).problems : [];
}

function vertexCount(polygon: Polygon | MultiPolygon): number {
  const outer = polygon.type === 'Polygon' ? polygon.coordinates[0]! : polygon.coordinates[0]![0]!;
  return new Set(outer.map((p) => p.join(','))).size;
}

export function LiveCheck({ polygon, closed, ledgerMu, tolerance, server, note }: LiveCheckProps & { note?: string | null }) {
  if (!polygon || vertexCount(polygon) < 3) {
    return (
      <section className="live-check" aria-live="polite">
        <p className="hint">至少点击 3 个界址点后显示面积。</p>
      </section>
    );
  }
  const areas = areasMu(polygon);
  const problems = localProblems(polygon);
  const ledger = ledgerMu !== null && ledgerMu > 0 ? checkLedgerArea(ledgerMu, areas.ellipsoidal, tolerance) : null;
  const result = server.state === 'done' ? server.result : null;
  return (
    <section className="live-check" aria-live="polite" data-testid="live-check">
      {note && (
        <p className="live-check__note" data-testid="draw-note">
          {note}
        </p>
      )}
      <div className="live-check__area">
        <span className="live-check__label">
          图形面积 <span className="tag tag--primary">椭球面积</span>
          {!closed && <span className="tag tag--muted">绘制中</span>}
        </span>
        <span>
          <strong data-testid="draw-area">{mu(areas.ellipsoidal)}</strong> 亩
        </span>
        {polygon.type === 'MultiPolygon' && <small data-testid="draw-parts">共 {polygon.coordinates.length} 个部分</small>}
        <small>
          高斯平面 {mu(areas.plane)} 亩（第 {areas.gaussKrugerZone} 带）· 球面 {mu(areas.spherical)} 亩
        </small>
      </div>
      {ledger ? (
        <p className={`area-badge ${ledger.ok ? 'area-badge--ok' : 'area-badge--bad'}`}>
          <strong>{ledger.ok ? '✓ 与台账面积相符' : '⚠ 与台账面积不符'}</strong>
          <span>
            台账 {mu(ledgerMu!)} 亩，差值 {signedMu(ledger.diffMu)} 亩，容差 ±{ledger.toleranceMu.toFixed(2)} 亩（本行动：{+(tolerance.relative * 100).toFixed(2)}% 与 {tolerance.absoluteMu} 亩取大）
          </span>
        </p>
      ) : (
        <p className="hint">填写台账面积后核对面积。</p>
      )}
      <ul className="live-check__problems">
        {problems.map((p) => (
          <li key={p.code + p.message} className="problem problem--bad">
            {p.message}
          </li>
        ))}
        {result?.problems.map((p) => (
          <li key={`server-${p.code}`} className="problem problem--bad">
            {p.message}
          </li>
        ))}
        {result?.withinUserUnits === false && (
          <li className="problem problem--bad" data-testid="outside-units">
            {outsideText(result.outsideUserUnits)}
          </li>
        )}
        {result?.overlaps.map((o) => (
          <li key={o.id} className="problem problem--warn">
            与地块 {o.code} 重叠 {mu(o.overlapMu)} 亩
          </li>
        ))}
        {closed && server.state === 'checking' && <li className="problem problem--quiet">正在检查重叠与单位范围…</li>}
        {server.state === 'failed' && <li className="problem problem--quiet">无法完成服务器检查：{server.message}</li>}
        {closed && problems.length === 0 && result && result.problems.length === 0 && result.overlaps.length === 0 && result.withinUserUnits !== false && (
          <li className="problem problem--ok">✓ 边界有效，无重叠{result.withinUserUnits ? '，在您负责的单位内' : ''}</li>
        )}
      </ul>
    </section>
  );
}

/** 超出 …: the editor's units, the mu outside them and where it lies, so the editor knows which edge to pull back. */
function outsideText(o: OutsideUnits | null): string {
  if (!o) return '边界超出您负责的单位范围，不能保存';
  const where = o.units.length ? `，其中 ${o.units.map((u) => `${u.name} ${mu(u.mu)} 亩`).join('、')}` : '';
  return `边界超出您负责的单位范围（${o.allowedNames ?? '无'}）${mu(o.outsideMu)} 亩${where}，不能保存`;
}
