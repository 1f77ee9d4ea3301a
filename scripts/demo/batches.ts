/**
 * Generates the demo approval batches and supply records of the Zhumadian campaign (批供比对) into
 * data/demo/zhumadian-batches.json, deterministically (fixed seed), from the demo parcels. Run:
 * `npx tsx scripts/demo/batches.ts` after `npm run demo:generate`. Invented data (演示数据):
 * - a batch is the land around each of its 批而未供 parcels (a block a little larger than the parcel, within the
 *   parcel's unit), so one batch may lie in several units, as real batches do;
 * - each block is cut into a 3 × 3 grid; about two cells in three (never the parcel itself) were supplied — each such
 *   cell is a supply record with its 电子监管号 —, so the remainder is the ledger parcel plus the cells never supplied;
 * - parcels disposed by supply (供应) are themselves supplied, on their last disposal date;
 * - half the batches are kept well (every cell and every resolved parcel supplied): their remainder is the ledger's
 *   open parcels and agrees with the ledger; the others do not, as in any real city;
 * - a few supplies are drawn a metre off, as digitised boundaries are, so the overlay meets real slivers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { bbox, bboxPolygon, booleanIntersects, difference, featureCollection, intersect, transformTranslate } from '@turf/turf';
import { ellipsoidalAreaMu } from '../../core/area/ellipsoidal.ts';
import { categoriesOf } from '../../core/categories.ts';
import type { ParcelSeed } from '../../core/parcel.ts';
import { roundTo } from '../../core/measure.ts';
import { Random } from './random.ts';

const SEED = 20210521;
const BATCH_COUNT = 12;
const random = new Random(SEED);
const units = JSON.parse(readFileSync('data/boundaries/zhumadian-units.geojson', 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { code: string }>;
const { parcels } = JSON.parse(readFileSync('data/demo/zhumadian-parcels.json', 'utf8')) as { parcels: ParcelSeed[] };

interface DemoBatch { batchName: string; approvalNumber: string | null; approvalDate: string | null; approvedMu: number; geometry: MultiPolygon }
interface DemoSupply { supervisionNumber: string; supplyDate: string; suppliedMu: number; geometry: MultiPolygon }

const unsupplied = new Set<string>(categoriesOf('approved_not_supplied'));
const byBatch = new Map<string, ParcelSeed[]>();
for (const p of parcels) {
  if (!p.approvalBatch || !p.geometry || !unsupplied.has(p.category)) continue;
  byBatch.set(p.approvalBatch, [...(byBatch.get(p.approvalBatch) ?? []), p]);
}
// The batches with most parcels in the city's central district and zones, where the wall map is usually looked at.
const central = (p: ParcelSeed) => p.unitCode === '411702' || p.unitCode.startsWith('411700-');
const chosen = [...byBatch.entries()]
  .sort(([a, pa], [b, pb]) => pb.filter(central).length - pa.filter(central).length || a.localeCompare(b))
  .slice(0, BATCH_COUNT);

const asMulti = (g: Polygon | MultiPolygon): MultiPolygon => (g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g);
const placedBlocks: Feature<Polygon | MultiPolygon>[] = [];
const unitOf = (code: string) => units.features.find((u) => u.properties.code === code)!;

/** The block of land a batch approved around one parcel: its bounding box grown by a margin, within its unit. */
function blockAround(parcel: ParcelSeed): Feature<Polygon | MultiPolygon> {
  const shape: Feature<MultiPolygon> = { type: 'Feature', properties: {}, geometry: parcel.geometry! };
  const [w, s, e, n] = bbox(shape);
  for (const marginM of [80, 40, 15]) {
    const dLat = marginM / 111_000;
    const dLon = marginM / (111_000 * Math.cos((((s! + n!) / 2) * Math.PI) / 180));
    const box = bboxPolygon([w! - dLon, s! - dLat, e! + dLon, n! + dLat]);
    const block = intersect(featureCollection([box, unitOf(parcel.unitCode)]));
    if (block && !placedBlocks.some((other) => booleanIntersects(block, other))) return block;
  }
  return shape;
}

const batches: DemoBatch[] = [];
const supplies: DemoSupply[] = [];
let serial = 0;
const supervisionNumber = (unitCode: string, date: string) => `${unitCode.slice(0, 6)}${date.slice(0, 4)}G${String(++serial).padStart(5, '0')}`;

for (const [batchName, members] of chosen) {
  const first = members[0]!;
  const approvalYear = Number(first.approvalDate?.slice(0, 4) ?? 2015);
  const blocks: MultiPolygon['coordinates'] = [];
  // Half the batches are kept well: everything but the ledger's open parcels supplied, the boundaries drawn alike.
  const wellKept = random.next() < 0.5;
  for (const parcel of members) {
    const block = blockAround(parcel);
    placedBlocks.push(block);
    blocks.push(...asMulti(block.geometry).coordinates);
    const [w, s, e, n] = bbox(block);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        if (!wellKept && random.next() > 0.65) continue;
        const cellBox = bboxPolygon([w! + ((e! - w!) * i) / 3, s! + ((n! - s!) * j) / 3, w! + ((e! - w!) * (i + 1)) / 3, s! + ((n! - s!) * (j + 1)) / 3]);
        const inBlock = intersect(featureCollection([cellBox, block]));
        const cell = inBlock && difference(featureCollection([inBlock, { type: 'Feature', properties: {}, geometry: parcel.geometry! }]));
        if (!cell) continue;
        // One supply in six drawn a metre or so off, as two surveys of one line never quite agree.
        const drawn = !wellKept && random.next() < 1 / 6 ? transformTranslate(cell, random.between(0.6, 1.6), random.pick([0, 90, 180, 270]), { units: 'meters' }) : cell;
        const mu = ellipsoidalAreaMu(drawn.geometry);
        if (mu < 1) continue;
        const date = `${random.int(Math.max(approvalYear + 1, 2012), 2020)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
        supplies.push({ supervisionNumber: supervisionNumber(parcel.unitCode, date), supplyDate: date, suppliedMu: roundTo(mu), geometry: asMulti(drawn.geometry) });
      }
    }
    const suppliedOn = parcel.disposals.filter((d) => d.method.startsWith('供应')).at(-1)?.date;
    const resolved = parcel.status === 'disposed' || parcel.status === 'struck_off';
    if ((parcel.status === 'disposed' && suppliedOn) || (wellKept && resolved)) {
      const date = suppliedOn ?? parcel.disposals.at(-1)?.date ?? '2021-06-30';
      supplies.push({ supervisionNumber: parcel.supervisionNumber ?? supervisionNumber(parcel.unitCode, date), supplyDate: date, suppliedMu: parcel.ledgerMu, geometry: parcel.geometry! });
    }
  }
  const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: blocks };
  const computed = ellipsoidalAreaMu(geometry);
  // Most approvals state their area to the hundredth of a mu; one in four here states a rounder figure.
  const approvedMu = random.next() < 0.25 ? Math.round(computed / 5) * 5 : roundTo(computed);
  batches.push({ batchName, approvalNumber: first.approvalNumber, approvalDate: first.approvalDate, approvedMu, geometry });
}

const round = (g: MultiPolygon): MultiPolygon => ({ type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(([x, y]) => [roundTo(x!, 9), roundTo(y!, 9)]))) });
writeFileSync('data/demo/zhumadian-batches.json', JSON.stringify({
  note: `演示数据（虚构），由 scripts/demo/batches.ts 以固定种子 ${SEED} 生成`,
  batches: batches.map((b) => ({ ...b, geometry: round(b.geometry) })),
  supplies: supplies.map((s) => ({ ...s, geometry: round(s.geometry) })),
}) + '\n');
console.log(`${batches.length} batches, ${supplies.length} supply records`);
