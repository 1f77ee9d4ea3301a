import type { Polygon, Position } from 'geojson';
import { ellipsoidalAreaMu } from '../../core/area/ellipsoidal.ts';
import type { Random } from './random.ts';

const M_PER_DEG_LAT = 110_950;

/**
 * A plausible parcel outline of `targetMu` ellipsoidal mu around a centre: either a skewed quadrilateral with
 * a notch or a bent edge (most land parcels follow roads and field lines), or an irregular star-shaped polygon.
 * Both are simple (never self-intersecting) because their vertices go round the centre in angle order.
 */
export function parcelOutline(random: Random, centre: Position, targetMu: number): Polygon {
  const [lon0, lat0] = centre as [number, number];
  const mPerDegLon = M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180);
  const rotation = random.between(0, Math.PI);
  let polar: Array<[number, number]>; // [angle, radius factor]
  if (random.next() < 0.6) {
    const aspect = random.between(0.45, 1);
    const corners = [Math.atan2(aspect, 1), Math.PI - Math.atan2(aspect, 1), Math.PI + Math.atan2(aspect, 1), 2 * Math.PI - Math.atan2(aspect, 1)];
    polar = corners.map((a) => [a + random.between(-0.12, 0.12), random.between(0.9, 1.1)]);
    // One or two extra vertices: a bent edge or a notch, on two different edges — two on one edge would lie on one ray
    // from the centre, and once rounded could be the same point (BENCH-7-87380, which the import refused).
    let previous = -1;
    for (let k = random.int(1, 2); k > 0; k--) {
      let i = random.int(0, 3);
      if (i === previous) i = (i + 1) % 4;
      previous = i;
      const a = (polar[i]![0] + polar[(i + 1) % 4]![0] + (i === 3 ? 2 * Math.PI : 0)) / 2;
      polar.push([a, random.between(0.55, 0.95)]);
    }
    polar.sort((p, q) => p[0] - q[0]);
  } else {
    const n = random.int(6, 11);
    polar = Array.from({ length: n }, (_, i) => [(2 * Math.PI * (i + random.between(-0.3, 0.3))) / n, random.between(0.7, 1.25)] as [number, number]);
  }
  const ring = (scaleM: number): Position[] => {
    const points = polar.map(([a, r]) => {
      const x = Math.cos(a + rotation) * r * scaleM;
      const y = Math.sin(a + rotation) * r * scaleM;
      return [round7(lon0 + x / mPerDegLon), round7(lat0 + y / M_PER_DEG_LAT)];
    });
    return [...points, points[0]!];
  };
  // Scale so the ellipsoidal area hits the target: area grows with the square of the scale.
  let scale = Math.sqrt((targetMu * 10000) / 15);
  for (let i = 0; i < 3; i++) {
    const got = ellipsoidalAreaMu({ type: 'Polygon', coordinates: [ring(scale)] });
    scale *= Math.sqrt(targetMu / got);
  }
  return { type: 'Polygon', coordinates: [ring(scale)] };
}

function round7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}
