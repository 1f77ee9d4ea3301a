import { readFile } from 'node:fs/promises';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { TaskType, UnitKind } from '../../core/categories.ts';
import type { Milestone } from '../../core/progress.ts';
import type { Tolerance } from '../../core/ledger-check.ts';
import type { Queryable } from '../db/types.ts';

/** A campaign as its document gives it (data/campaigns/*.json): units, milestones, and its task tables. */
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

/**
 * Writes a campaign, its units (with boundaries where given), milestones and task tables, in the caller's
 * transaction. Units are shared across campaigns by code. Returns the campaign id.
 */
export async function insertPreset(tx: Queryable, preset: CampaignPreset, boundaries: UnitBoundaries | null, isDemo: boolean): Promise<number> {
  const [level] = await tx.query<{ id: number }>(
    `INSERT INTO units (code, name, full_name, kind) VALUES ($1, $2, $2, $3)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [preset.level.code, preset.level.name, preset.level.kind],
  );
  const [campaign] = await tx.query<{ id: number }>(
    `INSERT INTO campaigns (key, name, document, level_unit_id, start_date, end_date, task_types, tolerance_relative, tolerance_absolute_mu, phases, is_demo, subtotals)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [preset.key, preset.name, preset.document, level!.id, preset.startDate, preset.endDate, preset.taskTypes,
      preset.tolerance.relative, preset.tolerance.absoluteMu, JSON.stringify(preset.phases), isDemo, JSON.stringify(preset.subtotals ?? {})],
  );
  const campaignId = campaign!.id;
  const unitIds = new Map<string, number>();
  for (const [order, unit] of preset.units.entries()) {
    const boundary = boundaries?.features.find((f) => f.properties.code === unit.code);
    if (boundary) {
      // Overlay on an invalid outline can fail, or silently give wrong shares: refuse it, saying where it breaks.
      const [check] = await tx.query<{ reason: string }>('SELECT ST_IsValidReason(ST_GeomFromGeoJSON($1::text)) AS reason', [JSON.stringify(boundary.geometry)]);
      if (check!.reason !== 'Valid Geometry') throw new Error(`单位 ${unit.name} 的边界无效：${check!.reason}`);
    }
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO units (code, name, full_name, kind, parent_id, boundary_illustrative, boundary_note, boundary)
       VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $8::text IS NULL THEN NULL ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($8::text), 4326)) END)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [unit.code, unit.name, unit.fullName, unit.kind, level!.id, boundary?.properties.illustrative ?? false,
        boundary?.properties.note ?? null, boundary ? JSON.stringify(boundary.geometry) : null],
    );
    unitIds.set(unit.name, row!.id);
    await tx.query('INSERT INTO campaign_units (campaign_id, unit_id, sort_order) VALUES ($1, $2, $3)', [campaignId, row!.id, order]);
  }
  for (const m of preset.milestones) {
    await tx.query('INSERT INTO milestones (campaign_id, date, target_pct, label) VALUES ($1, $2, $3, $4)', [campaignId, m.date, m.targetPct, m.label ?? null]);
  }
  const unitOf = (row: { unit?: string; label?: string }) => (row.unit ? unitIds.get(row.unit) ?? fail(`unknown unit ${row.unit}`) : null);
  for (const row of preset.annex4?.rows ?? []) {
    for (const taskType of preset.taskTypes) {
      if (row[taskType] === undefined) continue;
      await tx.query('INSERT INTO tasks (campaign_id, unit_id, row_label, task_type, task_mu, document) VALUES ($1, $2, $3, $4, $5, $6)',
        [campaignId, unitOf(row), row.label ?? null, taskType, row[taskType], '附件4']);
    }
  }
  let order = 0;
  for (const row of preset.annex2?.rows ?? []) {
    await tx.query(
      `INSERT INTO task_bases (campaign_id, unit_id, row_label, document, base_list, task_type, approved_mu, supplied_mu, unsupplied_mu, rate, task_mu, sort_order)
       VALUES ($1, $2, $3, '附件2', '批而未供', 'approved_not_supplied', $4, $5, $6, $7, $8, $9)`,
      [campaignId, unitOf(row), row.label ?? null, row.approvedMu, row.suppliedMu, row.unsuppliedMu, row.rate, row.taskMu, order++],
    );
  }
  for (const row of preset.annex3?.rows ?? []) {
    for (const [list, { label, taskType }] of Object.entries(preset.annex3!.lists)) {
      const cell = row[list] as { count: number | null; areaMu: number | null; rate: number | null; taskMu: number | null };
      await tx.query(
        `INSERT INTO task_bases (campaign_id, unit_id, row_label, document, base_list, task_type, parcel_count, area_mu, rate, task_mu, sort_order)
         VALUES ($1, $2, $3, '附件3', $4, $5, $6, $7, $8, $9, $10)`,
        [campaignId, unitOf(row), row.label ?? null, label, taskType, cell.count, cell.areaMu, cell.rate, cell.taskMu, order++],
      );
    }
  }
  return campaignId;
}

function fail(message: string): never {
  throw new Error(message);
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
