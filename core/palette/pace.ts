import type { Pace } from '../progress.ts';

/**
 * The one pace palette (超前 / 正常 / 滞后): the desk's progress and rank views, the wall and the prints all take their
 * pace colours from here, so 滞后 is the same red everywhere. Red, as a Chinese supervision wall reads it: 超前 green,
 * 正常 blue, 滞后 red. None of the parcel categories (web/features/map/palette.ts) uses red, and the desk's attention
 * colour for warnings (--attention in web/styles/base.css, orange) is a different thing from being behind schedule.
 */
export const PACE_COLORS: Record<Pace, string> = {
  ahead: '#16a34a',
  on_track: '#2563eb',
  behind: '#dc2626',
  no_task: '#98a2b3',
};

/** On the dark wall: the same hues; "no task" a dark slate, so it recedes there as the light grey does on the desk. */
export const PACE_COLORS_ON_DARK: Record<Pace, string> = { ...PACE_COLORS, no_task: '#475569' };

/** On paper (the thematic map's unit fills and pace tags): pale tints of the same hues, under black text and lines. */
export const PACE_PAPER_FILLS: Record<Pace, string> = {
  ahead: '#c6ead5',
  on_track: '#d3e3f6',
  behind: '#f8c9c9',
  no_task: '#e8eaed',
};

/** The colours as the CSS variables the stylesheets use: --pace-ahead, --pace-on_track, --pace-behind, --pace-no_task. */
export function paceCssVariables(colors: Record<Pace, string> = PACE_COLORS): Record<string, string> {
  return Object.fromEntries(Object.entries(colors).map(([pace, color]) => [`--pace-${pace}`, color]));
}
