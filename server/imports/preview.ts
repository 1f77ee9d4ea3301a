import type { MultiPolygon } from 'geojson';
import { areasMu, type AreasMu } from '../../core/area/index.ts';
import { CATEGORIES, isOneOf, STATUSES, type Category, type Status } from '../../core/categories.ts';
import { ledgerFieldsFrom } from '../../core/import-attributes.ts';
import { checkLedgerArea, type AreaCheck } from '../../core/ledger-check.ts';
import { roundTo } from '../../core/measure.ts';
import type { SessionUser } from '../auth/types.ts';
import type { Queryable } from '../db/types.ts';
import { badParameter } from '../http/errors.ts';
import { validateContent } from '../parcels/content.ts';
import { withinUnits } from '../parcels/permissions.ts';
import { snapshotOf } from '../parcels/write.ts';
import type { ImportCandidate } from './formats/types.ts';

export interface ImportDefaults {
  category: Category;
  status: Status;
}

export function parseDefaults(q: { category?: unknown; status?: unknown }): ImportDefaults {
  if (!isOneOf(CATEGORIES, q.category)) throw badParameter('category', '请选择导入地块的默认类别');
  if (!isOneOf(STATUSES, q.status)) throw badParameter('status', '请选择导入地块的默认状态');
  return { category: q.category, status: q.status };
}

/** One parcel of an import as the editor reviews it before anything is written. */
export interface PreviewItem {
  index: number;
  source: string;
  /** What the import would do: a new parcel, or new content for the parcel with the same code. */
  action: 'create' | 'update';
  existing: { id: number; version: number } | null;
  /** The body that will be sent to commit: ledger fields and boundary (absent: keep the existing boundary). */
  parcel: Record<string, unknown>;
  areaMu: AreasMu | null;
  statedAreaMu: number | null;
  areaCheck: AreaCheck | null;
  valid: boolean;
  errors: string[];
  warnings: string[];
}

/**
 * Turns read candidates into the parcels an import would write: attributes mapped to ledger fields, the defaults
 * filled in, the ledger area taken from the file (or the drawn area, said so), then every check a save makes —
 * plus whether the code matches an existing parcel and whether an editor may write it.
 */
export async function previewCandidates(db: Queryable, campaignId: number, user: SessionUser, defaults: ImportDefaults, candidates: ImportCandidate[], tolerance: { relative: number; absoluteMu: number }): Promise<PreviewItem[]> {
  const items: PreviewItem[] = [];
  for (const c of candidates) {
    const errors = [...c.errors];
    const warnings = [...c.warnings];
    const found = ledgerFieldsFrom(c.attributes);
    const areas = c.geometry ? areasMu(c.geometry) : null;
    const [existing] = typeof found.code === 'string'
      ? await db.query<{ id: number; version: number; geometry: string | null; unitId: number | null; deleted: boolean }>(
          `SELECT id, version, ST_AsGeoJSON(geom) AS geometry, unit_id AS "unitId", deleted_at IS NOT NULL AS deleted FROM parcels WHERE ledger_unit_id = (SELECT level_unit_id FROM campaigns WHERE id = $1) AND code = $2`,
          [campaignId, found.code])
      : [];
    if (existing?.deleted) errors.push(`地块编号 ${String(found.code)} 对应的地块已删除，请先由管理员恢复`);
    if (!c.geometry && !existing && !errors.length) errors.push('没有图形，且地块编号在系统中不存在：无法新建');

    const ledgerMu = found.ledgerMu ?? c.statedAreaMu ?? (areas ? roundTo(areas.ellipsoidal) : undefined);
    if (found.ledgerMu === undefined && ledgerMu !== undefined && !existing) {
      warnings.push(c.statedAreaMu != null ? '台账面积取文件所载地块面积' : '台账面积未给出，暂取图形椭球面积，请核对');
    }
    const parcel: Record<string, unknown> = existing ? { ...found } : { category: defaults.category, status: defaults.status, ...found, ledgerMu };
    if (c.geometry) parcel.geometry = c.geometry;

    let check: AreaCheck | null = null;
    if (!errors.length) {
      // An update from a file with attributes only keeps what the file does not mention: merged by commit.
      const body = existing ? { ...(await currentFields(db, existing.id)), ...parcel } : parcel;
      const { content, problems } = await validateContent(db, body);
      errors.push(...problems.map((p) => p.message));
      const geometry: MultiPolygon | null = content?.geometry ?? null;
      if (content && geometry) check = checkLedgerArea(content.fields.ledgerMu, areasMu(geometry).ellipsoidal, tolerance);
      if (content && user.role === 'editor') {
        const target = { geometry, unitId: content.unitId };
        if (!(await withinUnits(db, user.unitIds, target)).inside) errors.push('超出您负责的单位范围');
        if (existing && !(await withinUnits(db, user.unitIds, { geometry: existing.geometry ? JSON.parse(existing.geometry) : null, unitId: existing.unitId })).inside) {
          errors.push('已有地块不在您负责的单位范围内');
        }
      }
    }
    items.push({
      index: c.index, source: c.source, action: existing ? 'update' : 'create', existing: existing ? { id: existing.id, version: existing.version } : null,
      parcel, areaMu: areas, statedAreaMu: c.statedAreaMu, areaCheck: check, valid: errors.length === 0, errors, warnings,
    });
  }
  const seen = new Map<unknown, number>();
  for (const item of items) {
    const code = item.parcel.code;
    if (code === undefined) continue;
    if (seen.has(code)) {
      item.errors.push(`地块编号 ${String(code)} 与${items[seen.get(code)!]!.source}重复`);
      item.valid = false;
    } else seen.set(code, items.indexOf(item));
  }
  return items;
}

/** A parcel's current ledger fields, boundary and unit, as a body a save would send. */
export async function currentFields(db: Queryable, id: number): Promise<Record<string, unknown>> {
  const { version: _v, deleted: _d, ...rest } = (await snapshotOf(db, id))!;
  return rest;
}
