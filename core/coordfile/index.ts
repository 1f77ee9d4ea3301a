/**
 * The Ministry's boundary coordinate text file (界址点坐标 / 报盘 format): read and write, no I/O.
 * Used by the server's import and by the browser's import preview alike.
 */
export { parseCoordinateFile, MAX_FILE_BYTES } from './parse.ts';
export { writeCoordinateFile, type WritableParcel, type WriteOptions } from './write.ts';
export { MAX_POINT_LINES } from './records.ts';
export * from './issues.ts';
export type * from './types.ts';
