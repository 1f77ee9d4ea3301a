/** How figures read in the UI: one owner, core/format.ts, shared with the printed documents so paper and screen agree. */
export * from '../core/format.ts';
