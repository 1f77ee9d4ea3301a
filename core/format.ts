/**
 * How figures read, on screen and on paper: areas always in 亩 (mu), rates in percent, dates as the bureau writes them.
 * The web app (web/format.ts) and the printed documents (server/print) both use these, so the two never disagree.
 */

const grouped = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const groupedWhole = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });

/** Mu with two decimals and thousands separators, e.g. 35,204.67. */
export function mu(value: number): string {
  return grouped.format(value);
}

/** Mu rounded to whole mu for large totals, e.g. 39,814. */
export function muWhole(value: number): string {
  return groupedWhole.format(value);
}

const groupedTenth = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Mu with one decimal, as printed reports give them, e.g. 409.3. */
export function muTenth(value: number): string {
  return groupedTenth.format(value);
}

/** A signed difference in mu, e.g. +1.25 or −23.20 (a true minus sign, easier to read than a hyphen). */
export function signedMu(value: number): string {
  const text = Math.abs(value).toFixed(2);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

/** A fraction as percent with one decimal, e.g. 0.8842 → 88.4%. */
export function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** YYYY-MM-DD → 2021年9月30日. */
export function dateZh(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** An ISO timestamp in China time (UTC+8), e.g. 2026-11-22 09:57, whatever the viewer's time zone. */
export function timestampZh(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** YYYY-MM-DD → 9月30日 (within a campaign's year, as its documents write milestones). */
export function monthDayZh(iso: string): string {
  const [, m, d] = iso.split('-').map(Number);
  return `${m}月${d}日`;
}

/** A distance for people on foot: metres below 1 km, else kilometres with one decimal. */
export function formatDistance(metres: number): string {
  if (metres < 1000) return `${Math.round(metres)} 米`;
  return `${(metres / 1000).toFixed(metres < 10_000 ? 1 : 0)} 千米`;
}
