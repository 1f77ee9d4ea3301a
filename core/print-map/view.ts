/**
 * A map on paper: a frame of given size in millimetres showing a plane (Gauss–Krüger metres) at a round scale
 * (1:500, 1:1000, 1:2000 …, as 宗地图 and 专题图 are drawn), and the conversions between the two.
 */

/** Scales a printed map is drawn at; a map fits its content at the largest of them (the most detailed) that holds it. */
export const ROUND_SCALES = [200, 500, 1000, 2000, 5000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000] as const;

/** Scales a thematic map may take: finer steps than a 宗地图's, so that a county fills its sheet. */
export const THEMATIC_SCALES = [1000, 2000, 5000, 10_000, 15_000, 20_000, 25_000, 35_000, 50_000, 75_000, 100_000, 150_000, 200_000, 250_000, 350_000, 500_000, 750_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000] as const;

/** An extent in plane metres: easting and northing ranges. */
export interface PlaneExtent {
  minE: number;
  minN: number;
  maxE: number;
  maxN: number;
}

export interface PaperView {
  /** 1 : scaleDenominator. */
  scaleDenominator: number;
  widthMm: number;
  heightMm: number;
  /** The plane extent the frame shows (its centre is the content's centre). */
  extent: PlaneExtent;
  /** Plane metres → millimetres from the frame's top left (y down). */
  toPaper(easting: number, northing: number): [number, number];
}

/**
 * The view that shows `content` whole in a frame, with at least `margin` (a share of the frame, each side) around it,
 * at the most detailed round scale that fits. A point (or empty) extent is shown at the most detailed scale.
 */
export function fitView(content: PlaneExtent, widthMm: number, heightMm: number, margin = 0.12, scales: readonly number[] = ROUND_SCALES): PaperView {
  const usableW = widthMm * (1 - 2 * margin);
  const usableH = heightMm * (1 - 2 * margin);
  // Paper mm per metre at 1:S is 1000/S; the content needs S ≥ 1000 × extent / usable.
  const needed = Math.max(((content.maxE - content.minE) * 1000) / usableW, ((content.maxN - content.minN) * 1000) / usableH);
  const scaleDenominator = scales.find((s) => s >= needed) ?? Math.ceil(needed / 1_000_000) * 1_000_000;
  return viewAt(scaleDenominator, [(content.minE + content.maxE) / 2, (content.minN + content.maxN) / 2], widthMm, heightMm);
}

/** The view of a frame centred on a plane point at a given scale. */
export function viewAt(scaleDenominator: number, centre: [number, number], widthMm: number, heightMm: number): PaperView {
  const metresPerMm = scaleDenominator / 1000;
  const [cE, cN] = centre;
  const halfW = (widthMm / 2) * metresPerMm;
  const halfH = (heightMm / 2) * metresPerMm;
  return {
    scaleDenominator,
    widthMm,
    heightMm,
    extent: { minE: cE - halfW, minN: cN - halfH, maxE: cE + halfW, maxN: cN + halfH },
    toPaper: (e, n) => [(e - cE) / metresPerMm + widthMm / 2, heightMm / 2 - (n - cN) / metresPerMm],
  };
}

/** The extent of plane points (an empty list gives an empty extent at the origin). */
export function extentOf(points: Iterable<readonly [number, number]>): PlaneExtent {
  let minE = Infinity;
  let minN = Infinity;
  let maxE = -Infinity;
  let maxN = -Infinity;
  for (const [e, n] of points) {
    if (e < minE) minE = e;
    if (e > maxE) maxE = e;
    if (n < minN) minN = n;
    if (n > maxN) maxN = n;
  }
  return minE === Infinity ? { minE: 0, minN: 0, maxE: 0, maxN: 0 } : { minE, minN, maxE, maxN };
}

/**
 * A scale bar's length in metres: the round length (1, 2 or 5 × 10ⁿ m) whose drawn length is nearest to, and at most,
 * `targetMm` on paper.
 */
export function scaleBarMetres(scaleDenominator: number, targetMm: number): number {
  const target = (targetMm * scaleDenominator) / 1000;
  const power = 10 ** Math.floor(Math.log10(target));
  return [5, 2, 1].map((m) => m * power).find((m) => m <= target) ?? power;
}
