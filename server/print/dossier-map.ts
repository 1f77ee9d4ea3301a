/**
 * The 宗地图: the parcel in its Gauss–Krüger plane at a round scale, its 界址点 numbered as in its coordinate table,
 * the neighbouring parcels with their codes, the unit boundary, a scale bar, a north arrow and a legend.
 */
import type { Geometry } from 'geojson';
import { isOneOf, CATEGORIES, type Category } from '../../core/categories.ts';
import type { BoundaryRing } from '../../core/coordfile/boundary-points.ts';
import { label, northArrow, path, scaleBar, trueNorthAngle } from '../../core/print-map/svg.ts';
import type { PaperView } from '../../core/print-map/view.ts';
// The desk map's colours, so that paper and screen say the same thing.
import { CATEGORY_COLORS, UNIT_OUTLINE_COLOR } from '../../core/palette/map.ts';
import type { DossierMap } from './dossier-data.ts';

/** At most this many 界址点 numbers on the drawing: more would cover it. */
const MAX_POINT_LABELS = 120;
/** Labels closer than this (mm, vertically; 1.6× across) are not both drawn. */
const LABEL_GAP_MM = 3;

const colourOf = (category: string) => (isOneOf(CATEGORIES, category) ? CATEGORY_COLORS[category as Category] : '#8a94a3');

export function dossierMapSvg(map: DossierMap, geometry: Geometry, category: string, boundary: BoundaryRing[]): string {
  const { view, project } = map;
  const { widthMm: w, heightMm: h } = view;
  const parts: string[] = [];
  parts.push(`<rect x="0" y="0" width="${w}" height="${h}" fill="#fbfcfd"/>`);
  for (const n of map.neighbours) parts.push(path(n.geometry, project, view, `fill="${colourOf(n.category)}" fill-opacity="0.16" stroke="#7d8590" stroke-width="0.25"`));
  for (const u of map.units) parts.push(path(u.boundary, project, view, `fill="none" stroke="${UNIT_OUTLINE_COLOR}" stroke-width="0.55" stroke-dasharray="3 1 0.6 1"`));
  parts.push(path(geometry, project, view, `fill="${colourOf(category)}" fill-opacity="0.32" stroke="#c8102e" stroke-width="0.5" stroke-linejoin="round"`));
  for (const n of map.neighbours) {
    const at = labelPoint(n.geometry, project, view);
    if (at) parts.push(label(at[0], at[1], n.code, { size: 2.2, fill: '#4a5361' }));
  }
  parts.push(pointLabels(boundary, view));
  const [lon, lat] = centreLonLat(geometry);
  parts.push(`<rect x="${w - 17}" y="2" width="15" height="19" fill="#fff" fill-opacity="0.85"/>`);
  parts.push(northArrow(w - 9.5, 12.5, trueNorthAngle(project, lon, lat), 12));
  parts.push(`<rect x="2" y="${h - 11}" width="52" height="9.5" fill="#fff" fill-opacity="0.85"/>`);
  parts.push(scaleBar(view, 5, h - 5.2, 40));
  return `<svg xmlns="http://www.w3.org/2000/svg" class="map" width="${w}mm" height="${h}mm" viewBox="0 0 ${w} ${h}" overflow="hidden">${parts.join('')}<rect x="0" y="0" width="${w}" height="${h}" fill="none" stroke="#1b2430" stroke-width="0.35"/></svg>`;
}

/** The legend under the map, as HTML. */
export function dossierLegend(category: string, zone: number): string {
  const swatch = (style: string) => `<svg width="9mm" height="4mm" viewBox="0 0 9 4"><rect x="0.4" y="0.4" width="8.2" height="3.2" ${style}/></svg>`;
  const line = (style: string) => `<svg width="9mm" height="4mm" viewBox="0 0 9 4"><path d="M0.4 2H8.6" ${style}/></svg>`;
  return `<div class="legend">
<span>${swatch(`fill="${colourOf(category)}" fill-opacity="0.32" stroke="#c8102e" stroke-width="0.5"`)} 本宗地</span>
<span>${swatch('fill="#8a94a3" fill-opacity="0.16" stroke="#7d8590" stroke-width="0.25"')} 相邻地块（注地块编号）</span>
<span>${line(`stroke="${UNIT_OUTLINE_COLOR}" stroke-width="0.55" stroke-dasharray="3 1 0.6 1"`)} 单位界线</span>
<span><svg width="4mm" height="4mm" viewBox="0 0 4 4"><circle cx="2" cy="2" r="0.7" fill="#c8102e"/></svg> 界址点（J1…，同坐标表）</span>
<span class="muted">2000国家大地坐标系 · 3° 带高斯–克吕格投影第 ${zone} 带</span>
</div>`;
}

/**
 * The 界址点: a dot at each, its number set off outward (away from an outer ring's middle, into a hole). A number
 * that would touch one already placed is left out (the dot stays): the table lists every point.
 */
function pointLabels(boundary: BoundaryRing[], view: PaperView): string {
  const out: string[] = [];
  const placed: Array<[number, number]> = [];
  let labelled = 0;
  for (const ring of boundary) {
    const open = ring.points.slice(0, -1).map((p) => ({ number: p.number, at: view.toPaper(p.y, p.x) }));
    const cx = open.reduce((s, p) => s + p.at[0], 0) / open.length;
    const cy = open.reduce((s, p) => s + p.at[1], 0) / open.length;
    for (const p of open) {
      out.push(`<circle cx="${p.at[0].toFixed(2)}" cy="${p.at[1].toFixed(2)}" r="0.55" fill="#c8102e"/>`);
      const dx = (p.at[0] - cx) * (ring.hole ? -1 : 1);
      const dy = (p.at[1] - cy) * (ring.hole ? -1 : 1);
      const d = Math.hypot(dx, dy) || 1;
      const at: [number, number] = [p.at[0] + (dx / d) * 3, p.at[1] + (dy / d) * 3 + 0.9];
      if (labelled >= MAX_POINT_LABELS || placed.some(([x, y]) => Math.abs(x - at[0]) < LABEL_GAP_MM * 1.6 && Math.abs(y - at[1]) < LABEL_GAP_MM)) continue;
      placed.push(at);
      labelled++;
      out.push(label(at[0], at[1], `J${p.number}`, { size: 2.4, weight: 600, fill: '#8a0c1f' }));
    }
  }
  return out.join('');
}

/** Where a neighbour's code goes: the mean of its drawn vertices, when that falls well inside the frame. */
function labelPoint(geometry: Geometry, project: DossierMap['project'], view: PaperView): [number, number] | null {
  const coords = geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.type === 'MultiPolygon' ? geometry.coordinates[0]?.[0] : undefined;
  if (!coords?.length) return null;
  let x = 0;
  let y = 0;
  for (const [lon, lat] of coords) {
    const [px, py] = view.toPaper(...project(lon!, lat!));
    x += px;
    y += py;
  }
  x /= coords.length;
  y /= coords.length;
  const inFrame = x > 8 && x < view.widthMm - 8 && y > 5 && y < view.heightMm - 5;
  // Not under the scale bar (bottom left) or the north arrow (top right).
  const underDecoration = (x < 62 && y > view.heightMm - 14) || (x > view.widthMm - 28 && y < 24);
  return inFrame && !underDecoration ? [x, y] : null;
}

function centreLonLat(geometry: Geometry): [number, number] {
  const ring = geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.type === 'MultiPolygon' ? geometry.coordinates[0]?.[0] : undefined;
  const [lon, lat] = ring?.[0] ?? [0, 0];
  return [lon!, lat!];
}
