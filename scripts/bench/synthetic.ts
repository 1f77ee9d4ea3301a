import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { bbox, booleanPointInPolygon } from '@turf/turf';
import { CATEGORIES, STATUSES } from '../../core/categories.ts';
import type { Queryable } from '../../server/db/types.ts';
import { Random } from '../demo/random.ts';
import { parcelOutline } from '../demo/shapes.ts';

/**
 * Inserts `count` synthetic parcels (irregular outlines of 5–80 mu, inside the campaign's units) with a disposal
 * record for about half of them, in chunks, through the same triggers as real parcels (area, unit shares).
 */
export async function insertSynthetic(db: Queryable, campaignId: number, units: FeatureCollection<Polygon | MultiPolygon>, count: number, seed = 42): Promise<void> {
  const random = new Random(seed);
  const [minX, minY, maxX, maxY] = bbox(units);
  const chunk = 2000;
  for (let done = 0; done < count; done += chunk) {
    const rows = [];
    for (let i = done; i < Math.min(count, done + chunk); i++) {
      let centre: [number, number];
      do centre = [random.between(minX!, maxX!), random.between(minY!, maxY!)];
      while (!units.features.some((u) => booleanPointInPolygon(centre, u)));
      const outline = parcelOutline(random, centre, random.between(5, 80));
      const ledgerMu = Math.round(random.between(5, 80) * 100) / 100;
      rows.push({
        code: `BENCH-${seed}-${i}`, project_name: `基准测试地块${i}`, category: random.pick(CATEGORIES), status: random.pick(STATUSES),
        geom: JSON.stringify(outline), ledger_mu: ledgerMu,
        disposal_date: random.next() < 0.5 ? `2021-${String(random.int(5, 11)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}` : null,
      });
    }
    await db.query(
      `WITH input AS (SELECT * FROM json_to_recordset($2::json) AS r(code text, project_name text, category text, status text, geom text, ledger_mu float8, disposal_date date)),
       inserted AS (
         INSERT INTO parcels (campaign_id, code, project_name, category, status, geom, ledger_mu, is_demo)
         SELECT $1, code, project_name, category, status, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(geom), 4326)), ledger_mu, true FROM input
         RETURNING id, code, ledger_mu)
       INSERT INTO disposal_records (parcel_id, date, mu, method)
       SELECT i.id, r.disposal_date, i.ledger_mu, '供应' FROM inserted i JOIN input r ON r.code = i.code WHERE r.disposal_date IS NOT NULL`,
      [campaignId, JSON.stringify(rows)],
    );
  }
}
