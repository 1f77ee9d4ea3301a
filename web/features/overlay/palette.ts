/** The overlay's colours, shared by its map layers and its legend. Red stays the area-check warning's. */
export const OVERLAY_COLORS = {
  batch: '#0f2a4a',
  supply: '#3f9c6d',
  remainder: '#e8590c',
  sliver: '#fcc419',
  sliverOutline: '#8a5a00',
  selected: '#00a3ff',
} as const;
