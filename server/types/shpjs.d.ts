// shpjs ships no types. It reads a zipped shapefile (reprojecting to WGS84 by its .prj) into GeoJSON: one collection,
// or one per shapefile when the zip holds several.
declare module 'shpjs' {
  import type { FeatureCollection } from 'geojson';
  export default function shp(input: ArrayBuffer | Uint8Array): Promise<FeatureCollection | Array<FeatureCollection & { fileName?: string }>>;
}
