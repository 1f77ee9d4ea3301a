/**
 * Generates the demo parcels of the Zhumadian campaign into data/demo/zhumadian-parcels.json, deterministically
 * (fixed seed). Run: npm run demo:generate. Every parcel is marked demo data (演示数据) and is invented:
 * - a few hundred outlines inside the units, per unit and task type in proportion to the seed's tasks (附件4);
 * - ledger mu equal to the ellipsoidal area for most parcels, deliberately off for about one in twelve;
 * - statuses across the lifecycle and disposal records from May to November 2021, with some units ahead of
 *   the milestones and some behind, so the progress panel looks like a real campaign;
 * - a parcel straddling each zone's border with 驿城区, to exercise progress by boundary share.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { bbox, booleanIntersects, booleanPointInPolygon, booleanWithin, centroid } from '@turf/turf';
import { categoriesOf, DISPOSAL_METHODS, TASK_TYPES, type Category, type Status, type TaskType } from '../../core/categories.ts';
import { addDays, dayNumber, type IsoDate } from '../../core/dates.ts';
import { ellipsoidalAreaMu } from '../../core/area/ellipsoidal.ts';
import type { DisposalRecord, ParcelSeed } from '../../core/parcel.ts';
import { Random } from './random.ts';
import { parcelOutline } from './shapes.ts';
import { names } from './names.ts';

const random = new Random(20210507);
const units = JSON.parse(readFileSync('data/boundaries/zhumadian-units.geojson', 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { code: string; name: string; kind: string }>;
const campaign = JSON.parse(readFileSync('data/campaigns/zhumadian-2021.json', 'utf8')) as {
  units: Array<{ code: string; name: string }>;
  annex4: { rows: Array<{ unit?: string } & Record<TaskType, number>> };
};

const CATEGORY_SHARE: Record<Category, number> = {
  approved_not_expropriated: 0.3, expropriated_not_supplied: 0.5, used_before_supply: 0.2, idle: 1, inefficient: 1,
};
const START: IsoDate = '2021-05-20' as IsoDate;
const END: IsoDate = '2021-11-26' as IsoDate;

const placed: Array<{ shape: Feature<Polygon>; box: number[] }> = [];
const parcels: ParcelSeed[] = [];

function overlapsPlaced(shape: Feature<Polygon>): boolean {
  const [a0, a1, a2, a3] = bbox(shape);
  return placed.some(({ shape: other, box: [b0, b1, b2, b3] }) => a0! <= b2! && b0! <= a2! && a1! <= b3! && b1! <= a3! && booleanIntersects(shape, other));
}

/** A spot for a parcel: clustered round the unit's centre (towns and industrial parks), within the unit. */
function place(unit: Feature<Polygon | MultiPolygon>, targetMu: number): Polygon | null {
  const [minX, minY, maxX, maxY] = bbox(unit);
  const c = centroid(unit).geometry.coordinates;
  const spread = Math.min(maxX! - minX!, maxY! - minY!) / 5;
  for (let attempt = 0; attempt < 400; attempt++) {
    const centre: Position = attempt < 200 && booleanPointInPolygon(c, unit)
      ? [c[0]! + random.normal() * spread, c[1]! + random.normal() * spread]
      : [random.between(minX!, maxX!), random.between(minY!, maxY!)];
    const outline = parcelOutline(random, centre, targetMu);
    const shape: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: outline };
    if (booleanWithin(shape, unit) && !overlapsPlaced(shape)) {
      placed.push({ shape, box: bbox(shape) });
      return outline;
    }
  }
  return null;
}

/** Disposal dates bunch toward the milestones, as campaigns do: a pace that rises over the months. */
function disposalDate(): IsoDate {
  const span = dayNumber(END) - dayNumber(START);
  return addDays(START, Math.floor(span * Math.sqrt(random.next())));
}

function statusFor(disposedShare: number, lastDate: string | null): Status {
  if (disposedShare >= 0.999) return lastDate && lastDate < '2021-10-15' && random.next() < 0.6 ? 'struck_off' : 'disposed';
  if (disposedShare > 0) return 'in_progress';
  return random.next() < 0.5 ? 'planned' : 'registered';
}

const taskRows = new Map(campaign.annex4.rows.filter((r) => r.unit).map((r) => [r.unit!, r]));
let serial = 0;

for (const [unitIndex, u] of campaign.units.entries()) {
  const unit = units.features.find((f) => f.properties.code === u.code)!;
  const tasks = taskRows.get(u.name)!;
  // How well this unit is doing by the end: some lag, some run ahead of the 100% target.
  const performance = [0.96, 1.04, 0.78, 0.9, 1.08, 0.7, 0.99, 0.85, 0.62, 1.12, 0.93, 1.02, 0.74][unitIndex]!;
  const totalTask = TASK_TYPES.reduce((s, t) => s + tasks[t], 0);
  const unitParcels = Math.round(8 + 0.006 * totalTask);
  for (const taskType of TASK_TYPES) {
    const task = tasks[taskType];
    if (!task) continue;
    const count = Math.max(1, Math.round((unitParcels * task) / totalTask));
    // The ledger base is larger than the task (tasks were 60% of the base list).
    const baseMu = (task / 0.6) * random.between(0.9, 1.1);
    const weights = Array.from({ length: count }, () => random.between(0.4, 1.6));
    const weightSum = weights.reduce((a, b) => a + b, 0);
    let toDispose = task * performance;
    for (const weight of weights) {
      const targetMu = Math.max(2, (baseMu * weight) / weightSum);
      const outline = place(unit, targetMu);
      if (!outline) continue;
      const categories = categoriesOf(taskType);
      const category = categories[random.weighted(categories.map((c) => CATEGORY_SHARE[c]))]!;
      const areaMu = ellipsoidalAreaMu(outline);
      const mismatch = random.next() < 0.08;
      const ledgerMu = Math.round((mismatch ? areaMu * random.pick([0.82, 0.9, 1.06, 1.12, 1.2]) : areaMu) * 100) / 100;
      const disposals = disposalsFor(taskType, ledgerMu, Math.min(ledgerMu, toDispose));
      const disposed = disposals.reduce((s, d) => s + d.mu, 0);
      toDispose -= disposed;
      const status = statusFor(disposed / ledgerMu, disposals.at(-1)?.date ?? null);
      parcels.push({
        ...names(random, { unit: u, category, serial: ++serial, ledgerMu }),
        unitCode: u.code,
        category,
        status,
        disposalMethod: disposalMethodFor(taskType, status, disposals),
        ledgerMu,
        geometry: { type: 'MultiPolygon', coordinates: [outline.coordinates] },
        disposals,
        remarks: `演示数据${mismatch ? '；台账面积与图形面积不符（演示核对功能）' : ''}`,
      });
    }
  }
}

/** The disposal plan: the method used where work has begun, a chosen one where a plan exists, none before that. */
function disposalMethodFor(taskType: TaskType, status: Status, disposals: DisposalRecord[]): string | null {
  if (disposals.length) return disposals[0]!.method;
  return status === 'planned' ? random.pick(DISPOSAL_METHODS[taskType]) : null;
}

function disposalsFor(taskType: TaskType, ledgerMu: number, budget: number): DisposalRecord[] {
  if (budget < 1) return [];
  const method = random.pick(DISPOSAL_METHODS[taskType]);
  // Most parcels are disposed whole; some in two or three steps (e.g. part supplied, the rest banked).
  const steps = budget < ledgerMu || random.next() < 0.75 ? 1 : random.int(2, 3);
  const dates = Array.from({ length: steps }, disposalDate).sort();
  const share = budget / steps;
  return dates.map((date, i) => ({
    date,
    mu: i === steps - 1 ? Math.round((budget - Math.round(share * 100) / 100 * (steps - 1)) * 100) / 100 : Math.round(share * 100) / 100,
    method,
    note: steps > 1 ? `分期处置（第${i + 1}期）` : null,
  }));
}

// A parcel across each zone's border with 驿城区: its area counts in both units by share.
const yicheng = units.features.find((f) => f.properties.code === '411702')!;
for (const zoneCode of ['411700-kaifaqu', '411700-shifanqu', '411700-gaoxinqu']) {
  const zone = units.features.find((f) => f.properties.code === zoneCode)!;
  const ring = (zone.geometry.type === 'Polygon' ? zone.geometry.coordinates[0] : zone.geometry.coordinates[0]![0])!;
  const u = campaign.units.find((x) => x.code === zoneCode)!;
  for (const vertex of ring.slice(1)) {
    const outline = parcelOutline(random, vertex, 60);
    const shape: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: outline };
    if (!booleanIntersects(shape, yicheng) || overlapsPlaced(shape)) continue;
    placed.push({ shape, box: bbox(shape) });
    const ledgerMu = Math.round(ellipsoidalAreaMu(outline) * 100) / 100;
    const disposals = disposalsFor('approved_not_supplied', ledgerMu, ledgerMu);
    parcels.push({
      ...names(random, { unit: u, category: 'expropriated_not_supplied', serial: ++serial, ledgerMu }),
      unitCode: zoneCode,
      category: 'expropriated_not_supplied',
      status: statusFor(1, disposals.at(-1)?.date ?? null),
      disposalMethod: disposals[0]!.method,
      ledgerMu,
      geometry: { type: 'MultiPolygon', coordinates: [outline.coordinates] },
      disposals,
      remarks: '演示数据；跨功能区与驿城区边界的地块，进度按面积比例分别计入',
    });
    break;
  }
}

writeFileSync('data/demo/zhumadian-parcels.json', JSON.stringify({ note: '演示数据（虚构），由 scripts/demo/generate.ts 以固定种子生成', parcels }) + '\n');
const byCategory = new Map<string, number>();
for (const p of parcels) byCategory.set(p.category, (byCategory.get(p.category) ?? 0) + 1);
console.log(`${parcels.length} parcels`, Object.fromEntries(byCategory));
