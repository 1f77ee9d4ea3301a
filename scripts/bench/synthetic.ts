import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { bbox, booleanPointInPolygon } from '@turf/turf';
import { CATEGORIES, STATUSES, type Category, type Status } from '../../core/categories.ts';
import type { Queryable } from '../../server/db/types.ts';
import { keepPeriods } from '../../server/parcel-life/periods.ts';
import { Random } from '../demo/random.ts';
import { parcelOutline } from '../demo/shapes.ts';

export interface SyntheticParcel {
  code: string;
  projectName: string;
  category: Category;
  status: Status;
  geometry: Polygon;
  ledgerMu: number;
  disposalDate: string | null;
}

/** `count` synthetic parcels: irregular outlines of 5–80 mu inside the campaign's units, half with a disposal date. */
export function* syntheticParcels(units: FeatureCollection<Polygon | MultiPolygon>, count: number, seed = 42): Generator<SyntheticParcel> {
  const random = new Random(seed);
  const [minX, minY, maxX, maxY] = bbox(units);
  for (let i = 0; i < count; i++) {
    let centre: [number, number];
    do centre = [random.between(minX!, maxX!), random.between(minY!, maxY!)];
    while (!units.features.some((u) => booleanPointInPolygon(centre, u)));
    const geometry = parcelOutline(random, centre, random.between(5, 80));
    const ledgerMu = Math.round(random.between(5, 80) * 100) / 100;
    yield {
      code: `BENCH-${seed}-${i}`, projectName: `基准测试地块${i}`, category: random.pick(CATEGORIES), status: random.pick(STATUSES), geometry, ledgerMu,
      disposalDate: random.next() < 0.5 ? `2021-${String(random.int(5, 11)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}` : null,
    };
  }
}

/**
 * The bulk loader: inserts `count` synthetic parcels with a disposal record for about half of them, in chunks of one
 * multi-row INSERT each, straight into the table (no checks, no history), through the same triggers as real parcels
 * (area, unit shares), and keeps their lives' periods as every write does (server/parcel-life/periods.ts).
 */
export async function insertSynthetic(db: Queryable, campaignId: number, units: FeatureCollection<Polygon | MultiPolygon>, count: number, seed = 42): Promise<void> {
  // Generated chunk by chunk, never all at once: at 1M parcels the outlines alone would hold a gigabyte.
  const parcels = syntheticParcels(units, count, seed);
  const chunk = 2000;
  for (let done = 0; done < count; done += chunk) {
    const batch: SyntheticParcel[] = [];
    while (batch.length < Math.min(chunk, count - done)) batch.push(parcels.next().value as SyntheticParcel);
    const rows = batch.map((p) => ({
      code: p.code, project_name: p.projectName, category: p.category, status: p.status, geom: JSON.stringify(p.geometry), ledger_mu: p.ledgerMu, disposal_date: p.disposalDate,
    }));
    const inserted = await db.query<{ id: number }>(
      `WITH input AS (SELECT * FROM json_to_recordset($2::json) AS r(code text, project_name text, category text, status text, geom text, ledger_mu float8, disposal_date date)),
       inserted AS (
         INSERT INTO parcels (campaign_id, code, project_name, category, status, geom, ledger_mu, is_demo)
         SELECT $1, code, project_name, category, status, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326)), ledger_mu, true FROM input
         RETURNING id, code, ledger_mu),
       disposals AS (
         INSERT INTO disposal_records (parcel_id, date, mu, method)
         SELECT i.id, r.disposal_date, i.ledger_mu, '供应' FROM inserted i JOIN input r ON r.code = i.code WHERE r.disposal_date IS NOT NULL)
       SELECT id FROM inserted`,
      [campaignId, JSON.stringify(rows)],
    );
    await keepPeriods(db, inserted.map((r) => r.id));
  }
}
