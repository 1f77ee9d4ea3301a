/**
 * The wall's own colours. Its pace colours are the one pace palette's (core/palette/pace.ts, PACE_COLORS_ON_DARK): deep
 * enough that white unit names on them read across a room. The wall draws no parcels, so the category colours never
 * share the map with them; the browser test holds 滞后 to red and the categories away from it.
 */
export const WALL_BACKGROUND = '#0a1422';
/** This week's disposals: yellow, the one colour on the map that is not a pace. */
export const WEEK_HIGHLIGHT = '#facc15';
