import type { Category } from '../../core/categories.ts';
import type { IsoDate } from '../../core/dates.ts';
import type { Queryable } from '../db/types.ts';
import { inCampaign } from '../campaigns/scope-sql.ts';

/** A disposal as the wall lists it: what, where (units by boundary share, and a point to mark), how much, when. */
export interface LatestDisposal {
  id: number;
  parcelId: number;
  code: string;
  projectName: string;
  category: Category;
  date: IsoDate;
  mu: number;
  method: string;
  /** Units the parcel lies in, by boundary share (a straddling parcel names both), largest share first. */
  units: string[];
  /** A point inside the parcel (ST_PointOnSurface), for the map's highlight; null for a parcel with no boundary. */
  point: [number, number] | null;
}

/**
 * The latest disposals up to and including `until`, newest first; `since` (inclusive) narrows them to a period,
 * e.g. the report week the wall highlights.
 */
export function latestDisposals(db: Queryable, campaignId: number, range: { until: IsoDate; since: IsoDate | null; limit: number }): Promise<LatestDisposal[]> {
  return db.query<LatestDisposal>(
    // The category the disposal counts under (in force on its day, kept by the writer: disposal_categories), as progress
    // counts it; the record's own for parcels written by plain SQL.
    `SELECT d.id, p.id AS "parcelId", p.code, p.project_name AS "projectName", COALESCE(dc.category, p.category) AS category,
            to_char(d.date, 'YYYY-MM-DD') AS date,
            d.mu, d.method,
            -- Units without a boundary hold no shares: the parcel's stored unit names it then.
            coalesce((SELECT array_agg(u.name ORDER BY s.share DESC, u.name) FROM parcel_unit_shares s JOIN units u ON u.id = s.unit_id
                      WHERE s.parcel_id = p.id),
                     (SELECT ARRAY[u.name] FROM units u WHERE u.id = p.unit_id), ARRAY[]::text[]) AS units,
            CASE WHEN p.geom IS NULL THEN NULL
                 ELSE json_build_array(ST_X(ST_PointOnSurface(p.geom)), ST_Y(ST_PointOnSurface(p.geom))) END AS point
     FROM disposal_records d
     JOIN parcels p ON p.id = d.parcel_id AND p.deleted_at IS NULL
     LEFT JOIN disposal_categories dc ON dc.disposal_id = d.id
     WHERE ${inCampaign('p', '$1')} AND d.date <= $2 AND d.date >= COALESCE($3::date, (SELECT start_date FROM campaigns WHERE id = $1))
     ORDER BY d.date DESC, d.id DESC
     LIMIT $4`,
    [campaignId, range.until, range.since, range.limit],
  );
}
