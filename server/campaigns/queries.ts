import type { Feature, MultiPolygon } from 'geojson';
import type { TaskType, UnitKind } from '../../core/categories.ts';
import { todayInChina, type IsoDate } from '../../core/dates.ts';
import { notFound } from '../http/errors.ts';
import * as params from '../http/params.ts';
import type { Milestone } from '../../core/progress.ts';
import type { Queryable } from '../db/types.ts';

export interface CampaignSummary {
  id: number;
  key: string;
  name: string;
  document: string | null;
  levelUnit: { id: number; code: string; name: string; kind: UnitKind };
  startDate: IsoDate;
  endDate: IsoDate;
  taskTypes: TaskType[];
  tolerance: { relative: number; absoluteMu: number };
  /** Overlap with live parcels an import may add unconfirmed, and above which 预警 reports 重复上图, mu. */
  overlapThresholdMu: number;
  phases: Array<{ name: string; startDate: string; endDate: string; targetPct?: number }>;
  milestones: Milestone[];
  /** Subtotal rows of the task tables and the units they add up. */
  subtotals: Record<string, string[]>;
  isDemo: boolean;
  unitCount: number;
  /** Null where it was not counted (see getCampaign). */
  parcelCount: number | null;
}

const SUMMARY = `
  SELECT c.id, c.key, c.name, c.document, c.start_date AS "startDate", c.end_date AS "endDate", c.task_types AS "taskTypes",
    json_build_object('relative', c.tolerance_relative, 'absoluteMu', c.tolerance_absolute_mu) AS tolerance,
    c.overlap_threshold_mu AS "overlapThresholdMu",
    c.phases, c.subtotals, c.is_demo AS "isDemo",
    json_build_object('id', l.id, 'code', l.code, 'name', l.name, 'kind', l.kind) AS "levelUnit",
    COALESCE((SELECT json_agg(json_build_object('date', m.date, 'targetPct', m.target_pct, 'label', m.label) ORDER BY m.date)
              FROM milestones m WHERE m.campaign_id = c.id), '[]') AS milestones,
    (SELECT count(*)::int FROM campaign_units cu WHERE cu.campaign_id = c.id) AS "unitCount",
    NULL::int AS "parcelCount"
  FROM campaigns c JOIN units l ON l.id = c.level_unit_id`;

/** Every campaign, without its parcel count (see campaignParcelCounts). */
export function listCampaigns(db: Queryable): Promise<CampaignSummary[]> {
  return db.query<CampaignSummary>(`${SUMMARY} ORDER BY c.id`);
}

/** With its parcel count (one campaign's scope counted: ~0.05 s at 1M parcels) or without. */
export async function getCampaign(db: Queryable, id: number, counts = false): Promise<CampaignSummary | null> {
  const [row] = await db.query<CampaignSummary>(`${SUMMARY} WHERE c.id = $1`, [id]);
  if (!row || !counts) return row ?? null;
  return { ...row, parcelCount: (await campaignParcelCounts(db, id)).get(id) ?? 0 };
}

/**
 * Live parcels in each campaign's scope, by campaign id (all campaigns, or only `only`): the scope rows less those of
 * deleted parcels (few, and indexed apart: migration 036), not every scope row joined to its parcel (~0.5 s at 1M
 * parcels on PostGIS; this ~0.05 s). The routes keep the answer per data version (parcels and campaign_parcels both
 * move it).
 */
export async function campaignParcelCounts(db: Queryable, only: number | null = null): Promise<Map<number, number>> {
  const scope = only === null ? 'true' : 'cp.campaign_id = $1';
  const rows = await db.query<{ id: number; n: number }>(
    `SELECT s.id, (s.n - COALESCE(d.n, 0))::int AS n
     FROM (SELECT cp.campaign_id AS id, count(*) AS n FROM campaign_parcels cp WHERE ${scope} GROUP BY cp.campaign_id) s
     LEFT JOIN (SELECT cp.campaign_id AS id, count(*) AS n FROM parcels p JOIN campaign_parcels cp ON cp.parcel_id = p.id
                WHERE p.deleted_at IS NOT NULL AND ${scope} GROUP BY cp.campaign_id) d ON d.id = s.id`,
    only === null ? [] : [only],
  );
  return new Map(rows.map((row) => [row.id, row.n]));
}

/** The campaign named by a URL parameter, or a 400 (malformed id) or 404 (no such campaign). */
export async function campaignFromParam(db: Queryable, text: string | undefined, options: { name?: string } = {}): Promise<CampaignSummary> {
  const id = params.positiveId(options.name ?? 'id', text);
  const campaign = await getCampaign(db, id);
  if (!campaign) throw notFound(`专项行动 ${id} `);
  return campaign;
}

/** The date figures are for: the one asked for, else today held within the campaign's span (a finished campaign shows its end). */
export function reportDate(campaign: CampaignSummary, asked: IsoDate | null): IsoDate {
  if (asked) return asked;
  const today = todayInChina();
  return today < campaign.startDate ? campaign.startDate : today > campaign.endDate ? campaign.endDate : today;
}

export interface UnitProperties {
  id: number;
  code: string;
  name: string;
  fullName: string;
  kind: UnitKind;
  sortOrder: number;
  hasBoundary: boolean;
  illustrative: boolean;
  boundaryNote: string | null;
  /** Ellipsoidal area of the boundary, in mu. */
  areaMu: number | null;
  labelPoint: [number, number] | null;
}

/** The campaign's units in the document's order, as GeoJSON features (geometry null where no boundary exists yet). */
export async function campaignUnits(db: Queryable, campaignId: number): Promise<Array<Feature<MultiPolygon | null, UnitProperties>>> {
  const rows = await db.query<UnitProperties & { geometryJson: string | null; labelJson: string | null }>(
    `SELECT u.id, u.code, u.name, u.full_name AS "fullName", u.kind, cu.sort_order AS "sortOrder",
       u.boundary IS NOT NULL AS "hasBoundary", u.boundary_illustrative AS illustrative, u.boundary_note AS "boundaryNote",
       ST_Area(u.boundary::geography) / (10000.0 / 15) AS "areaMu",
       ST_AsGeoJSON(u.boundary, 6) AS "geometryJson", ST_AsGeoJSON(ST_PointOnSurface(u.boundary), 6) AS "labelJson"
     FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = $1 ORDER BY cu.sort_order`,
    [campaignId],
  );
  return rows.map(({ geometryJson, labelJson, ...properties }) => ({
    type: 'Feature',
    id: properties.id,
    geometry: geometryJson ? (JSON.parse(geometryJson) as MultiPolygon) : null,
    properties: { ...properties, labelPoint: labelJson ? (JSON.parse(labelJson).coordinates as [number, number]) : null },
  }));
}

export function campaignTasks(db: Queryable, campaignId: number) {
  return db.query<{ unitId: number | null; rowLabel: string | null; taskType: TaskType; taskMu: number | null; document: string }>(
    `SELECT unit_id AS "unitId", row_label AS "rowLabel", task_type AS "taskType", task_mu AS "taskMu", document
     FROM tasks WHERE campaign_id = $1 ORDER BY id`,
    [campaignId],
  );
}

export interface TaskBaseRow {
  unitId: number | null;
  rowLabel: string | null;
  document: string;
  baseList: string;
  taskType: TaskType;
  approvedMu: number | null;
  suppliedMu: number | null;
  unsuppliedMu: number | null;
  parcelCount: number | null;
  areaMu: number | null;
  rate: number | null;
  taskMu: number | null;
}

export function campaignTaskBases(db: Queryable, campaignId: number) {
  return db.query<TaskBaseRow>(
    `SELECT unit_id AS "unitId", row_label AS "rowLabel", document, base_list AS "baseList", task_type AS "taskType",
       approved_mu AS "approvedMu", supplied_mu AS "suppliedMu", unsupplied_mu AS "unsuppliedMu",
       parcel_count AS "parcelCount", area_mu AS "areaMu", rate, task_mu AS "taskMu"
     FROM task_bases WHERE campaign_id = $1 ORDER BY sort_order`,
    [campaignId],
  );
}

/** The campaign's units in the document's order, with what progress and the reports need of them. */
export function campaignUnitList(db: Queryable, campaignId: number) {
  return db.query<{ id: number; code: string; name: string; kind: string; hasBoundary: boolean }>(
    `SELECT u.id, u.code, u.name, u.kind, u.boundary IS NOT NULL AS "hasBoundary"
     FROM campaign_units cu JOIN units u ON u.id = cu.unit_id WHERE cu.campaign_id = $1 ORDER BY cu.sort_order`,
    [campaignId],
  );
}

/** Each unit's task per task type (the rows with a unit; the document's total rows are left out). */
export function unitTasks(db: Queryable, campaignId: number) {
  return db.query<{ unitId: number; taskType: TaskType; taskMu: number | null }>(
    'SELECT unit_id AS "unitId", task_type AS "taskType", task_mu AS "taskMu" FROM tasks WHERE campaign_id = $1 AND unit_id IS NOT NULL',
    [campaignId],
  );
}
