/**
 * The frame of every printed document: one HTML page that headless Chromium prints as PDF, in the CJK font the
 * server has (fonts-wqy-microhei), so that the PDF embeds it and reads the same on any machine.
 */
import { escapeXml } from '../../core/print-map/svg.ts';

export const PRINT_FONT = `'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif`;

export type PaperSize = 'A4' | 'A3';
export type Orientation = 'portrait' | 'landscape';

/** Paper in millimetres (ISO 216). */
export const PAPER_MM: Record<PaperSize, { width: number; height: number }> = {
  A4: { width: 210, height: 297 },
  A3: { width: 297, height: 420 },
};

export function paperMm(size: PaperSize, orientation: Orientation): { width: number; height: number } {
  const { width, height } = PAPER_MM[size];
  return orientation === 'portrait' ? { width, height } : { width: height, height: width };
}

const BASE_CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: ${PRINT_FONT}; font-size: 9.5pt; color: #1b2430; line-height: 1.45; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 17pt; margin: 0 0 1mm; letter-spacing: 0.08em; }
h2 { font-size: 11.5pt; margin: 5mm 0 2mm; padding-left: 2mm; border-left: 1.2mm solid #1f3f73; break-after: avoid; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.25mm solid #9aa5b5; padding: 0.8mm 1.6mm; text-align: left; vertical-align: top; }
th { background: #eef2f7; font-weight: 600; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #5b6676; }
.ok { color: #14663a; font-weight: 600; }
.bad { color: #b3141b; font-weight: 600; }
`;

/**
 * A whole printable document: `css` adds to the base style (its @page gives the paper), `body` is the pages' HTML,
 * `footer` the line at the foot of every page beside the page number. The footer is a CSS page-margin box, which
 * Chromium lays out with the document; its header/footer templates cost a separate page render per sheet.
 */
export function printDocument(title: string, css: string, body: string, footer: string, options: { pageNumbers?: boolean } = {}): string {
  const font = `font-family: ${PRINT_FONT}; font-size: 7.5pt; color: #5b6676;`;
  // A batch is printed in pieces joined afterwards, so its pages are not numbered (each dossier is headed by its code).
  const numbers = options.pageNumbers === false ? '' : `@bottom-right { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; ${font} }`;
  const pageCss = `@page { @bottom-left { content: ${cssString(footer)}; ${font} } ${numbers} }`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeXml(title)}</title><style>${BASE_CSS}${css}${pageCss}</style></head><body>${body}</body></html>`;
}

/** Text as a CSS string literal: quotes, backslashes and line breaks escaped, and `<` so no name can end the style. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (ch) => `\\${ch}`).replace(/</g, '\\3C ').replace(/[\r\n]+/g, ' ')}"`;
}
