/**
 * Plane topology of one parcel's rings, on integer millimetres relative to the parcel (the files' precision):
 * exact orientation tests without floating-point doubt for parcels up to ~40 km across.
 * A ring here is open (no closing repeat) and has at least three distinct points.
 */

export type XY = [number, number];

export interface SegmentRef {
  ring: number;
  /** Segment from point `index` to point `index + 1` (wrapping to 0). */
  index: number;
}

export interface Contact {
  kind: 'self' | 'rings';
  a: SegmentRef;
  b: SegmentRef;
}

interface Segment extends SegmentRef {
  ax: number; ay: number; bx: number; by: number;
  minX: number; maxX: number; minY: number; maxY: number;
}

/**
 * First forbidden contact between boundary segments, or null. Within a ring, non-adjacent segments must not meet
 * at all and adjacent ones must not fold back on each other. Between rings, crossings and shared stretches are
 * forbidden; a single touching point is allowed (OGC simple features). A sweep over x keeps this near n log n.
 */
export function findContact(rings: XY[][]): Contact | null {
  const segments: Segment[] = [];
  rings.forEach((ring, r) => {
    ring.forEach(([ax, ay], index) => {
      const [bx, by] = ring[(index + 1) % ring.length]!;
      segments.push({
        ring: r, index, ax, ay, bx, by,
        minX: Math.min(ax, bx), maxX: Math.max(ax, bx), minY: Math.min(ay, by), maxY: Math.max(ay, by),
      });
    });
  });
  segments.sort((s, t) => s.minX - t.minX);
  let active: Segment[] = [];
  for (const s of segments) {
    active = active.filter((a) => a.maxX >= s.minX);
    for (const a of active) {
      if (a.maxY < s.minY || a.minY > s.maxY) continue;
      const kind = forbidden(a, s, rings);
      if (kind) return { kind, a: ref(a), b: ref(s) };
    }
    active.push(s);
  }
  return null;
}

function ref(s: Segment): SegmentRef {
  return { ring: s.ring, index: s.index };
}

function forbidden(s: Segment, t: Segment, rings: XY[][]): Contact['kind'] | null {
  const meeting = contact(s, t);
  if (meeting === 'none') return null;
  if (s.ring !== t.ring) return meeting === 'touch' ? null : 'rings';
  const n = rings[s.ring]!.length;
  const adjacent = (s.index + 1) % n === t.index || (t.index + 1) % n === s.index;
  if (!adjacent) return 'self';
  // Adjacent segments share a vertex; they are wrong only when one runs back along the other (a spike).
  return meeting === 'overlap' ? 'self' : null;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
}

function within(s: Segment, x: number, y: number): boolean {
  return x >= s.minX && x <= s.maxX && y >= s.minY && y <= s.maxY;
}

function contact(s: Segment, t: Segment): 'none' | 'cross' | 'touch' | 'overlap' {
  const d1 = orient(t.ax, t.ay, t.bx, t.by, s.ax, s.ay);
  const d2 = orient(t.ax, t.ay, t.bx, t.by, s.bx, s.by);
  const d3 = orient(s.ax, s.ay, s.bx, s.by, t.ax, t.ay);
  const d4 = orient(s.ax, s.ay, s.bx, s.by, t.bx, t.by);
  if (d1 * d2 < 0 && d3 * d4 < 0) return 'cross';
  if (d1 === 0 && d2 === 0) {
    // Collinear: compare the extents along the axis the segments run along.
    const alongX = s.maxX - s.minX >= s.maxY - s.minY;
    const lo = alongX ? Math.max(s.minX, t.minX) : Math.max(s.minY, t.minY);
    const hi = alongX ? Math.min(s.maxX, t.maxX) : Math.min(s.maxY, t.maxY);
    return lo < hi ? 'overlap' : lo === hi ? 'touch' : 'none';
  }
  const touches = (d1 === 0 && within(t, s.ax, s.ay)) || (d2 === 0 && within(t, s.bx, s.by))
    || (d3 === 0 && within(s, t.ax, t.ay)) || (d4 === 0 && within(s, t.bx, t.by));
  return touches ? 'touch' : 'none';
}

/** Twice the signed area (positive when counter-clockwise with x east and y north). */
export function twiceSignedArea(ring: XY[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

function pointInRing(x: number, y: number, ring: XY[]): 'in' | 'out' | 'on' {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    const onLine = (xj - xi) * (y - yi) - (yj - yi) * (x - xi) === 0;
    if (onLine && x >= Math.min(xi, xj) && x <= Math.max(xi, xj) && y >= Math.min(yi, yj) && y <= Math.max(yi, yj)) return 'on';
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 'in' : 'out';
}

/** Whether ring `inner` lies inside ring `outer`, given that their boundaries do not cross. */
function inside(inner: XY[], outer: XY[]): boolean {
  for (const [x, y] of inner) {
    const where = pointInRing(x, y, outer);
    if (where !== 'on') return where === 'in';
  }
  return false;
}

/** A polygon as ring numbers: one shell and the holes directly inside it. */
export interface Nesting {
  shell: number;
  holes: number[];
}

/**
 * Decides shells and holes by containment, not by 圈号: a ring directly inside a shell is its hole, a ring inside
 * a hole is a new shell (an island), a ring inside nothing is a shell (another part). Requires non-crossing rings.
 * Shells come in file order, each with its holes in file order.
 */
export function nestRings(rings: XY[][]): Nesting[] {
  const areas = rings.map((r) => Math.abs(twiceSignedArea(r)));
  const boxes = rings.map(bbox);
  const bySize = rings.map((_, i) => i).sort((a, b) => areas[b]! - areas[a]! || a - b);
  const depth = new Array<number>(rings.length).fill(0);
  const parent = new Array<number>(rings.length).fill(-1);
  bySize.forEach((i, k) => {
    // Walking back from the next larger ring finds the smallest ring that contains this one: its direct parent.
    for (let m = k - 1; m >= 0; m--) {
      const j = bySize[m]!;
      if (contains(boxes[j]!, boxes[i]!) && inside(rings[i]!, rings[j]!)) {
        parent[i] = j;
        depth[i] = depth[j]! + 1;
        break;
      }
    }
  });
  const nestings: Nesting[] = [];
  const ofShell = new Map<number, Nesting>();
  rings.forEach((_, i) => {
    if (depth[i]! % 2 === 0) {
      const nesting = { shell: i, holes: [] };
      nestings.push(nesting);
      ofShell.set(i, nesting);
    }
  });
  rings.forEach((_, i) => {
    if (depth[i]! % 2 === 1) ofShell.get(parent[i]!)!.holes.push(i);
  });
  return nestings;
}

type Box = [number, number, number, number];

function bbox(ring: XY[]): Box {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

function contains(outer: Box, inner: Box): boolean {
  return outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];
}
