import type { MultiPolygon, Polygon, Position } from 'geojson';
import { polygonsOf } from '../area/rings.ts';
import { twiceSignedArea, type XY } from './topology.ts';

/** One 界址点 of a ring: its number (J<n>) and Gauss–Krüger plane coordinates in metres, rounded to the millimetre. */
export interface BoundaryPoint {
  /** 1, 2, … through the whole parcel; the ring's closing point repeats its first number. */
  number: number;
  /** Northing (X in Chinese surveying), metres. */
  x: number;
  /** Easting without the zone prefix (Y), metres. */
  y: number;
}

/** A ring of 界址点 as 界址点坐标文件 number them (圈号 1, 2, … through the parcel, outer rings and holes alike). */
export interface BoundaryRing {
  ring: number;
  hole: boolean;
  /** The points in surveying order, ending with the first point repeated. */
  points: BoundaryPoint[];
  /** Plane area of the ring in m², positive (Σ outer − Σ holes is the parcel's plane area). */
  areaM2: number;
}

/**
 * A parcel's boundary as numbered 界址点 in a Gauss–Krüger plane: coordinates rounded to the millimetre, outer rings
 * clockwise and holes counter-clockwise (as surveyors number them), points J1, J2, … through the parcel, each ring
 * closed by repeating its first point. The one numbering shared by the coordinate file and the dossier's table.
 */
export function numberedBoundary(geometry: Polygon | MultiPolygon, toPlane: (lon: number, lat: number) => [number, number]): BoundaryRing[] {
  const rings: BoundaryRing[] = [];
  let pointNumber = 0;
  for (const [outer, ...holes] of polygonsOf(geometry)) {
    for (const [ring, hole] of [[outer ?? [], false], ...holes.map((h) => [h, true])] as [Position[], boolean][]) {
      const plane = toPlaneMillimetres(ring, toPlane);
      if (plane.length === 0) continue;
      // Relative to the first point: products of 7-digit coordinates would lose square millimetres.
      const [e0, n0] = plane[0]!;
      const twice = twiceSignedArea(plane.map(([e, n]): XY => [e - e0, n - n0]));
      // Clockwise has negative signed area: outer rings negative, holes positive.
      const ordered = (twice < 0) !== hole ? plane : [plane[0]!, ...plane.slice(1).reverse()];
      const first = pointNumber + 1;
      const points = ordered.map(([easting, northing]) => ({ number: ++pointNumber, x: northing, y: easting }));
      points.push({ ...points[0]!, number: first });
      rings.push({ ring: rings.length + 1, hole, points, areaM2: Math.abs(twice / 2) });
    }
  }
  return rings;
}

/** Plane distance between two 界址点, metres. */
export function edgeLength(a: BoundaryPoint, b: BoundaryPoint): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}

/** A ring projected and rounded to the millimetre, without its closing repeat. */
function toPlaneMillimetres(ring: Position[], toPlane: (lon: number, lat: number) => [number, number]): XY[] {
  const last = ring.at(-1);
  const open = last && ring.length > 1 && last[0] === ring[0]![0] && last[1] === ring[0]![1] ? ring.slice(0, -1) : ring;
  return open.map(([lon, lat]) => {
    const [easting, northing] = toPlane(lon!, lat!);
    return [Math.round(easting * 1000) / 1000, Math.round(northing * 1000) / 1000];
  });
}
