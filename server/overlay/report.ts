/** The 批供比对 answer: per batch, the figures of its overlay, and the features to draw on the map. */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { classifyParts, compareWithLedger, statedDifferenceMu, supplyRate, type ClassifiedPart, type LedgerComparison } from '../../core/approval-overlay/summary.ts';
import type { SliverReason, SliverThresholds } from '../../core/approval-overlay/slivers.ts';
import type { Tolerance } from '../../core/ledger-check.ts';
import { muFromM2 } from '../../core/measure.ts';
import type { Queryable } from '../db/types.ts';
import { batchOverlays, supplyRecords, type BatchOverlayRow } from './queries.ts';

/** Every area in mu is ellipsoidal (PostGIS geography), except `approvedMu.stated`, which is what the approval says. */
export interface BatchOverlay {
  id: number;
  batchName: string;
  approvalNumber: string | null;
  approvalDate: string | null;
  source: string;
  repairNote: string | null;
  approvedMu: { stated: number | null; computed: number; statedMinusComputed: number | null };
  suppliedMu: number;
  supplyCount: number;
  remainderMu: number;
  remainderParts: number;
  sliverMu: number;
  sliverCount: number;
  supplyRate: number | null;
  ledger: LedgerComparison & { parcelCount: number };
  converted: { at: string; by: string | null; parcelIds: number[] } | null;
}

export interface OverlayOf {
  row: BatchOverlayRow;
  summary: BatchOverlay;
  remainders: ClassifiedPart<Polygon>[];
  slivers: ClassifiedPart<Polygon>[];
}

export function overlayOf(row: BatchOverlayRow, thresholds: SliverThresholds, tolerance: Tolerance): OverlayOf {
  const { remainders, slivers } = classifyParts(row.parts, thresholds);
  const computed = muFromM2(row.approvedM2);
  const suppliedMu = muFromM2(row.suppliedM2);
  const remainderMu = remainders.reduce((s, p) => s + p.areaMu, 0);
  return {
    row,
    remainders,
    slivers,
    summary: {
      id: row.id,
      batchName: row.batchName,
      approvalNumber: row.approvalNumber,
      approvalDate: row.approvalDate,
      source: row.source,
      repairNote: row.repairNote,
      approvedMu: { stated: row.statedMu, computed, statedMinusComputed: statedDifferenceMu(row.statedMu, computed) },
      suppliedMu,
      supplyCount: row.supplyCount,
      remainderMu,
      remainderParts: remainders.length,
      sliverMu: slivers.reduce((s, p) => s + p.areaMu, 0),
      sliverCount: slivers.length,
      supplyRate: supplyRate(suppliedMu, computed),
      ledger: { ...compareWithLedger(remainderMu, row.ledgerMu, tolerance), parcelCount: row.ledgerParcelCount },
      converted: row.convertedAt ? { at: row.convertedAt, by: row.convertedBy, parcelIds: row.convertedParcelIds } : null,
    },
  };
}

export async function campaignOverlay(db: Queryable, campaignId: number, thresholds: SliverThresholds, tolerance: Tolerance) {
  const overlays = (await batchOverlays(db, campaignId)).map((row) => overlayOf(row, thresholds, tolerance));
  const [counts] = await db.query<{ supplies: number }>('SELECT count(*)::int AS supplies FROM supply_records WHERE campaign_id = $1', [campaignId]);
  const sum = (f: (b: BatchOverlay) => number) => overlays.reduce((s, o) => s + f(o.summary), 0);
  const approved = sum((b) => b.approvedMu.computed);
  const supplied = sum((b) => b.suppliedMu);
  return {
    overlays,
    answer: {
      campaignId,
      basis: 'ellipsoidal' as const,
      thresholds,
      tolerance,
      supplyRecordCount: counts!.supplies,
      totals: {
        approvedMu: approved,
        suppliedMu: supplied,
        remainderMu: sum((b) => b.remainderMu),
        sliverMu: sum((b) => b.sliverMu),
        ledgerMu: sum((b) => b.ledger.ledgerMu),
        supplyRate: supplyRate(supplied, approved),
      },
      batches: overlays.map((o) => o.summary),
    },
  };
}

export type OverlayFeature = Feature<Polygon | MultiPolygon, Record<string, unknown> & { kind: 'batch' | 'supply' | 'remainder' | 'sliver' }>;

/** Everything the map draws, one collection, told apart by `kind`. */
export async function overlayFeatures(db: Queryable, campaignId: number, overlays: OverlayOf[]): Promise<FeatureCollection<Polygon | MultiPolygon>> {
  const features: OverlayFeature[] = [];
  for (const { row, summary, remainders, slivers } of overlays) {
    features.push({
      type: 'Feature', id: row.id, geometry: row.geometry,
      properties: { kind: 'batch', batchId: row.id, batchName: row.batchName, remainderMu: summary.remainderMu, supplyRate: summary.supplyRate, converted: summary.converted !== null },
    });
    remainders.forEach((p, i) => features.push({
      type: 'Feature', geometry: p.geometry,
      properties: { kind: 'remainder', batchId: row.id, batchName: row.batchName, part: i + 1, areaMu: p.areaMu, converted: summary.converted !== null },
    }));
    slivers.forEach((p, i) => features.push({
      type: 'Feature', geometry: p.geometry,
      properties: { kind: 'sliver', batchId: row.id, batchName: row.batchName, part: i + 1, areaM2: p.areaM2, meanWidthM: p.meanWidthM, reason: p.sliver as SliverReason },
    }));
  }
  for (const s of await supplyRecords(db, campaignId)) {
    const { geometry, ...properties } = s;
    features.push({ type: 'Feature', id: s.id, geometry, properties: { kind: 'supply', ...properties } });
  }
  return { type: 'FeatureCollection', features };
}
