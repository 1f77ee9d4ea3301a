/**
 * The thematic map (专题图) as printable HTML: units coloured by pace, parcels by category (fill) and status
 * (outline), title, legend, scale bar, north arrow, date, 制图单位 and the unit figures table — what a bureau pins
 * on the wall beside the screen.
 */
import { CATEGORIES, CATEGORY_LABELS, STATUSES, STATUS_LABELS, TASK_TYPE_LABELS, isOneOf, type Category, type Status } from '../../core/categories.ts';
import { PACE_LABELS, PACES } from '../../core/progress.ts';
import { escapeXml as esc, label, northArrow, path, scaleBar, trueNorthAngle } from '../../core/print-map/svg.ts';
import { dateZh, mu, pct } from '../../core/format.ts';
// The desk map's colours and outlines, so that paper and screen say the same thing.
import { CATEGORY_COLORS, STATUS_OUTLINES } from '../../core/palette/map.ts';
// Pace as the one pace palette's light tints for paper (the screen's strong colours would drown the parcels).
import { PACE_PAPER_FILLS } from '../../core/palette/pace.ts';
import type { Figures } from '../campaigns/progress.ts';
import type { Orientation, PaperSize } from './document.ts';
import type { ThematicData } from './thematic-data.ts';

/** A screen pixel of the desk's outlines, in paper mm. */
const PX_MM = 0.12;
const MARGIN_MM = 10;
/** The side column (landscape) or the band under the map (portrait): legend, figures, notes. */
const SIDE_MM = 108;
const TITLE_MM = 17;

/** The map frame's size on a sheet: beside the side column in landscape, above the legend and table in portrait. */
export function thematicFrameMm(paper: { width: number; height: number }, orientation: Orientation): { width: number; height: number } {
  const innerW = paper.width - 2 * MARGIN_MM;
  // The page's bottom margin is 2 mm deeper (the footer); 5 mm of grid gap under the title; 4 mm to spare.
  const innerH = paper.height - 2 * MARGIN_MM - 2 - TITLE_MM - 5 - 4;
  return orientation === 'landscape' ? { width: innerW - SIDE_MM - 5, height: innerH } : { width: innerW, height: innerH * 0.5 };
}

export function thematicCss(size: PaperSize, orientation: Orientation): string {
  return `
@page { size: ${size} ${orientation}; margin: ${MARGIN_MM}mm ${MARGIN_MM}mm ${MARGIN_MM + 2}mm; }
.sheet svg { display: block; }
.sheet { display: grid; grid-template-columns: ${orientation === 'landscape' ? `auto ${SIDE_MM}mm` : '1fr'}; gap: 5mm; }
.title { grid-column: 1 / -1; display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 0.7mm solid #1f3f73; padding-bottom: 1.5mm; height: ${TITLE_MM}mm; }
.title h1 { font-size: ${size === 'A3' ? 20 : 15}pt; }
.title .sub { font-size: 9pt; color: #5b6676; text-align: right; }
.side { font-size: 8.5pt; }
.side h2 { margin-top: 0; }
.side h2 + * { margin-bottom: 3mm; }
.legend-grid { display: grid; grid-template-columns: ${orientation === 'landscape' ? '1fr 1fr' : 'repeat(5, 1fr)'}; gap: 0.8mm 3mm; margin-bottom: 3mm; }
.legend-grid span { display: flex; align-items: center; gap: 1.5mm; }
.figures td, .figures th { padding: 0.5mm 1.2mm; font-size: 8pt; }
.figures tr.total td { font-weight: 700; background: #eef2f7; }
.pace { display: inline-block; padding: 0 1.5mm; border-radius: 1mm; }
.notes { font-size: 7.5pt; color: #5b6676; margin-top: 3mm; }
`;
}

const colourOf = (category: string) => (isOneOf(CATEGORIES, category) ? CATEGORY_COLORS[category as Category] : '#8a94a3');
const outlineOf = (status: string) => STATUS_OUTLINES[isOneOf(STATUSES, status) ? (status as Status) : 'registered'];

export function thematicHtml(data: ThematicData, maker: string): string {
  const area = data.unit?.name ?? data.campaign.levelUnit.name;
  return `<div class="sheet">
<div class="title"><div><h1>${esc(area)}批而未用土地盘活专题图</h1><div class="sub" style="text-align:left">${esc(data.campaign.name)}</div></div>
<div class="sub">截至 ${dateZh(data.date)}<br>制图单位：${esc(maker)}</div></div>
<div>${mapSvg(data)}</div>
<div class="side">${legend()}${figuresTable(data)}${notes(data)}</div>
</div>`;
}

function mapSvg(data: ThematicData): string {
  const { view, project } = data;
  if (!view) return `<p class="muted">本专项行动的单位尚无边界，地块也无图形：无法制图。进度见右表。</p>`;
  const { widthMm: w, heightMm: h } = view;
  const paceOf = new Map(data.progress.units.map((u) => [u.unitId, u.overall.pace]));
  const parts: string[] = [`<rect width="${w}" height="${h}" fill="#fbfcfd"/>`];
  for (const u of data.units) if (u.geometry) parts.push(path(u.geometry, project, view, `fill="${PACE_PAPER_FILLS[paceOf.get(u.id) ?? 'no_task']}" stroke="#5a6b85" stroke-width="0.35"`));
  // Parcels at a county's scale are a millimetre or two: a thin outline keeps each one visible without merging them.
  const thin = view.scaleDenominator >= 50_000;
  for (const p of data.parcels) {
    const o = outlineOf(p.status);
    const width = thin ? 0.12 : o.width * PX_MM;
    const dash = o.dash && !thin ? ` stroke-dasharray="${o.dash.map((d) => (d * width).toFixed(2)).join(' ')}"` : '';
    parts.push(path(p.geometry, project, view, `fill="${colourOf(p.category)}" fill-opacity="${o.fillOpacity}" stroke="${thin ? colourOf(p.category) : o.color}" stroke-width="${width.toFixed(2)}"${dash}`));
  }
  for (const u of data.units) {
    if (!u.label) continue;
    const [x, y] = view.toPaper(...project(u.label[0], u.label[1]));
    if (x > 5 && x < w - 5 && y > 5 && y < h - 5) parts.push(label(x, y, u.name, { size: 4, weight: 700 }));
  }
  const centre = data.units.find((u) => u.label)?.label ?? [data.zone * 3, 33];
  parts.push(`<rect x="${w - 20}" y="2" width="18" height="23" fill="#fff" fill-opacity="0.85"/>`);
  parts.push(northArrow(w - 11, 15, trueNorthAngle(project, centre[0], centre[1]), 15));
  parts.push(`<rect x="2" y="${h - 12}" width="66" height="10.5" fill="#fff" fill-opacity="0.85"/>`);
  parts.push(scaleBar(view, 6, h - 5.6, 55));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}mm" height="${h}mm" viewBox="0 0 ${w} ${h}" overflow="hidden">${parts.join('')}<rect width="${w}" height="${h}" fill="none" stroke="#1b2430" stroke-width="0.4"/></svg>`;
}

function legend(): string {
  const box = (style: string) => `<svg width="8mm" height="4.5mm" viewBox="0 0 8 4.5"><rect x="0.4" y="0.4" width="7.2" height="3.7" ${style}/></svg>`;
  const categories = CATEGORIES.map((c) => `<span>${box(`fill="${CATEGORY_COLORS[c]}" fill-opacity="0.75" stroke="${CATEGORY_COLORS[c]}" stroke-width="0.2"`)}${CATEGORY_LABELS[c]}</span>`).join('');
  const statuses = STATUSES.map((s) => {
    const o = STATUS_OUTLINES[s];
    const width = o.width * PX_MM;
    const dash = o.dash ? ` stroke-dasharray="${o.dash.map((d) => (d * width).toFixed(2)).join(' ')}"` : '';
    return `<span>${box(`fill="#8a94a3" fill-opacity="${o.fillOpacity}" stroke="${o.color}" stroke-width="${width.toFixed(2)}"${dash}`)}${STATUS_LABELS[s]}</span>`;
  }).join('');
  const paces = PACES.map((p) => `<span>${box(`fill="${PACE_PAPER_FILLS[p]}" stroke="#5a6b85" stroke-width="0.3"`)}单位${PACE_LABELS[p]}</span>`).join('');
  return `<h2>图例</h2><div class="muted">地块类别（填色）</div><div class="legend-grid">${categories}</div>
<div class="muted">处置状态（边线，大比例尺图上可辨）</div><div class="legend-grid">${statuses}</div>
<div class="muted">单位进度（底色，按总体完成率与应达进度）</div><div class="legend-grid">${paces}</div>`;
}

function row(name: string, f: Pick<Figures, 'taskMu' | 'disposedMu' | 'rate' | 'pace'> & { rank?: number | null }, total = false): string {
  return `<tr${total ? ' class="total"' : ''}><td>${esc(name)}</td><td class="num">${f.taskMu == null ? '—' : mu(f.taskMu)}</td><td class="num">${mu(f.disposedMu)}</td>
<td class="num">${f.rate == null ? '—' : pct(f.rate)}</td><td class="num">${f.rank ?? '—'}</td><td><span class="pace" style="background:${PACE_PAPER_FILLS[f.pace]}">${PACE_LABELS[f.pace]}</span></td></tr>`;
}

function figuresTable(data: ThematicData): string {
  const p = data.progress;
  const head = (first: string) => `<thead><tr><th>${first}</th><th class="num">任务（亩）</th><th class="num">已盘活（亩）</th><th class="num">完成率</th><th class="num">排名</th><th>进度</th></tr></thead>`;
  if (data.unit) {
    const u = p.units.find((x) => x.unitId === data.unit!.id);
    if (!u) return '';
    const rows = p.taskTypes.map((t) => (u.tasks[t] ? row(TASK_TYPE_LABELS[t], u.tasks[t]!) : '')).join('');
    return `<h2>${esc(u.name)}任务完成情况</h2><table class="figures">${head('任务类型')}<tbody>${rows}${row('合计', u.overall, true)}</tbody></table>`;
  }
  const rows = p.units.map((u) => row(u.name, u.overall)).join('');
  return `<h2>各单位完成情况（合计）</h2><table class="figures">${head('单位')}<tbody>${rows}${row('合计', p.totals.overall, true)}</tbody></table>`;
}

function notes(data: ThematicData): string {
  const next = data.progress.nextMilestone;
  return `<div class="notes">应达进度 ${data.progress.expectedPct.toFixed(1)}%${next ? `，下一节点 ${dateZh(next.date)} 应达 ${next.targetPct}%` : ''}。面积单位亩，已盘活按处置记录与地块在单位内的面积份额计。
地块 ${data.parcelCount.toLocaleString('zh-CN')} 宗${data.parcels.length < data.parcelCount ? `（图上绘出 ${data.parcels.length.toLocaleString('zh-CN')} 宗）` : ''}。
2000国家大地坐标系，3° 带高斯–克吕格投影第 ${data.zone} 带。</div>`;
}
