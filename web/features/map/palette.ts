/** The map's visual language: one owner, core/palette/map.ts, shared with the server's tile style and printed maps. */
export * from '../../../core/palette/map.ts';
