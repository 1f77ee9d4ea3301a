// shpjs ships no types. It reads a zipped shapefile (reprojecting to WGS84 by its .prj) into GeoJSON; we unzip
// ourselves (with limits, see server/files/zip.ts) and use its parts: the .shp reader, the .dbf reader (given a
// WHATWG encoding label) and the join of both. The default export (the whole zip at once) is for tests reading our
// own exports back.
declare module 'shpjs' {
  import type { FeatureCollection, Geometry } from 'geojson';
  export function parseShp(shp: Uint8Array | ArrayBuffer, prj?: string): Array<Geometry | null>;
  export function parseDbf(dbf: Uint8Array | ArrayBuffer, encoding?: string): Array<Record<string, unknown>>;
  export default function shp(input: ArrayBuffer | Uint8Array): Promise<FeatureCollection | Array<FeatureCollection & { fileName?: string }>>;
  export function combine(parts: [Array<Geometry | null>, Array<Record<string, unknown>>?]): FeatureCollection;
}
