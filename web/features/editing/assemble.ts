/**
 * Assembling a parcel boundary from the separate polygons of a drawing session, and taking one apart for editing.
 * terra-draw edits simple polygons only, so a parcel is loaded as one polygon per ring (each part's outer ring and
 * each of its holes) and put back together by containment: a polygon lying within a part's outer ring is a hole of
 * that part, any other is a part of its own. Pure: no map, no DOM (tested in Node).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { area, booleanWithin, polygon as turfPolygon } from '@turf/turf';

export type Role = 'part' | 'hole';

export interface Assembled {
  /** Polygon for one part, MultiPolygon for several; null while nothing has three distinct vertices. */
  geometry: Polygon | MultiPolygon | null;
  /** What each input polygon became, in input order; null for one too small to place yet (being drawn). */
  roles: (Role | null)[];
}

/** Ring of a polygon with no vertex repeated back to back, closed. */
function cleanRing(ring: Position[]): Position[] {
  const out = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]);
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push(first);
  return out;
}

function distinctVertices(ring: Position[]): number {
  return new Set(ring.map((p) => `${p[0]},${p[1]}`)).size;
}

/** Signed area (shoelace, in degrees²): positive when counter-clockwise. */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return sum / 2;
}

/** RFC 7946 winding: outer rings counter-clockwise, holes clockwise. */
function wound(ring: Position[], clockwise: boolean): Position[] {
  return signedArea(ring) < 0 === clockwise ? ring : [...ring].reverse();
}

function within(inner: Position[], outer: Position[]): boolean {
  try {
    return booleanWithin(turfPolygon([inner]), turfPolygon([outer]));
  } catch {
    return false;
  }
}

/** Puts the polygons drawn (only their outer rings count) together into one boundary, by containment. */
export function assemble(polygons: Polygon[]): Assembled {
  const rings = polygons.map((p) => cleanRing(p.coordinates[0] ?? []));
  const roles: (Role | null)[] = rings.map(() => null);
  const usable = rings.map((r, i) => ({ ring: r, index: i })).filter(({ ring }) => ring.length >= 4 && distinctVertices(ring) >= 3);
  // Largest first: a hole is always smaller than the part around it.
  const sized = usable.map((u) => ({ ...u, size: area(turfPolygon([u.ring])) })).sort((a, b) => b.size - a.size);
  const parts: { outer: Position[]; holes: Position[][] }[] = [];
  for (const { ring, index } of sized) {
    // Within a part, and not within one of that part's holes (that would be an island in the hole: a part of its own).
    const host = parts.find((part) => within(ring, part.outer) && !part.holes.some((h) => within(ring, h)));
    if (host) {
      host.holes.push(ring);
      roles[index] = 'hole';
    } else {
      parts.push({ outer: ring, holes: [] });
      roles[index] = 'part';
    }
  }
  const coordinates = parts.map((part) => [wound(part.outer, false), ...part.holes.map((h) => wound(h, true))]);
  const geometry: Polygon | MultiPolygon | null =
    coordinates.length === 0 ? null : coordinates.length === 1 ? { type: 'Polygon', coordinates: coordinates[0]! } : { type: 'MultiPolygon', coordinates };
  return { geometry, roles };
}

/** A stored boundary as the simple polygons terra-draw edits: every part's outer ring and every hole, each alone. */
export function disassemble(geometry: Polygon | MultiPolygon | null): Polygon[] {
  if (!geometry) return [];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.flatMap((rings) => rings.map((ring): Polygon => ({ type: 'Polygon', coordinates: [wound(cleanRing(ring), false)] })));
}
