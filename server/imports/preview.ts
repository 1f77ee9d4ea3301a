import type { MultiPolygon } from 'geojson';
import { areasMu, type AreasMu } from '../../core/area/index.ts';
import { CATEGORIES, isOneOf, STATUSES, type Category, type Status } from '../../core/categories.ts';
import { checkBoundary } from '../../core/geometry-checks.ts';
import { ledgerFieldsFrom } from '../../core/import-attributes.ts';
import {
  isNearIdentical, MATCH_LABELS, OUTSIDE_SLIVER_MU, overlapsToConfirm, percent,
  type ImportOverlap, type MatchBy, type UnitShareMu,
} from '../../core/import-review.ts';
import { checkLedgerArea, type AreaCheck } from '../../core/ledger-check.ts';
import { muFromM2, roundTo } from '../../core/measure.ts';
import { parseParcelFields } from '../../core/parcel-input.ts';
import { editLimitedToUnits } from '../../core/roles.ts';
import { muText } from '../../core/warnings/types.ts';
import type { SessionUser } from '../auth/types.ts';
import type { Db, Queryable } from '../db/types.ts';
import { badParameter } from '../http/errors.ts';
import { snapshotOf } from '../parcels/write.ts';
import type { ImportCandidate } from './formats/types.ts';
import { currentBodies, overlapThresholdMu, placeItems, type ExistingParcel, type Placement } from './placement.ts';

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
  /** What the import would do: a new parcel, or new content for an existing one (same code, or offered: see match). */
  action: 'create' | 'update';
  existing: { id: number; version: number; code: string } | null;
  /** Why the item updates an existing parcel; by 电子监管号 or boundary it is an offer the person may turn down. */
  match: { by: MatchBy; parcelId: number; code: string } | null;
  /** The body to write if the person turns the offer down and creates a second parcel (null: no offer to turn down). */
  createInstead: Record<string, unknown> | null;
  /** The body that will be sent to commit: ledger fields and boundary (absent: keep the existing boundary). */
  parcel: Record<string, unknown>;
  areaMu: AreasMu | null;
  statedAreaMu: number | null;
  areaCheck: AreaCheck | null;
  /** The campaign's units the boundary lies in, with the ellipsoidal mu in each (empty without a new boundary). */
  units: UnitShareMu[];
  /** Ellipsoidal mu outside every unit of the campaign; null when it cannot be judged (no boundary, or no unit boundaries). */
  outsideMu: number | null;
  /** Overlaps with live parcels of the campaign and with other parcels of the file, largest first. */
  overlaps: ImportOverlap[];
  /** What the commit will refuse unless the person confirms it (overlaps: those above the campaign's threshold). */
  needsConfirmation: Array<'outside' | 'overlap'>;
  valid: boolean;
  errors: string[];
  warnings: string[];
}

/** What the file says of one item, before the database is asked anything. */
interface Draft {
  candidate: ImportCandidate;
  found: ReturnType<typeof ledgerFieldsFrom>;
  errors: string[];
  warnings: string[];
  /** The boundary past the shared structural rules, or null. */
  geometry: MultiPolygon | null;
  geometryProblems: string[];
}

function draftOf(c: ImportCandidate): Draft {
  const checked = c.geometry ? checkBoundary(c.geometry) : null;
  const geometryProblems = checked?.problems.map((p) => p.message) ?? [];
  return {
    candidate: c,
    found: ledgerFieldsFrom(c.attributes),
    errors: [...c.errors],
    warnings: [...c.warnings],
    geometry: checked && !checked.problems.length ? checked.geometry : null,
    geometryProblems,
  };
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * Turns read candidates into the parcels an import would write: attributes mapped to ledger fields, the defaults
 * filled in, the ledger area taken from the file (or the drawn area, said so), then every check a save makes — and what
 * the import would do to the ledger: the units each parcel lies in and the mu outside them, the live parcels and other
 * parcels of the file it overlaps, an existing parcel it should rather update (same code, 电子监管号 or boundary), and
 * whether an editor may write it. The database is asked per file, not per parcel (see placement.ts).
 */
export async function previewCandidates(db: Db, campaignId: number, user: SessionUser, defaults: ImportDefaults, candidates: ImportCandidate[], tolerance: { relative: number; absoluteMu: number }): Promise<PreviewItem[]> {
  const drafts = candidates.map(draftOf);
  const editorUnits = editLimitedToUnits(user.role) ? user.unitIds : null;
  const inputs = drafts.map((d) => ({ index: d.candidate.index, code: text(d.found.code), supervisionNumber: text(d.found.supervisionNumber), geometry: d.geometry }));
  const { placement, thresholdMu } = await db.transaction(async (tx) => ({
    placement: await placeItems(tx, campaignId, inputs, editorUnits),
    thresholdMu: await overlapThresholdMu(tx, campaignId),
  }));
  const overlapsByItem = overlapsOf(drafts, placement);
  const offers = offersOf(drafts, placement, overlapsByItem);
  const targets = [...[...placement.byCode.values()].filter((p) => !p.deleted), ...[...offers.values()].map((o) => o.parcel)];
  const current = await currentBodies(db, [...new Set(targets.map((p) => p.id))]);
  const items = drafts.map((d) => reviewItem(d, { placement, overlaps: overlapsByItem.get(d.candidate.index) ?? [], offer: offers.get(d.candidate.index) ?? null, current, defaults, tolerance, editorUnits }));

  const all = new Set(items.map((i) => i.index));
  for (const item of items) {
    const confirmable = { index: item.index, source: item.source, code: text(item.parcel.code), whollyOutside: item.needsConfirmation.includes('outside'), overlaps: item.overlaps, updates: item.existing?.id ?? null };
    if (overlapsToConfirm(confirmable, all, thresholdMu).length) item.needsConfirmation.push('overlap');
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

/** Each item's overlaps with live parcels and with the file's other items, in mu and percent of each, largest first. */
function overlapsOf(drafts: Draft[], placement: Placement): Map<number, ImportOverlap[]> {
  const codeOf = new Map(drafts.map((d) => [d.candidate.index, text(d.found.code) ?? `第 ${d.candidate.index} 块`]));
  const out = new Map<number, ImportOverlap[]>();
  const add = (index: number, o: ImportOverlap) => out.set(index, [...(out.get(index) ?? []), o]);
  for (const [index, list] of placement.parcelOverlaps) {
    const itemM2 = placement.areaM2.get(index) ?? 0;
    for (const { parcel, m2, otherM2, geometry } of list) {
      add(index, { with: 'parcel', parcelId: parcel.id, index: null, code: parcel.code, mu: muFromM2(m2), pctOfItem: percent(m2, itemM2), pctOfOther: percent(m2, otherM2), nearIdentical: isNearIdentical(itemM2, otherM2, m2), geometry });
    }
  }
  for (const { a, b, m2, geometry } of placement.itemOverlaps) {
    const aM2 = placement.areaM2.get(a) ?? 0;
    const bM2 = placement.areaM2.get(b) ?? 0;
    add(a, { with: 'item', parcelId: null, index: b, code: codeOf.get(b)!, mu: muFromM2(m2), pctOfItem: percent(m2, aM2), pctOfOther: percent(m2, bM2), nearIdentical: isNearIdentical(aM2, bM2, m2), geometry });
    add(b, { with: 'item', parcelId: null, index: a, code: codeOf.get(a)!, mu: muFromM2(m2), pctOfItem: percent(m2, bM2), pctOfOther: percent(m2, aM2), nearIdentical: isNearIdentical(bM2, aM2, m2), geometry });
  }
  for (const list of out.values()) list.sort((x, y) => y.mu - x.mu);
  return out;
}

type Offer = { by: MatchBy; parcel: ExistingParcel };

/**
 * Items with no parcel of their code that are the same land as a live parcel — its 电子监管号, or a near-identical
 * boundary — are offered as an update of that parcel. A parcel already updated by code, or offered to an earlier item,
 * is not offered again (two items cannot both become it).
 */
function offersOf(drafts: Draft[], placement: Placement, overlaps: Map<number, ImportOverlap[]>): Map<number, Offer> {
  const taken = new Set([...placement.byCode.values()].map((p) => p.id));
  const offers = new Map<number, Offer>();
  for (const d of drafts) {
    const index = d.candidate.index;
    if (placement.byCode.has(index)) continue;
    const bySn = placement.bySupervisionNumber.get(index);
    const twin = (overlaps.get(index) ?? []).find((o) => o.with === 'parcel' && o.nearIdentical && !taken.has(o.parcelId!));
    const offer: Offer | null = bySn && !taken.has(bySn.id) ? { by: 'supervisionNumber', parcel: bySn }
      : twin ? { by: 'boundary', parcel: placement.parcelOverlaps.get(index)!.find((o) => o.parcel.id === twin.parcelId)!.parcel }
      : null;
    if (!offer) continue;
    taken.add(offer.parcel.id);
    offers.set(index, offer);
  }
  return offers;
}

interface ReviewContext {
  placement: Placement;
  overlaps: ImportOverlap[];
  offer: Offer | null;
  current: Map<number, Record<string, unknown>>;
  defaults: ImportDefaults;
  tolerance: { relative: number; absoluteMu: number };
  editorUnits: number[] | null;
}

function reviewItem(d: Draft, ctx: ReviewContext): PreviewItem {
  const { candidate: c, found, errors, warnings } = d;
  const { placement } = ctx;
  const areas = c.geometry ? areasMu(c.geometry) : null;
  const byCode = placement.byCode.get(c.index);
  if (byCode?.deleted) errors.push(`地块编号 ${String(found.code)} 对应的地块已删除，请先由管理员恢复`);
  const target = byCode && !byCode.deleted ? byCode : (ctx.offer?.parcel ?? null);
  if (!c.geometry && !target && !errors.length) errors.push('没有图形，且地块编号在系统中不存在：无法新建');

  const ledgerMu = found.ledgerMu ?? c.statedAreaMu ?? (areas ? roundTo(areas.ellipsoidal) : undefined);
  if (found.ledgerMu === undefined && ledgerMu !== undefined && !target) {
    warnings.push(c.statedAreaMu != null ? '台账面积取文件所载地块面积' : '台账面积未给出，暂取图形椭球面积，请核对');
  }
  const fresh: Record<string, unknown> = { category: ctx.defaults.category, status: ctx.defaults.status, ...found, ledgerMu };
  // An offered update keeps the ledger's code: the parcel is found by it at commit, and the code is its identity.
  const parcel: Record<string, unknown> = target ? { ...found, ...(ctx.offer ? { code: target.code } : {}) } : fresh;
  if (c.geometry) {
    parcel.geometry = c.geometry;
    fresh.geometry = c.geometry;
  }
  const match = byCode && !byCode.deleted ? { by: 'code' as const, parcelId: byCode.id, code: byCode.code } : ctx.offer ? { by: ctx.offer.by, parcelId: ctx.offer.parcel.id, code: ctx.offer.parcel.code } : null;
  if (ctx.offer) {
    const fileCode = text(found.code);
    warnings.push(`与台账地块 ${ctx.offer.parcel.code} ${MATCH_LABELS[ctx.offer.by]}：将更新该地块${fileCode && fileCode !== ctx.offer.parcel.code ? `（保留台账编号，文件编号为 ${fileCode}）` : ''}，也可改为新建`);
  }

  let check: AreaCheck | null = null;
  if (!errors.length) {
    // An update from a file with attributes only keeps what the file does not mention: merged by commit.
    const body = target ? { ...(ctx.current.get(target.id) ?? {}), ...parcel } : parcel;
    const fields = parseParcelFields(body);
    if (!fields.ok) errors.push(...fields.problems.map((p) => p.message));
    errors.push(...d.geometryProblems);
    const invalid = placement.invalid.get(c.index);
    if (invalid) errors.push(`边界无效（PostGIS）：${invalid}`);
    const geometry = (body.geometry ?? null) as MultiPolygon | null;
    if (fields.ok && geometry && !errors.length) check = checkLedgerArea(fields.value.ledgerMu, c.geometry && areas ? areas.ellipsoidal : areasMu(geometry).ellipsoidal, ctx.tolerance);
    if (ctx.editorUnits && !errors.length) {
      const outside = d.geometry ? placement.outsideEditorUnits.has(c.index) : target ? placement.existingOutsideEditorUnits.has(target.id) : false;
      if (outside) errors.push('超出您负责的单位范围');
      if (target && placement.existingOutsideEditorUnits.has(target.id)) errors.push('已有地块不在您负责的单位范围内');
    }
  }

  const placed = d.geometry && !placement.invalid.has(c.index);
  const units = placed ? (placement.units.get(c.index) ?? []).map((u) => ({ unitId: u.unitId, name: u.name, mu: muFromM2(u.m2) })) : [];
  const itemMu = muFromM2(placement.areaM2.get(c.index) ?? 0);
  const outsideMu = placed && placement.unitsHaveBoundaries ? Math.max(0, itemMu - units.reduce((s, u) => s + u.mu, 0)) : null;
  const needsConfirmation: PreviewItem['needsConfirmation'] = [];
  if (outsideMu !== null && units.length === 0) {
    needsConfirmation.push('outside');
    warnings.push(`不在本专项行动的任何单位内（${muText(outsideMu)} 亩全在单位之外），须确认后才能导入`);
  } else if (outsideMu !== null && outsideMu >= OUTSIDE_SLIVER_MU) {
    warnings.push(`有 ${muText(outsideMu)} 亩在本专项行动各单位之外`);
  }
  for (const o of ctx.overlaps) {
    if (o.with === 'parcel' && o.parcelId === target?.id) continue;
    warnings.push(`与${o.with === 'parcel' ? '台账地块' : '本文件地块'} ${o.code} 重叠 ${muText(o.mu)} 亩（占本地块 ${o.pctOfItem.toFixed(1)}%，占该地块 ${o.pctOfOther.toFixed(1)}%）`);
  }

  return {
    index: c.index, source: c.source, action: target ? 'update' : 'create', existing: target ? { id: target.id, version: target.version, code: target.code } : null,
    match, createInstead: ctx.offer ? fresh : null,
    parcel, areaMu: areas, statedAreaMu: c.statedAreaMu, areaCheck: check,
    units, outsideMu, overlaps: ctx.overlaps, needsConfirmation,
    valid: errors.length === 0, errors, warnings,
  };
}

/** A parcel's current ledger fields, boundary and unit, as a body a save would send. */
export async function currentFields(db: Queryable, id: number): Promise<Record<string, unknown>> {
  const { version: _v, deleted: _d, ...rest } = (await snapshotOf(db, id))!;
  return rest;
}
