/**
 * The pieces of a printed map as SVG text (millimetre user units): boundaries, labels, a scale bar and a north arrow.
 * Written by hand rather than with a drawing library: the server prints through a browser that draws SVG itself,
 * and a map on paper needs nothing but paths and text.
 */
import type { Geometry, Position } from 'geojson';
import { scaleBarMetres, type PaperView } from './view.ts';

export type Project = (lon: number, lat: number) => [number, number];

/** Text made safe for XML and HTML. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const mm = (n: number) => (Math.round(n * 100) / 100).toString();

/** The rings of polygons and the parts of lines in a geometry, in lon/lat. */
export function linesOf(geometry: Geometry): { rings: Position[][]; lines: Position[][] } {
  switch (geometry.type) {
    case 'Polygon':
      return { rings: geometry.coordinates, lines: [] };
    case 'MultiPolygon':
      return { rings: geometry.coordinates.flat(), lines: [] };
    case 'LineString':
      return { rings: [], lines: [geometry.coordinates] };
    case 'MultiLineString':
      return { rings: [], lines: geometry.coordinates };
    case 'GeometryCollection':
      return geometry.geometries.map(linesOf).reduce((a, b) => ({ rings: [...a.rings, ...b.rings], lines: [...a.lines, ...b.lines] }), { rings: [], lines: [] });
    default:
      return { rings: [], lines: [] };
  }
}

/** An SVG path's `d` for a geometry: rings closed (even-odd fill makes holes), lines open. */
export function pathData(geometry: Geometry, project: Project, view: PaperView): string {
  const { rings, lines } = linesOf(geometry);
  const part = (coords: Position[], close: boolean) =>
    coords.length ? `M${coords.map(([lon, lat]) => view.toPaper(...project(lon!, lat!)).map(mm).join(' ')).join('L')}${close ? 'Z' : ''}` : '';
  return [...rings.map((r) => part(r, true)), ...lines.map((l) => part(l, false))].join('');
}

/** A path element; `style` holds presentation attributes (fill, stroke …) as given. */
export function path(geometry: Geometry, project: Project, view: PaperView, style: string): string {
  const d = pathData(geometry, project, view);
  return d ? `<path d="${d}" fill-rule="evenodd" ${style}/>` : '';
}

/** A text label at a paper point, with a white halo so it reads over any fill. */
export function label(x: number, y: number, text: string, options: { size?: number; anchor?: 'start' | 'middle' | 'end'; weight?: number; fill?: string } = {}): string {
  const size = options.size ?? 2.6;
  return `<text x="${mm(x)}" y="${mm(y)}" font-size="${size}" text-anchor="${options.anchor ?? 'middle'}" font-weight="${options.weight ?? 400}" fill="${options.fill ?? '#1b2430'}" stroke="#fff" stroke-width="${mm(size * 0.28)}" paint-order="stroke" stroke-linejoin="round">${escapeXml(text)}</text>`;
}

/**
 * A scale bar at (x, y) (its left end, baseline), of the round length nearest `targetMm`: alternate black and white
 * quarters, 0 / half / full labels in m or km, and the scale as a ratio above.
 */
export function scaleBar(view: PaperView, x: number, y: number, targetMm = 40): string {
  const metres = scaleBarMetres(view.scaleDenominator, targetMm);
  const length = (metres * 1000) / view.scaleDenominator;
  const unit = (m: number) => (metres >= 1000 ? `${m / 1000}` : `${m}`);
  const quarter = length / 4;
  const boxes = [0, 1, 2, 3]
    .map((i) => `<rect x="${mm(x + i * quarter)}" y="${mm(y - 1.6)}" width="${mm(quarter)}" height="1.6" fill="${i % 2 ? '#fff' : '#1b2430'}" stroke="#1b2430" stroke-width="0.2"/>`)
    .join('');
  const ticks = [0, metres / 2, metres]
    .map((m, i) => `<text x="${mm(x + (i * length) / 2)}" y="${mm(y + 3)}" font-size="2.4" text-anchor="middle" fill="#1b2430">${unit(m)}${i === 2 ? (metres >= 1000 ? ' 千米' : ' 米') : ''}</text>`)
    .join('');
  return `<g class="scale-bar">${boxes}${ticks}<text x="${mm(x)}" y="${mm(y - 3)}" font-size="2.6" fill="#1b2430">比例尺 1:${view.scaleDenominator.toLocaleString('en-US').replace(/,/g, ' ')}</text></g>`;
}

/**
 * A north arrow centred at (x, y), `size` mm tall, turned by `angleDeg` (clockwise from the paper's up) to point at
 * true north: in a Gauss–Krüger plane north differs from grid north by the meridian convergence.
 */
export function northArrow(x: number, y: number, angleDeg: number, size = 12): string {
  const h = size / 2;
  const w = size / 4.5;
  return `<g class="north-arrow" transform="translate(${mm(x)} ${mm(y)}) rotate(${Math.round(angleDeg * 100) / 100})">
<path d="M0 ${mm(-h)}L${mm(w)} ${mm(h * 0.55)}L0 ${mm(h * 0.25)}Z" fill="#1b2430"/>
<path d="M0 ${mm(-h)}L${mm(-w)} ${mm(h * 0.55)}L0 ${mm(h * 0.25)}Z" fill="#fff" stroke="#1b2430" stroke-width="0.25"/>
<text x="0" y="${mm(-h - 1.2)}" font-size="3.4" font-weight="700" text-anchor="middle" fill="#1b2430">北</text></g>`;
}

/** The angle (degrees, clockwise from the paper's up) at which true north lies at a point, in a plane projection. */
export function trueNorthAngle(project: Project, lon: number, lat: number): number {
  const [e0, n0] = project(lon, lat);
  const [e1, n1] = project(lon, lat + 0.001);
  return (Math.atan2(e1 - e0, n1 - n0) * 180) / Math.PI;
}
