/**
 * The `datetime` parameter of OGC API – Features (Part 1, 7.15.4): an instant or an interval (`start/end`, either end
 * open as `..` or empty), matched against a feature's time (for parcels, the last change). A date alone means the
 * whole day, in UTC as RFC 3339 instants are.
 */

export interface TimeRange {
  /** Inclusive lower bound, an ISO instant; null when open. */
  from: string | null;
  /** Exclusive upper bound, an ISO instant; null when open. */
  before: string | null;
}

export type TimeParse = { ok: true; range: TimeRange } | { ok: false; reason: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/** The instant's span: a date covers its day; an instant is a span of one millisecond (the database's precision is finer, but clients send whole seconds). */
function span(text: string): { start: string; end: string } | null {
  if (DATE.test(text)) {
    const start = new Date(`${text}T00:00:00Z`);
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== text) return null;
    return { start: start.toISOString(), end: new Date(start.getTime() + 86_400_000).toISOString() };
  }
  if (!INSTANT.test(text)) return null;
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) return null;
  return { start: at.toISOString(), end: new Date(at.getTime() + 1).toISOString() };
}

export function parseDatetime(text: string): TimeParse {
  const bad = (why: string): TimeParse => ({ ok: false, reason: `${why}，收到“${text.slice(0, 60)}”` });
  const parts = text.split('/');
  if (parts.length > 2) return bad('应为一个时刻（如 2026-05-01T08:00:00Z 或 2026-05-01）或一个区间（起/止，开放的一端写 ..）');
  if (parts.length === 1) {
    const s = span(parts[0]!);
    return s ? { ok: true, range: { from: s.start, before: s.end } } : bad('时刻应为 RFC 3339 格式（如 2026-05-01T08:00:00Z）或日期（2026-05-01）');
  }
  const [a, b] = parts as [string, string];
  const open = (t: string) => t === '' || t === '..';
  if (open(a) && open(b)) return bad('区间的两端不能都开放');
  const start = open(a) ? null : span(a);
  const end = open(b) ? null : span(b);
  if ((!open(a) && !start) || (!open(b) && !end)) return bad('区间的每一端应为 RFC 3339 时刻、日期或 ..');
  if (start && end && start.start >= end.end) return bad('区间的起点应早于终点');
  return { ok: true, range: { from: start?.start ?? null, before: end?.end ?? null } };
}
