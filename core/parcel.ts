import type { MultiPolygon } from 'geojson';
import type { LedgerFields } from './fields/registry.ts';

/** The ledger fields of a parcel (台账), as the API and the demo data carry them: declared in the field registry. */
export type ParcelFields = LedgerFields;

export interface DisposalRecord {
  date: string;
  mu: number;
  method: string;
  note: string | null;
}

/** A parcel as the demo data and imports bring it: fields, the code of its unit, its boundary and disposals. */
export interface ParcelSeed extends ParcelFields {
  unitCode: string;
  geometry: MultiPolygon | null;
  disposals: DisposalRecord[];
}

export { SUPERVISION_NUMBER } from './fields/rules.ts';
