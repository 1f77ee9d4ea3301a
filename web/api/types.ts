/**
 * Shapes of the server's JSON answers, as the web app reads them: the server's own types, imported as types only
 * (erased at build time), so the two cannot drift apart.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { TaskType } from '../../core/categories.ts';
import type { FieldCheck } from '../../core/field-check.ts';
import type { ParcelFields } from '../../core/parcel.ts';
import type { CampaignSummary, UnitProperties } from '../../server/campaigns/queries.ts';
import type { Figures, Progress } from '../../server/campaigns/progress.ts';
import type { DisposalRow, HistoryRow, UnitShare } from '../../server/parcels/queries.ts';
import type { ParcelAreas } from '../../server/parcels/serialize.ts';

export type { AreaCheck, Tolerance } from '../../core/ledger-check.ts';
export type { Milestone } from '../../core/progress.ts';
export type { CampaignSummary, UnitProperties } from '../../server/campaigns/queries.ts';
export type { UnitProgress } from '../../server/campaigns/progress.ts';

export interface AppConfig {
  tiandituKey: string | null;
  database: 'pglite' | 'postgres';
}

export type Phase = CampaignSummary['phases'][number];

export type UnitFeature = Feature<MultiPolygon | null, UnitProperties>;

/** The campaign page: always with its parcel count. */
export interface CampaignDetail extends Omit<CampaignSummary, 'parcelCount'> {
  parcelCount: number;
  units: FeatureCollection<MultiPolygon | null, UnitProperties>;
}

/** A task type's figures for one unit, or for the whole campaign (totals carry no rank). */
export type TaskProgress = Omit<Figures, 'rank'> & { rank?: number | null };

export type TaskKey = TaskType | 'overall';

export type CampaignProgress = Progress;

export type ParcelProperties = ParcelFields &
  ParcelAreas & {
    id: number;
    campaignId: number;
    unitId: number;
    unitName: string;
    isDemo: boolean;
    version: number;
    createdAt: string;
    updatedAt: string;
  };

export type ParcelFeature = Feature<Polygon | MultiPolygon | null, ParcelProperties>;

export interface ParcelList extends FeatureCollection<Polygon | MultiPolygon | null, ParcelProperties> {
  total: number;
}

export type Disposal = DisposalRow;
export type HistoryEntry = HistoryRow;

export interface ParcelDetail extends ParcelFeature {
  disposals: Disposal[];
  disposedMu: number;
  history: HistoryEntry[];
  units: UnitShare[];
  /** Field checks (外业核查), newest first. */
  fieldChecks: FieldCheck[];
}
