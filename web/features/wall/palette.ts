import type { Pace } from '../../../core/progress.ts';

/**
 * Pace colours on the dark wall, as a Chinese supervision wall reads them: 超前 green, 正常 blue, 滞后 red. Deep
 * enough that white unit names on them read across a room. The wall draws no parcels, so the category colours
 * (map/palette.ts: none of them red) never share the map with these; the browser test holds 滞后 to red and the
 * categories away from it. One owner: the map's fills and the page's CSS variables both come from here.
 */
export const WALL_PACE_COLORS: Record<Pace, string> = {
  ahead: '#16a34a',
  on_track: '#2563eb',
  behind: '#dc2626',
  no_task: '#475569',
};

export const WALL_BACKGROUND = '#0a1422';
/** This week's disposals: yellow, the one colour on the map that is not a pace. */
export const WEEK_HIGHLIGHT = '#facc15';

/** The pace colours as the CSS variables wall.css uses (--pace-ahead, --pace-on_track, …). */
export function paceCssVariables(): Record<string, string> {
  return Object.fromEntries(Object.entries(WALL_PACE_COLORS).map(([pace, color]) => [`--pace-${pace}`, color]));
}
