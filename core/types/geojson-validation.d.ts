// The package ships no types; these are the two validators Panhuo calls (with trace = true they return reasons).
declare module 'geojson-validation' {
  export function isPolygon(object: unknown, trace: true): string[];
  export function isMultiPolygon(object: unknown, trace: true): string[];
}
