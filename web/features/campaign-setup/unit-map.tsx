/**
 * A drawing of the previewed units on their own (no basemap needed before anything is saved): each unit outlined and
 * labelled, overlaps in red, gaps in the parent boundary in amber. Longitudes are scaled by cos(latitude), so shapes
 * keep their proportions at Chinese latitudes.
 */
import type { Geometry, Position } from 'geojson';
import type { UnitOverlap, UnitPreviewItem, Piece } from './api.ts';

const W = 560;
const H = 360;
const PAD = 16;

function polygonsOf(g: Geometry | null): Position[][][] {
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(polygonsOf);
  return [];
}

export function UnitMap(props: { units: UnitPreviewItem[]; overlaps: UnitOverlap[]; gaps: Piece[]; active: number | null; onActivate: (index: number | null) => void }) {
  const shapes = props.units.filter((u) => u.geometry);
  const all = [...shapes.map((u) => u.geometry as Geometry), ...props.gaps.map((g) => g.geometry)].flatMap(polygonsOf).flat(2);
  if (!all.length) return <div className="unit-map unit-map--empty">没有边界图形可显示</div>;
  const lons = all.map((p) => p[0]!);
  const lats = all.map((p) => p[1]!);
  const [minX, maxX, minY, maxY] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scale = Math.min((W - 2 * PAD) / Math.max((maxX - minX) * k, 1e-9), (H - 2 * PAD) / Math.max(maxY - minY, 1e-9));
  const ox = (W - (maxX - minX) * k * scale) / 2;
  const oy = (H - (maxY - minY) * scale) / 2;
  const xy = (p: Position) => `${(ox + (p[0]! - minX) * k * scale).toFixed(1)},${(H - oy - (p[1]! - minY) * scale).toFixed(1)}`;
  const path = (g: Geometry | null) => polygonsOf(g).map((rings) => rings.map((ring) => `M${ring.map(xy).join('L')}Z`).join('')).join('');
  const centre = (g: Geometry | null) => {
    const pts = polygonsOf(g).flatMap((r) => r[0] ?? []);
    const x = pts.reduce((s, p) => s + p[0]!, 0) / pts.length;
    const y = pts.reduce((s, p) => s + p[1]!, 0) / pts.length;
    return xy([x, y]).split(',').map(Number) as [number, number];
  };
  return (
    <svg className="unit-map" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`单位边界示意：${shapes.length} 个单位，${props.overlaps.length} 处重叠，${props.gaps.length} 处缺口`}>
      <defs>
        <pattern id="overlap-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="rgb(200 30 30 / 35%)" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#c81e1e" strokeWidth="2.5" />
        </pattern>
      </defs>
      {shapes.map((u) => (
        <path
          key={u.index}
          d={path(u.geometry)}
          className={`unit-map__unit ${u.errors.length ? 'unit-map__unit--bad' : ''} ${props.active === u.index ? 'unit-map__unit--active' : ''}`}
          fillRule="evenodd"
          onMouseEnter={() => props.onActivate(u.index)}
          onMouseLeave={() => props.onActivate(null)}
        >
          <title>{`${u.name}（${u.code}）`}</title>
        </path>
      ))}
      {props.gaps.map((g, i) => (
        <path key={`gap-${i}`} d={path(g.geometry)} className="unit-map__gap" fillRule="evenodd">
          <title>{`缺口 ${g.areaMu.toFixed(2)} 亩`}</title>
        </path>
      ))}
      {props.overlaps.map((o, i) => (
        <path key={`overlap-${i}`} d={path(o.geometry)} className="unit-map__overlap" fill="url(#overlap-hatch)" fillRule="evenodd">
          <title>{`${o.a} 与 ${o.b} 重叠 ${o.overlapMu.toFixed(2)} 亩`}</title>
        </path>
      ))}
      {shapes.map((u) => {
        const [x, y] = centre(u.geometry);
        return (
          <text key={`label-${u.index}`} x={x} y={y} className="unit-map__label" textAnchor="middle">
            {u.name}
          </text>
        );
      })}
    </svg>
  );
}
