import type { Pace } from '../../../core/progress.ts';

/**
 * Pace colours on the dark wall: brighter than the desk's, since a wall is read across a room under office light.
 * Orange, not red, for "behind": red is the map's area-check warning.
 */
export const WALL_PACE_COLORS: Record<Pace, string> = {
  ahead: '#34d399',
  on_track: '#60a5fa',
  behind: '#fb923c',
  no_task: '#64748b',
};

export const WALL_BACKGROUND = '#0a1422';
export const WEEK_HIGHLIGHT = '#facc15';

/** '#rrggbb' → [r, g, b, alpha] as deck.gl takes colours. */
export function rgba(hex: string, alpha = 255): [number, number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
}
