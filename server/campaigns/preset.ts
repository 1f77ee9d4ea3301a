import { readFile } from 'node:fs/promises';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { TaskType, UnitKind } from '../../core/categories.ts';
import type { Milestone } from '../../core/progress.ts';
import type { Tolerance } from '../../core/ledger-check.ts';
import type { Queryable } from '../db/types.ts';

/**
 * A campaign as its document gives it (data/campaigns/*.json): units, milestones, and its task tables — the
 * transcription scripts/data/write-task-sheets.ts turns into the files the demo loads (data/campaigns/<key>/).
 */
export interface CampaignPreset {
  key: string;
  name: string;
  document: string;
  level: { code: string; name: string; kind: UnitKind };
  startDate: string;
  endDate: string;
  tolerance: Tolerance;
  taskTypes: TaskType[];
  subtotals?: Record<string, string[]>;
  phases: Array<{ name: string; startDate: string; endDate: string; targetPct?: number }>;
  milestones: Milestone[];
  units: Array<{ code: string; name: string; fullName: string; kind: UnitKind }>;
  annex2?: { title: string; rows: Array<{ unit?: string; label?: string; approvedMu: number; suppliedMu: number; unsuppliedMu: number; rate: number; taskMu: number }> };
  annex3?: {
    title: string;
    lists: Record<string, { label: string; taskType: TaskType }>;
    rows: Array<{ unit?: string; label?: string } & Record<string, { count: number | null; areaMu: number | null; rate: number | null; taskMu: number | null } | string | undefined>>;
  };
  annex4?: { title: string; rows: Array<{ unit?: string; label?: string } & Partial<Record<TaskType, number>>> };
}

type UnitBoundaries = FeatureCollection<Polygon | MultiPolygon, { code: string; illustrative: boolean; note: string }>;

const DATA = new URL('../../data/', import.meta.url).pathname;

export async function readPreset(file: string): Promise<CampaignPreset> {
  return JSON.parse(await readFile(`${DATA}campaigns/${file}`, 'utf8')) as CampaignPreset;
}

export async function readBoundaries(file: string): Promise<UnitBoundaries> {
  return JSON.parse(await readFile(`${DATA}boundaries/${file}`, 'utf8')) as UnitBoundaries;
}

/** Pairs of a campaign's units whose boundaries overlap by more than `minM2`, with the overlap in mu. */
export async function unitOverlaps(db: Queryable, campaignId: number, minM2 = 100): Promise<Array<{ a: string; b: string; overlapMu: number }>> {
  return db.query(
    `SELECT ua.name AS a, ub.name AS b, (ST_Area(ST_Intersection(ua.boundary, ub.boundary)::geography) / (10000.0 / 15))::float8 AS "overlapMu"
     FROM campaign_units ca JOIN units ua ON ua.id = ca.unit_id
     JOIN campaign_units cb ON cb.campaign_id = ca.campaign_id AND cb.unit_id > ca.unit_id JOIN units ub ON ub.id = cb.unit_id
     WHERE ca.campaign_id = $1 AND ua.boundary && ub.boundary AND ST_Intersects(ua.boundary, ub.boundary)
       AND ST_Area(ST_Intersection(ua.boundary, ub.boundary)::geography) > $2`,
    [campaignId, minM2],
  );
}
